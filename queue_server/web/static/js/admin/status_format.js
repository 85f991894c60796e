// @ts-check
// How Status sistem writes sizes, durations and the hall's times.
import { texts } from "./status_texts.js";

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** 1536 → "1,5 KB" (powers of 1024, one decimal from KB up).
 *  @param {number} n */
export function bytes(n) {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  const shown = new Intl.NumberFormat(texts.locale, {
    minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return `${shown} ${UNITS[unit]}`;
}

/** 93784 → "1 hari 2 jam": the two largest units.
 *  @param {number} seconds */
export function duration(seconds) {
  const parts = [["dur.d", 86400], ["dur.h", 3600], ["dur.m", 60], ["dur.s", 1]];
  const shown = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [key, size] of /** @type {[any, number][]} */ (parts)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (shown.length === 0 && size === 1)) shown.push(texts.t(key, { n }));
    if (shown.length === 2) break;
  }
  return shown.join(" ");
}

/** An API time ("2026-03-02T09:00:05+07:00", the hall's own zone) as the hall reads it:
 *  "09:00:05" on the day of `now`, else "2026-03-01 09:00".
 *  @param {string | null} iso @param {string} now */
export function hallTime(iso, now) {
  if (!iso) return "";
  const day = iso.slice(0, 10);
  return day === now.slice(0, 10) ? iso.slice(11, 19) : `${day} ${iso.slice(11, 16)}`;
}

/** Seconds from `iso` to `now`.
 *  @param {string} iso @param {string} now */
export function secondsBetween(iso, now) {
  return (Date.parse(now) - Date.parse(iso)) / 1000;
}
