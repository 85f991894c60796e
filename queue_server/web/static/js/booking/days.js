// @ts-check
// The days a citizen may book a service on and what each holds, from GET
// /api/v1/booking/slots (API.md: no slots on closed days and holidays). A holiday is named
// from the site's own list, so the page can say "Libur: Natal" rather than only "Tutup".
import { api, ApiError } from "../loket.js";

/** @typedef {{start: string, end: string, capacity: number, left: number}} Slot */
/** @typedef {"loading" | "open" | "full" | "closed" | "holiday" | "error"} DayState */
/** @typedef {{day: string, state: DayState, slots: Slot[], free: number, holiday: string}} Day */

/** The local day `n` days after `day` ("2026-12-03"), as a calendar day.
 *  @param {string} day @param {number} n */
export function addDays(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Today and the days after it a service takes bookings for (`ahead` from the service).
 *  @param {string} today @param {number} ahead @returns {string[]} */
export function bookableDays(today, ahead) {
  return Array.from({ length: Math.max(0, ahead) + 1 }, (_, i) => addDays(today, i));
}

/** What a day's slots amount to. @param {Slot[]} slots @returns {DayState} */
export function dayState(slots) {
  if (!slots.length) return "closed";
  return slots.some((s) => s.left > 0) ? "open" : "full";
}

/** One day of a service, asked of the server (a holiday is not asked).
 *  @param {string} serviceId @param {string} day @param {Record<string, string>} holidays
 *  @returns {Promise<Day>} */
export async function loadDay(serviceId, day, holidays) {
  if (holidays[day]) return { day, state: "holiday", slots: [], free: 0, holiday: holidays[day] };
  try {
    const query = `service_id=${encodeURIComponent(serviceId)}&date=${encodeURIComponent(day)}`;
    const { slots } = await api(`/api/v1/booking/slots?${query}`);
    const list = /** @type {Slot[]} */ (slots || []);
    return { day, state: dayState(list), slots: list, free: list.filter((s) => s.left > 0).length, holiday: "" };
  } catch (err) {
    // a day the server refuses (beyond the days ahead, closed) is a day without slots; a
    // network failure is said as such so the citizen can retry
    const refused = err instanceof ApiError && err.status >= 400 && err.status < 500;
    return { day, state: refused ? "closed" : "error", slots: [], free: 0, holiday: "" };
  }
}
