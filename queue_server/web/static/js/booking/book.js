// @ts-check
// /booking, phone first: agency → service (with its persyaratan) → day → slot → name and
// optional phone → the confirmation (code, QR, calendar file). The choices and what was
// typed are kept in sessionStorage, so a reload or a dropped network loses nothing; a
// retried booking carries the same Idempotency-Key, and a booking whose answer was lost
// before the citizen changed a detail is fetched, not made twice. Everything shown comes
// from the API.
import { $, el } from "../dom.js";
import { ApiError, api, uuid } from "../loket.js";
import { bookingCard, docsBox, serviceName } from "./card.js";
import { bookableDays, loadDay } from "./days.js";
import { refusal } from "./errors.js";
import { bookingTexts, dayLabel } from "./texts.js";

/** @typedef {import("./card.js").Booking} Booking */
/** @typedef {import("./card.js").Service} Service */
/** @typedef {import("./card.js").PageFacts} PageFacts */
/** @typedef {import("./days.js").Day} Day */
/** @typedef {"agency" | "service" | "day" | "slot" | "details" | "done"} Step */

const STORE = "loket.booking";
const STEPS = /** @type {Step[]} */ (["agency", "service", "day", "slot", "details", "done"]);
const NAME_MIN = 2;
const NAME_MAX = 80;
// Indonesian numbers as the server reads them (domain/bookings.py): 08…, +628…, 628…
const PHONE = /^(\+62|62|0)[1-9]\d{6,12}$/;
const PHONE_CHARS = /[\s.\-()]/g;

/** @type {PageFacts} */
const page = JSON.parse($("bk-page").textContent);
const texts = bookingTexts(document.body.dataset.lang);
const t = texts.t.bind(texts);
const flow = $("bk-flow");

const state = {
  /** @type {Step} */ step: "agency",
  agency: "", service: "", day: "", start: "", name: "", phone: "",
  key: uuid(), sending: false, message: "", retry: false,
  /** @type {string[]} bodies sent with `key` whose answer never came: any may have booked */
  unanswered: [],
  earlier: false, // the booking shown was made by such an earlier try
  /** @type {Record<string, string>} */ errors: {},
  /** @type {Booking | null} */ booking: null,
};
/** @type {Service[]} the services that take bookings */
let services = [];
/** @type {Map<string, Day>} day -> what it holds, for the chosen service */
const days = new Map();
let servicesFailed = false;

function save() {
  const { step, agency, service, day, start, name, phone, key, unanswered, booking, earlier } = state;
  sessionStorage.setItem(STORE, JSON.stringify({ step, agency, service, day, start, name, phone, key, unanswered, booking, earlier }));
}

function restore() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(STORE) || "null");
    if (kept && STEPS.includes(kept.step)) Object.assign(state, kept);
  } catch { /* a damaged entry: start afresh */ }
}

/** A service takes bookings when the page's facts list it (booking_pages.py: its slot
 *  length, places and days ahead all set, migration 0011); its days ahead come with it.
 *  @param {Service} s */
function takesBookings(s) {
  return typeof page.bookable[s.id] === "number";
}

/** The last day after today the chosen service may be booked for. */
const daysAhead = () => page.bookable[state.service] || 0;

const chosenService = () => services.find((s) => s.id === state.service);
const agencies = () => {
  /** @type {Map<string, {id: string, name: string, count: number}>} */
  const seen = new Map();
  for (const s of services) {
    const known = seen.get(s.agency.id) || { id: s.agency.id, name: s.agency.name, count: 0 };
    known.count += 1;
    seen.set(s.agency.id, known);
  }
  return [...seen.values()];
};

/** @param {Step} step */
function go(step) {
  state.step = step;
  state.message = "";
  state.retry = false;
  save();
  render();
  window.scrollTo(0, 0);
}

/** The step's heading with its back button. @param {string} title @param {Step | null} back */
function heading(title, back) {
  const n = STEPS.indexOf(state.step) + 1;
  return el("div", { class: "bk-step-head" },
    back ? el("button", { type: "button", class: "bk-back", id: "bk-back", onclick: () => go(back) }, `‹ ${t("back")}`) : null,
    el("div", { class: "bk-step-n" }, t("step", { n })),
    el("h2", { class: "bk-step-title", id: "bk-step-title" }, title));
}

function messageLine() {
  if (!state.message) return null;
  return el("div", { class: "bk-alert", role: "alert", id: "bk-alert" }, el("p", {}, state.message),
    state.retry ? el("button", { type: "button", class: "bk-secondary", id: "bk-retry", onclick: retry }, t("retry")) : null);
}

function agencyStep() {
  const list = agencies();
  if (!list.length) return [heading(t("pickAgency"), null), messageLine(), el("p", { class: "bk-empty" }, t("noServices"))];
  return [heading(t("pickAgency"), null), messageLine(), el("div", { class: "bk-choices" }, list.map((a) => el("button", {
    type: "button", class: "bk-choice", dataset: { agency: a.id },
    onclick: () => { state.agency = a.id; go("service"); },
  }, el("strong", {}, a.name), el("span", {}, t("services", { n: a.count })))))];
}

function serviceStep() {
  const list = services.filter((s) => s.agency.id === state.agency);
  return [heading(t("pickService"), "agency"), el("div", { class: "bk-choices" }, list.map((s) => el("button", {
    type: "button", class: "bk-choice", dataset: { service: s.id },
    onclick: () => { state.service = s.id; state.day = ""; state.start = ""; days.clear(); go("day"); loadDays(); },
  }, el("strong", {}, serviceName(s, texts)),
  (s.requirements || []).length ? el("span", { class: "bk-req" }, (s.requirements || []).join(" · ")) : null)))];
}

/** @param {Day | undefined} day */
function dayNote(day) {
  if (!day || day.state === "loading") return t("loading");
  if (day.state === "holiday") return t("holiday", { name: day.holiday });
  if (day.state === "closed") return t("dayClosed");
  if (day.state === "full") return t("dayFull");
  if (day.state === "error") return t("dayUnknown");
  return t("slotsLeft", { n: day.free });
}

function dayStep() {
  const service = chosenService();
  const list = bookableDays(page.today, daysAhead());
  return [heading(t("pickDay"), "service"), el("p", { class: "bk-chosen" }, serviceName(service, texts)),
    docsBox(service, texts), messageLine(),
    el("div", { class: "bk-days" }, list.map((d) => {
      const day = days.get(d);
      const open = Boolean(day && day.state === "open");
      return el("button", {
        type: "button", class: `bk-day bk-${day ? day.state : "loading"}`, disabled: !open,
        "aria-disabled": open ? "false" : "true", dataset: { day: d },
        onclick: () => { state.day = d; state.start = ""; go("slot"); refreshDay(); },
      }, el("strong", {}, d === page.today ? `${t("today")} · ${dayLabel(d, texts.locale, true)}` : dayLabel(d, texts.locale, true)),
      el("span", {}, dayNote(day)));
    }))];
}

function slotStep() {
  const day = days.get(state.day);
  const slots = day ? day.slots : [];
  return [heading(t("pickSlot"), "day"),
    el("p", { class: "bk-chosen" }, `${serviceName(chosenService(), texts)} · ${dayLabel(state.day, texts.locale)}`),
    messageLine(),
    !day || day.state === "loading" ? el("p", { class: "bk-loading" }, t("loading"))
      : !slots.length ? el("p", { class: "bk-empty" }, t("noSlots"))
        : el("div", { class: "bk-slots" }, slots.map((s) => {
          const full = s.left <= 0;
          return el("button", {
            type: "button", class: `bk-slot${full ? " bk-full" : ""}`, disabled: full,
            "aria-disabled": full ? "true" : "false", dataset: { start: s.start, left: String(s.left) },
            onclick: () => { state.start = s.start; state.errors = {}; go("details"); },
          }, el("strong", {}, `${s.start}–${s.end}`),
          el("span", {}, full ? t("full") : t("left", { left: s.left, capacity: s.capacity })));
        }))];
}

/** @param {string} field @param {string} label @param {Record<string, any>} attrs @param {string} hint */
function field(field, label, attrs, hint) {
  const input = el("input", { id: `bk-${field}`, name: field, ...attrs,
    oninput: () => { /** @type {any} */ (state)[field] = input.value; delete state.errors[field]; save(); } });
  input.value = /** @type {any} */ (state)[field];
  const error = state.errors[field];
  return el("div", { class: `bk-field${error ? " bk-invalid" : ""}`, dataset: { field } },
    el("label", { for: `bk-${field}` }, label), input, el("p", { class: "bk-hint" }, hint),
    error ? el("p", { class: "bk-error", role: "alert", dataset: { errorFor: field } }, error) : null);
}

function slotEnd() {
  const day = days.get(state.day);
  const slot = day && day.slots.find((s) => s.start === state.start);
  return slot ? slot.end : "";
}

function detailsStep() {
  const chosen = t("chosen", { service: serviceName(chosenService(), texts), day: dayLabel(state.day, texts.locale),
    start: state.start, end: slotEnd(), zone: page.zone });
  return [heading(t("yourData"), "slot"), el("p", { class: "bk-chosen", id: "bk-summary" }, chosen),
    el("form", { class: "bk-form", novalidate: true, onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); send(); } },
      field("name", t("name"), { type: "text", autocomplete: "name", maxlength: NAME_MAX, required: true }, t("nameHint")),
      field("phone", t("phone"), { type: "tel", inputmode: "tel", autocomplete: "tel", maxlength: 20 }, t("phoneHint")),
      messageLine(),
      el("button", { type: "submit", class: "bk-primary", id: "bk-send", disabled: state.sending },
        state.sending ? t("booking") : t("book")))];
}

function doneStep() {
  const booking = /** @type {Booking} */ (state.booking);
  return [el("h2", { class: "bk-done", id: "bk-done" }, t("done")),
    state.earlier ? el("p", { class: "bk-note", role: "status", id: "bk-earlier" }, t("madeEarlier")) : null,
    bookingCard(booking, services.find((s) => s.id === booking.service_id), page, texts, { active: true }),
    el("a", { class: "bk-secondary bk-link", id: "bk-manage-link", href: manageLink(booking) }, t("manage")),
    el("button", { type: "button", class: "bk-secondary", id: "bk-again", onclick: again }, t("another"))];
}

/** The manage page in this page's language. @param {Booking} booking */
function manageLink(booking) {
  return texts.lang === "en" ? `${booking.manage_url}${booking.manage_url.includes("?") ? "&" : "?"}lang=en` : booking.manage_url;
}

function render() {
  texts.apply();
  $("bk-lang").textContent = t("toggle");
  const views = { agency: agencyStep, service: serviceStep, day: dayStep, slot: slotStep, details: detailsStep, done: doneStep };
  if (state.step === "done" && !state.booking) state.step = "agency";
  if (servicesFailed && state.step !== "done") {
    state.message = t("network");
    state.retry = true;
    flow.replaceChildren(...[messageLine()]);
    return;
  }
  flow.replaceChildren(...views[state.step]().flat().filter(Boolean));
  flow.dataset.step = state.step;
}

/** Problems the citizen can fix before a round trip; the server checks everything again. */
function checkLocally() {
  /** @type {Record<string, string>} */
  const errors = {};
  if (state.name.trim().length < NAME_MIN) errors.name = t("needName");
  const phone = state.phone.replace(PHONE_CHARS, "");
  if (phone && !PHONE.test(phone)) errors.phone = t("badPhone");
  return errors;
}

async function send() {
  if (state.sending) return;
  state.errors = checkLocally();
  state.message = "";
  if (Object.keys(state.errors).length) { render(); return; }
  state.sending = true;
  render();
  const phone = state.phone.replace(PHONE_CHARS, "");
  const body = JSON.stringify({ service_id: state.service, date: state.day, start: state.start, name: state.name.trim(), phone: phone || null });
  try {
    booked((await postBooking(body)).booking, false);
    return;
  } catch (err) {
    if (err instanceof ApiError && err.code === "idempotency_key_reused") {
      // the key already made a booking: one of the tries whose answer was lost, before
      // a detail was changed. Sent again as it was, it answers with that booking.
      try {
        const made = await earlierBooking();
        if (made) { booked(made, true); return; }
      } catch (again) { err = again; }
    }
    if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) {
      if (!state.unanswered.includes(body)) state.unanswered.push(body);
    } else {
      // a refusal books nothing, and no earlier try under this key did (that would have
      // been idempotency_key_reused); a key whose booking no kept try finds (a page saved
      // before they were kept) cannot be sent again either: the next request is a new one
      Object.assign(state, { key: uuid(), unanswered: [] });
    }
    save();
    const r = refusal(err, texts);
    state.sending = false;
    if (r.field) state.errors[r.field] = r.message;
    else { state.message = r.message; state.retry = r.retry; }
    if (r.back) {
      // back to where another choice can be made, the refusal said there
      state.step = r.back;
      save();
      render();
      if (r.back === "slot") refreshDay();
      else loadDays();
    } else render();
  }
}

/** @param {string} body the request's JSON */
function postBooking(body) {
  return api("/api/v1/bookings", { method: "POST", headers: { "Idempotency-Key": state.key }, body: JSON.parse(body) });
}

/** The booking an unanswered try made, newest try first (null: none of them booked). */
async function earlierBooking() {
  for (const body of [...state.unanswered].reverse()) {
    try {
      return (await postBooking(body)).booking;
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "idempotency_key_reused") throw err;
    }
  }
  return null;
}

/** @param {Booking} booking @param {boolean} earlier made by a try whose answer was lost */
function booked(booking, earlier) {
  // the name and phone leave this phone's storage once the booking is made
  Object.assign(state, { booking, earlier, name: "", phone: "", key: uuid(), unanswered: [], sending: false });
  go("done");
}

function retry() {
  if (servicesFailed) { loadServices(); return; }
  if (state.step === "details") send();
  else if (state.step === "slot") refreshDay();
  else if (state.step === "day") loadDays();
}

function again() {
  Object.assign(state, { booking: null, earlier: false, service: "", day: "", start: "", errors: {} });
  days.clear();
  go(state.agency ? "service" : "agency");
}

/** Every bookable day of the chosen service, asked at once. */
async function loadDays() {
  const service = chosenService();
  if (!service) return;
  const list = bookableDays(page.today, daysAhead());
  await Promise.all(list.map(async (d) => {
    const day = await loadDay(service.id, d, page.holidays);
    if (state.service !== service.id) return;
    days.set(d, day);
    if (state.step === "day") render();
  }));
}

/** The chosen day again (places change while the citizen chooses). */
async function refreshDay() {
  const day = await loadDay(state.service, state.day, page.holidays);
  days.set(state.day, day);
  if (day.state === "error") { state.message = t("network"); state.retry = true; }
  if (["slot", "details"].includes(state.step)) render();
}

async function loadServices() {
  try {
    const answer = await api("/api/v1/services");
    services = /** @type {Service[]} */ (answer.services).filter(takesBookings);
    servicesFailed = false;
    state.message = "";
    state.retry = false;
  } catch {
    servicesFailed = true;
  }
  if (!servicesFailed && state.service && !chosenService() && state.step !== "done") go("agency");
  else render();
  if (!servicesFailed && ["day", "slot", "details"].includes(state.step)) {
    await loadDays();
    render();
  }
}

$("bk-lang").addEventListener("click", () => {
  texts.lang = texts.lang === "id" ? "en" : "id";
  render();
});

restore();
loadServices();
