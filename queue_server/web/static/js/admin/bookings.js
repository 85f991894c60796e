// @ts-check
// Reservasi: the chosen local day's bookings (all services with bookings, or one), in slot
// order, with the booked person's name and phone (staff only), the status and the check-in
// time; a booking still "booked" after its check-in window can be marked missed. The filters
// live in the address (?date&service_id) so a reload shows the same list.
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { confirmAction } from "./dialog.js";
import { localName, loadServices } from "./lookups.js";
import { messageOf, notice, start } from "./shell.js";
import { onLanguage } from "./texts.js";
import { texts } from "./bookings_texts.js";

/** @typedef {{code: string, service_id: string, date: string, start: string, end: string,
 *   status: "booked" | "checked_in" | "cancelled" | "missed", ticket_code: string | null,
 *   name?: string | null, phone?: string | null, checked_in_at?: string | null}} Booking */
/** @typedef {import("./lookups.js").ServiceConfig & {slot_minutes?: number | null}} Service */

const { today, zone, timezone } = JSON.parse($("bookings-data").textContent || "{}");
// a booking may be checked in until this long after its slot ends (API.md: booking_expired)
const LATE_MINUTES = 15;
const state = {
  /** @type {Booking[]} */ bookings: [],
  /** @type {Map<string, Service>} */ services: new Map(),
  filters: { date: today, service_id: "" },
};

const t = texts.t.bind(texts);
const serviceSelect = () => /** @type {HTMLSelectElement} */ (document.getElementById("bookings-service"));

function filtersFromAddress() {
  const query = new URLSearchParams(location.search);
  const date = query.get("date") || "";
  return { date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today, service_id: query.get("service_id") || "" };
}

/** The hall's "now" as "YYYY-MM-DDTHH:MM" (its zone, whatever the browser's). */
function hallNow() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone || undefined, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** When the booking's check-in window closes, as "YYYY-MM-DDTHH:MM" of the hall.
 *  @param {Booking} b */
function windowEnd(b) {
  const [h, m] = b.end.split(":").map(Number);
  const at = new Date(Date.UTC(Number(b.date.slice(0, 4)), Number(b.date.slice(5, 7)) - 1,
    Number(b.date.slice(8, 10)), h, m + LATE_MINUTES));
  return at.toISOString().slice(0, 16);
}

/** "2026-03-09T08:15:02+07:00" → "08:15" (the API writes the hall's local time).
 *  @param {string | null | undefined} iso */
function clock(iso) {
  const match = iso ? /T(\d{2}:\d{2})/.exec(iso) : null;
  return match ? match[1] : "—";
}

function fillServices() {
  const select = serviceSelect();
  const bookable = [...state.services.values()]
    .filter((s) => s.slot_minutes || s.id === state.filters.service_id);
  select.replaceChildren(el("option", { value: "" }, t("bk.allServices")),
    ...bookable.map((s) => el("option", { value: s.id }, `${s.prefix} — ${localName(s)}`)));
  select.value = state.filters.service_id;
}

async function load() {
  const query = new URLSearchParams({ date: state.filters.date });
  if (state.filters.service_id) query.set("service_id", state.filters.service_id);
  $("bookings-error").hidden = true;
  try {
    const data = await api.get(`/api/v1/bookings?${query}`);
    state.bookings = [...data.bookings].sort((a, b) => a.start.localeCompare(b.start)
      || a.service_id.localeCompare(b.service_id) || a.code.localeCompare(b.code));
  } catch (err) {
    state.bookings = [];
    $("bookings-error").textContent = messageOf(err);
    $("bookings-error").hidden = false;
  }
  render();
}

/** @param {Booking} b */
async function markMissed(b) {
  const yes = await confirmAction({
    title: t("bk.missedTitle", { code: b.code }),
    body: t("bk.missedBody", { start: b.start, end: b.end }), confirm: t("bk.markMissed"), danger: true,
  });
  if (!yes) return;
  try {
    await api.post(`/api/v1/bookings/${encodeURIComponent(b.code)}/missed`, {});
    notice(t("bk.missedDone", { code: b.code }), "ok");
  } catch (err) {
    notice(messageOf(err), "error");
  }
  await load();
}

/** @param {Booking} b @param {string} now */
function actionCell(b, now) {
  if (b.status !== "booked") return el("td", {});
  const end = windowEnd(b);
  if (end > now) return el("td", { class: "muted" }, t("bk.waitWindow", { time: end.slice(11) }));
  return el("td", {}, el("button", {
    type: "button", class: "secondary small", dataset: { missed: b.code }, onclick: () => markMissed(b),
  }, t("bk.markMissed")));
}

function render() {
  const now = hallNow();
  $("bookings-col-checkin").textContent = t("bk.colCheckin", { zone });
  const rows = state.bookings.map((b) => {
    const service = state.services.get(b.service_id);
    return el("tr", { dataset: { code: b.code, status: b.status } },
      el("td", { class: "slot" }, `${b.start}–${b.end}`),
      el("td", { class: "code" }, b.code),
      el("td", {}, service ? `${service.prefix} — ${localName(service)}` : b.service_id),
      el("td", {}, b.name || t("bk.erased")),
      el("td", {}, b.phone || "—"),
      el("td", {}, el("span", { class: `badge st-${b.status}` }, t(/** @type {any} */ (`bk.st.${b.status}`)))),
      el("td", {}, clock(b.checked_in_at)),
      el("td", {}, b.ticket_code || "—"),
      actionCell(b, now));
  });
  $("bookings").querySelector("tbody")?.replaceChildren(...rows);
  const empty = $("bookings-empty");
  empty.textContent = t("bk.none");
  empty.hidden = rows.length > 0;
  /** @type {Record<string, number>} */
  const counts = { booked: 0, checked_in: 0, missed: 0, cancelled: 0 };
  for (const b of state.bookings) counts[b.status] = (counts[b.status] || 0) + 1;
  $("bookings-counts").textContent = t("bk.counts", { total: state.bookings.length, ...counts });
}

/** @param {{date: string, service_id: string}} filters */
function apply(filters) {
  state.filters = filters;
  const query = new URLSearchParams({ date: filters.date });
  if (filters.service_id) query.set("service_id", filters.service_id);
  history.replaceState(null, "", `?${query}`);
  return load();
}

start(async () => {
  state.filters = filtersFromAddress();
  const services = /** @type {Service[]} */ (await loadServices());
  state.services = new Map(services.map((s) => [s.id, s]));
  /** @type {HTMLInputElement} */ ($("bookings-date")).value = state.filters.date;
  fillServices();
  $("bookings-filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const date = /** @type {HTMLInputElement} */ ($("bookings-date")).value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      $("bookings-error").textContent = t("bk.badDate");
      $("bookings-error").hidden = false;
      return;
    }
    apply({ date, service_id: serviceSelect().value });
  });
  $("bookings-today").addEventListener("click", () => {
    /** @type {HTMLInputElement} */ ($("bookings-date")).value = today;
    apply({ date: today, service_id: serviceSelect().value });
  });
  onLanguage(() => { fillServices(); render(); });
  await apply(state.filters);
  // the action column follows the clock: a window that closes while the page is open
  setInterval(render, 60000);
});
