// @ts-check
// Check-in of a booking at the kiosk (API.md "Bookings"): the on-screen keypad, the USB
// barcode scanner (a keyboard that types the code in one fast burst, heard at any screen)
// and the clear sentence for every refusal. A checked-in booking ends on the ticket screen
// like a walk-in, marked RESERVASI.
import { el } from "/static/js/dom.js";
import { ApiError, api } from "/static/js/loket.js";
import { pairAgainOn401 } from "/static/js/screen.js";
import { armIdle, chooseService, home, showIssued } from "./actions.js";
import { show } from "./screens.js";
import { IDLE_MS, state } from "./state.js";
import { t, texts } from "./texts.js";

/** The booking code's alphabet: no look-alikes (0/O, 1/I/L), as the server makes them. */
export const CODE_CHARS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 6;
// a scanner types a key every few ms; a person needs far more than this between keys. The
// median gap decides, so one hiccup of the kiosk's computer in the middle of a scan (a
// redraw, a garbage collection) does not lose it; a pause this long starts over.
const BURST_GAP_MS = 50;
const BURST_RESET_MS = 1000;
// check-in opens this long before the slot (API.md: earlier is too_early)
const EARLY_MINUTES = 30;

/** @typedef {{code: string, service_id: string, date: string, start: string, end: string,
 *   status: string, ticket_code: string | null}} Booking */
/** @typedef {"too_early" | "booking_expired" | "cancelled" | "unknown" | "other"} Problem */

const entry = { code: "", checking: false };

// ------------------------------------------------------------------ screens

/** The keypad: the code typed so far in six boxes, only the alphabet's characters as keys. */
export function renderCheckin() {
  const boxes = Array.from({ length: CODE_LENGTH }, (_, i) => el("span", {
    class: `slot${i === entry.code.length ? " next" : ""}`,
  }, entry.code[i] || ""));
  const keys = [...CODE_CHARS].map((ch) => el("button", {
    class: "key", type: "button", dataset: { key: ch }, disabled: entry.checking,
    onclick: () => press(ch),
  }, ch));
  keys.push(el("button", {
    class: "key erase", type: "button", dataset: { key: "erase" }, "aria-label": t("erase"),
    disabled: entry.checking, onclick: erase,
  }, "⌫"));
  const full = entry.code.length === CODE_LENGTH;
  show("checkin", el("section", { class: "screen checkin" },
    el("div", { class: "head" },
      el("button", { class: "back", type: "button", onclick: home, disabled: entry.checking }, t("back")),
      el("div", {}, el("h1", {}, t("checkinTitle")), el("p", { class: "lead" }, t("checkinLead")))),
    el("div", { class: "code-entry", id: "booking-code", dataset: { code: entry.code } }, boxes),
    entry.checking ? el("div", { class: "checking", role: "status" }, t("checking")) : null,
    el("div", { class: "keypad" }, keys),
    el("div", { class: "keypad-foot" },
      el("button", { class: "clear", type: "button", onclick: clear, disabled: entry.checking || !entry.code }, t("clearCode")),
      el("button", {
        class: "submit", type: "button", id: "checkin-submit", disabled: entry.checking || !full,
        onclick: () => checkIn(entry.code),
      }, t("checkinButton")))));
  armIdle(IDLE_MS.choose);
}

/** @type {{problem: Problem, message: () => string, booking: Booking | null} | null} */
let shown = null;

/** Why the code was refused, with what the citizen can do next.
 *  @param {Problem} problem @param {() => string} message in the language of the moment
 *  @param {Booking | null} booking */
function renderProblem(problem, message, booking) {
  shown = { problem, message, booking };
  const service = booking ? state.services.find((s) => s.id === booking.service_id && s.open) : undefined;
  // a walk-in ticket makes sense when the booking cannot be used today any more
  const offerWalkIn = problem !== "too_early";
  show("checkinProblem", el("section", { class: "screen checkin-problem" },
    el("div", { class: "card", dataset: { problem } },
      el("h1", {}, t(/** @type {any} */ (`p_${problem}`))),
      el("p", { class: "message", role: "alert", id: "checkin-message" }, message()),
      el("div", { class: "actions" },
        offerWalkIn ? el("button", {
          class: "walkin", type: "button", id: "walk-in",
          onclick: () => (service ? walkIn(service) : home()),
        }, t("walkIn")) : null,
        problem === "unknown" || problem === "other"
          ? el("button", { class: "retry", type: "button", onclick: () => openCheckin() }, t("tryAgain")) : null,
        el("button", { class: "home", type: "button", onclick: home }, t("toStart"))))));
  armIdle(IDLE_MS.ticketProblem);
}

/** The booked service's queue choice, with its agency chosen (so "back" leads to its list).
 *  @param {import("./state.js").Service} service */
function walkIn(service) {
  state.agency = service.agency.id;
  chooseService(service.id);
}

/** The keypad from the first screen's "Sudah reservasi?" button. */
export function openCheckin() {
  entry.code = "";
  entry.checking = false;
  renderCheckin();
}

/** @param {string} ch */
function press(ch) {
  if (entry.checking || entry.code.length >= CODE_LENGTH) return;
  entry.code += ch;
  renderCheckin();
}

function erase() {
  entry.code = entry.code.slice(0, -1);
  renderCheckin();
}

function clear() {
  entry.code = "";
  renderCheckin();
}

// ------------------------------------------------------------------ check-in

/** @param {string} code */
export async function checkIn(code) {
  if (entry.checking || !state.token) return;
  entry.code = code;
  entry.checking = true;
  document.body.dataset.checkin = "busy";
  renderCheckin();
  try {
    const data = await api(`/api/v1/bookings/${encodeURIComponent(code)}/check-in`, {
      method: "POST", token: state.token,
    });
    entry.checking = false;
    entry.code = "";
    showIssued(data.ticket);
    document.body.dataset.checkin = "done";
  } catch (err) {
    entry.checking = false;
    if (pairAgainOn401("kiosk", err)) { // the token is dead: to the pairing code
      document.body.dataset.checkin = "refused";
      return;
    }
    await explain(code, err);
    document.body.dataset.checkin = "refused";
  }
}

/** The refusal in the kiosk's own words; the booking itself (anyone with the code may read
 *  it) says when check-in opens and whether it was cancelled.
 *  @param {string} code @param {unknown} err */
async function explain(code, err) {
  if (!(err instanceof ApiError) || err.code === "network") {
    return renderProblem("other", () => t("checkinFailed"), null);
  }
  if (err.status === 404) return renderProblem("unknown", () => t("unknownCode", { code }), null);
  /** @type {Booking | null} */
  let booking = null;
  try {
    booking = (await api(`/api/v1/bookings/${encodeURIComponent(code)}`)).booking;
  } catch { /* the refusal is still told, without the booking's details */ }
  if (err.code === "too_early") return renderProblem("too_early", () => tooEarlyText(booking), booking);
  if (err.code === "booking_expired" || booking?.status === "missed") {
    return renderProblem("booking_expired",
      () => (booking ? t("expired", { start: booking.start, end: booking.end }) : t("expiredPlain")), booking);
  }
  if (booking?.status === "cancelled" || /cancel/.test(err.code)) {
    return renderProblem("cancelled", () => t("cancelled"), booking);
  }
  // closed today, quota, anything else: the server's own sentence (Indonesian)
  const said = err.message;
  return renderProblem("other", () => said || t("checkinFailed"), booking);
}

/** "Terlalu awal. Silakan check-in mulai pukul 08:30." (with the day when it is not today).
 *  @param {Booking | null} booking */
function tooEarlyText(booking) {
  if (!booking) return t("tooEarlyPlain");
  const [h, m] = booking.start.split(":").map(Number);
  const from = Math.max(0, h * 60 + m - EARLY_MINUTES);
  const time = `${String(Math.floor(from / 60)).padStart(2, "0")}:${String(from % 60).padStart(2, "0")}`;
  if (booking.date === hallToday()) return t("tooEarly", { time });
  const day = new Intl.DateTimeFormat(texts.locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" })
    .format(new Date(`${booking.date}T12:00:00Z`));
  return t("tooEarlyDay", { time, day });
}

/** The hall's day (its zone, not the kiosk computer's), YYYY-MM-DD. */
function hallToday() {
  const zone = document.body.dataset.timezone || undefined;
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(new Date());
}

// ------------------------------------------------------------------ the scanner

/** The code in what a scanner typed: the code itself (perhaps after keys pressed by hand just
 *  before), or a link ending in it or carrying it.
 *  @param {string} typed @returns {string | null} */
export function codeFrom(typed) {
  const valid = (/** @type {string} */ p) => p.length === CODE_LENGTH && [...p].every((ch) => CODE_CHARS.includes(ch));
  const parts = typed.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  const tail = (parts[parts.length - 1] || "").slice(-CODE_LENGTH);
  if (valid(tail)) return tail;
  const whole = parts.filter(valid);
  return whole.length ? whole[whole.length - 1] : null;
}

const burst = { text: "", times: /** @type {number[]} */ ([]) };

/** Whether the keys so far (and the Enter at `now`) came as fast as a scanner types them.
 *  @param {number} now */
function scannerFast(now) {
  const times = [...burst.times, now];
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  return gaps.length > 0 && gaps[Math.floor(gaps.length / 2)] <= BURST_GAP_MS;
}

/** Keys from a keyboard: a fast burst ended by Enter is a scanned code, at any screen; on the
 *  keypad screen slow typing fills the code too (a keyboard at a staff desk).
 *  @param {KeyboardEvent} ev */
function onKey(ev) {
  if (ev.ctrlKey || ev.altKey || ev.metaKey) return;
  // when the key arrived, not when the page got round to it
  const now = ev.timeStamp || performance.now();
  const last = burst.times[burst.times.length - 1];
  if (last === undefined || now - last > BURST_RESET_MS) {
    burst.text = "";
    burst.times = [];
  }
  if (ev.key === "Enter") {
    const scanned = scannerFast(now) ? codeFrom(burst.text) : null;
    burst.text = "";
    burst.times = [];
    if (scanned && state.token && !state.busy && state.screen !== "pair") {
      ev.preventDefault();
      checkIn(scanned);
    } else if (state.screen === "checkin" && entry.code.length === CODE_LENGTH) {
      ev.preventDefault();
      checkIn(entry.code);
    }
    return;
  }
  if (ev.key.length !== 1) return;
  burst.text += ev.key;
  burst.times.push(now);
  if (state.screen === "checkin" && !entry.checking) {
    const ch = ev.key.toUpperCase();
    if (CODE_CHARS.includes(ch)) press(ch);
  }
}

/** Redraw the booking screens in the other language. */
export function redrawBooking() {
  if (state.screen === "checkin") renderCheckin();
  else if (state.screen === "checkinProblem" && shown) renderProblem(shown.problem, shown.message, shown.booking);
}

export function listenForScanner() {
  document.addEventListener("keydown", onKey);
}
