// @ts-check
// How the reports pages write the API's figures and pick their days: numbers in the page's
// locale (id-ID: comma decimals), minutes as "mnt", days as the site's local dates.
import { texts } from "./texts.js";

/** @typedef {{mean: number | null, p50: number | null, p90: number | null, max?: number | null}} Minutes */
/** @typedef {{key: string, name: string, issued: number, called: number, served: number,
 *   no_show: number, cancelled: number, transferred_out: number, wait_minutes: Minutes,
 *   service_minutes: Minutes, within_max_wait_pct: number | null,
 *   priority: {issued: number, served: number, wait_p50: number | null}}} Row */
/** @typedef {{from: string, to: string, by: string, rows: Row[], total: Row}} Summary */

/** A count or a figure; null (no ticket to measure) is a dash.
 *  @param {number | null | undefined} value @param {number} [digits] */
export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return new Intl.NumberFormat(texts.locale, { minimumFractionDigits: digits,
    maximumFractionDigits: digits }).format(value);
}

/** Minutes with one decimal: "4,5". @param {number | null | undefined} value */
export function minutes(value) {
  return num(value, 1);
}

/** "4,5 mnt" @param {number | null | undefined} value */
export function minutesUnit(value) {
  const text = minutes(value);
  return text === "–" ? text : `${text} ${texts.t("unit.min")}`;
}

/** "87,5%" @param {number | null | undefined} value */
export function pct(value) {
  const text = num(value, 1);
  return text === "–" ? text : `${text}%`;
}

/** @param {string} day YYYY-MM-DD @returns {Date} midnight UTC of that date (no zone shifts) */
function asDate(day) {
  return new Date(`${day}T00:00:00Z`);
}

/** @param {Date} date */
function iso(date) {
  return date.toISOString().slice(0, 10);
}

/** @param {string} day @param {number} delta */
export function shiftDay(day, delta) {
  const date = asDate(day);
  date.setUTCDate(date.getUTCDate() + delta);
  return iso(date);
}

/** The first and last day of a month "YYYY-MM". @param {string} month */
export function monthRange(month) {
  const [year, number] = month.split("-").map(Number);
  return { from: `${month}-01`, to: iso(new Date(Date.UTC(year, number, 0))) };
}

/** The first day of the half-year (January or July) holding `day`. @param {string} day */
function semesterStart(day) {
  return `${day.slice(0, 4)}-${Number(day.slice(5, 7)) <= 6 ? "01" : "07"}-01`;
}

/** The days of a preset, counted from the site's today (weeks start on Monday).
 *  @param {string} preset @param {string} today @returns {{from: string, to: string} | null} */
export function presetRange(preset, today) {
  switch (preset) {
    case "today": return { from: today, to: today };
    case "yesterday": { const day = shiftDay(today, -1); return { from: day, to: day }; }
    case "week": return { from: shiftDay(today, -((asDate(today).getUTCDay() + 6) % 7)), to: today };
    case "month": return { from: `${today.slice(0, 7)}-01`, to: today };
    case "lastMonth": return monthRange(shiftDay(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
    case "semester": return { from: semesterStart(today), to: today };
    case "lastSemester": {
      const last = shiftDay(semesterStart(today), -1);
      return { from: semesterStart(last), to: last };
    }
    case "year": return { from: `${today.slice(0, 4)}-01-01`, to: today };
    default: return null;
  }
}

/** "1 Desember 2026" @param {string} day */
export function longDate(day) {
  return new Intl.DateTimeFormat(texts.locale, { day: "numeric", month: "long", year: "numeric",
    timeZone: "UTC" }).format(asDate(day));
}

/** "Sen, 30 Nov" for a row of days. @param {string} day */
export function shortDate(day) {
  return new Intl.DateTimeFormat(texts.locale, { weekday: "short", day: "numeric", month: "short",
    timeZone: "UTC" }).format(asDate(day));
}

/** A row's label: the API's name; a day is written as a local date.
 *  @param {Row} row @param {string} by */
export function rowLabel(row, by) {
  if (by === "day" && /^\d{4}-\d{2}-\d{2}$/.test(row.key)) return shortDate(row.key);
  return row.name || row.key;
}
