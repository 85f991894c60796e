// @ts-check
// /booking/manage/<code> or /booking/manage#<code>: one booking by its code, its status,
// cancel with a confirmation, and the ticket's number once checked in at the kiosk. The
// page reads it again when the phone comes back to it (checked in meanwhile, say).
import { $, el } from "../dom.js";
import { api } from "../loket.js";
import { bookingCard } from "./card.js";
import { refusal } from "./errors.js";
import { bookingTexts } from "./texts.js";

/** @typedef {import("./card.js").Booking} Booking */
/** @typedef {import("./card.js").Service} Service */

const CODE = /^[2-9A-HJKMNP-Z]{6}$/;
const page = JSON.parse($("bk-page").textContent);
const texts = bookingTexts(document.body.dataset.lang);
const t = texts.t.bind(texts);
const root = $("bk-manage");

const state = {
  code: root.dataset.code || codeFromFragment(),
  /** @type {Booking | null} */ booking: null,
  /** @type {Service[]} */ services: [],
  message: "", retry: false, cancelling: false, loading: false,
  typed: "", // what the citizen typed into the code box, kept when it is refused
};

function codeFromFragment() {
  const code = decodeURIComponent(location.hash.slice(1)).trim().toUpperCase();
  return CODE.test(code) ? code : "";
}

function messageLine() {
  if (!state.message) return null;
  return el("div", { class: "bk-alert", role: "alert", id: "bk-alert" }, el("p", {}, state.message),
    state.retry ? el("button", { type: "button", class: "bk-secondary", id: "bk-retry", onclick: load }, t("retry")) : null);
}

function codeForm() {
  const input = el("input", { id: "bk-code-input", name: "code", type: "text", autocomplete: "off",
    // room for the spaces or dash a citizen may type ("K7M Q2X"); they are dropped
    autocapitalize: "characters", maxlength: 9, spellcheck: "false", value: state.typed || state.code });
  return el("form", { class: "bk-form bk-card", novalidate: true, onsubmit: (/** @type {Event} */ e) => {
    e.preventDefault();
    state.typed = String(input.value || "");
    const code = state.typed.replace(/[\s-]/g, "").toUpperCase();
    if (!CODE.test(code)) { state.message = t("badCode"); state.retry = false; render(); return; }
    state.code = code;
    // the code goes in the fragment: it never reaches a server log or a Referer
    history.replaceState(null, "", `/booking/manage${location.search}#${code}`);
    load();
  } },
  el("div", { class: "bk-field" }, el("label", { for: "bk-code-input" }, t("enterCode")), input),
  messageLine(),
  el("button", { type: "submit", class: "bk-primary", id: "bk-show" }, t("show")));
}

/** @param {Booking} booking */
function statusView(booking) {
  const status = booking.status;
  const badge = el("div", { class: `bk-status bk-st-${status}`, id: "bk-status" },
    texts.has(`st_${status}`) ? t(/** @type {any} */ (`st_${status}`)) : status);
  const service = state.services.find((s) => s.id === booking.service_id);
  const parts = [badge];
  if (status === "checked_in" && booking.ticket_code) {
    parts.push(el("section", { class: "bk-card bk-ticket-number", id: "bk-ticket" },
      el("div", { class: "bk-code-label" }, t("ticketLabel")),
      el("div", { class: "bk-code", id: "bk-ticket-code" }, booking.ticket_code),
      el("p", {}, t("ticketNote"))));
  }
  parts.push(bookingCard(booking, service, page, texts, { active: status === "booked" }));
  if (status === "cancelled") parts.push(el("p", { class: "bk-note", id: "bk-note" }, t("cancelledNote")));
  if (status === "missed") parts.push(el("p", { class: "bk-note", id: "bk-note" }, t("missedNote")));
  parts.push(messageLine());
  if (status === "booked") {
    parts.push(el("button", { type: "button", class: "bk-danger", id: "bk-cancel", disabled: state.cancelling,
      onclick: askCancel }, state.cancelling ? t("cancelling") : t("cancel")));
  }
  return parts;
}

function render() {
  texts.apply();
  $("bk-lang").textContent = t("toggle");
  if (state.loading && !state.booking) root.replaceChildren(el("p", { class: "bk-loading" }, t("loading")));
  else if (!state.booking) root.replaceChildren(codeForm());
  else root.replaceChildren(...statusView(state.booking).filter(Boolean));
  root.dataset.status = state.booking ? state.booking.status : "";
}

function askCancel() {
  const dialog = /** @type {HTMLDialogElement} */ ($("bk-confirm"));
  dialog.returnValue = "";
  dialog.showModal();
}

async function cancel() {
  if (state.cancelling || !state.booking) return;
  state.cancelling = true;
  state.message = "";
  render();
  try {
    const answer = await api(`/api/v1/bookings/${encodeURIComponent(state.booking.code)}/cancel`, { method: "POST", body: {} });
    state.booking = answer.booking;
  } catch (err) {
    const r = refusal(err, texts);
    // refused (checked in or expired meanwhile): the booking as it is now says why
    state.message = r.retry ? r.message : t("cannotCancel");
    state.retry = false;
    if (!r.retry) await load();
  } finally {
    state.cancelling = false;
    render();
  }
}

async function load() {
  if (!state.code) { render(); return; }
  state.loading = true;
  render();
  try {
    const [answer, catalogue] = await Promise.all([
      api(`/api/v1/bookings/${encodeURIComponent(state.code)}`),
      state.services.length ? Promise.resolve({ services: state.services }) : api("/api/v1/services"),
    ]);
    state.booking = answer.booking;
    state.services = catalogue.services;
    if (state.message === t("network")) state.message = "";
    state.retry = false;
  } catch (err) {
    const r = refusal(err, texts);
    state.message = r.message;
    state.retry = r.retry;
    if (!r.retry) state.booking = null;
  } finally {
    state.loading = false;
    render();
  }
}

$("bk-confirm").addEventListener("close", () => {
  if (/** @type {HTMLDialogElement} */ ($("bk-confirm")).returnValue === "yes") cancel();
});
$("bk-lang").addEventListener("click", () => {
  texts.lang = texts.lang === "id" ? "en" : "id";
  render();
});
document.addEventListener("visibilitychange", () => { if (!document.hidden && state.booking) load(); });
window.addEventListener("hashchange", () => {
  const code = codeFromFragment();
  if (code && code !== state.code) { state.code = code; state.booking = null; load(); }
});

load();
