// @ts-check
// The citizen's complaint form (pengaduan) as a module other pages mount: the phone page of a
// ticket, the survey tablet at the counter and /complaints/new.
//
//   import { mountComplaintForm } from "/static/js/complaint_form.js";
//   const form = mountComplaintForm(document.getElementById("complaint"), {
//     ticketToken,          // the ticket's tracking token: links its service and agency (optional)
//     lang: "id",           // "id" | "en"; form.setLang("en") switches later
//     deviceToken,          // a survey tablet's bearer token (optional: its filings are not rate-limited)
//   });
//   element.addEventListener("complaint-filed", (e) => e.detail.complaint);  // {code, due_date, …}
//   form.reset();           // an empty form again (the tablet, for the next citizen)
// It brings its own stylesheet (/static/css/complaint_form.css, classes under .cf-) so the
// host page's CSS is left alone. Without a ticket it offers the agencies of /api/v1/services.
import { api, ApiError } from "./loket.js";
import { el } from "./dom.js";
import { asLang } from "./texts.js";
import { CATEGORY_CODES, complaintTexts, longDay } from "./complaint_form_texts.js";

const STYLE = "/static/css/complaint_form.css";
const TEXT_MIN = 10;
const TEXT_MAX = 2000;

/** @typedef {{code: string, category: string, text: string, status: string, created_at: string,
 *   due_date: string, answer: string | null, answered_at: string | null, overdue: boolean}} PublicComplaint */
/** @typedef {{ticketToken?: string | null, lang?: string, deviceToken?: string | null,
 *   statusUrl?: string}} MountOptions */
/** @typedef {{setLang: (lang: string) => void, reset: () => void}} ComplaintForm */

function ensureStyle() {
  if (document.querySelector(`link[data-complaint-form]`)) return;
  document.head.append(el("link", { rel: "stylesheet", href: STYLE, "data-complaint-form": "1" }));
}

/** The CSRF token of a staff page, for a signed-in browser filing on a citizen's behalf. */
function csrfHeaders() {
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="csrf-token"]'));
  return meta?.content ? { "X-CSRFToken": meta.content } : {};
}

/** @param {HTMLElement} element @param {MountOptions} [options] @returns {ComplaintForm} */
export function mountComplaintForm(element, options = {}) {
  ensureStyle();
  const ticketToken = options.ticketToken || null;
  const statusUrl = options.statusUrl || "/complaints/status";
  let texts = complaintTexts(asLang(options.lang));
  const state = {
    category: "", agency: "", text: "", contact: "", sending: false,
    /** @type {Record<string, string>} field -> message */
    errors: {},
    message: "",
    /** @type {PublicComplaint | null} */
    filed: null,
    /** @type {{id: string, name: string}[]} */
    agencies: [],
  };
  element.classList.add("complaint-form");

  /** @param {any} key @param {Record<string, any>} [values] */
  const t = (key, values) => texts.t(key, values);

  function errorOf(/** @type {string} */ field) {
    const message = state.errors[field];
    return message ? el("p", { class: "cf-error", role: "alert", dataset: { errorFor: field } }, message) : null;
  }

  function categoryPicker() {
    return el("fieldset", { class: `cf-field cf-categories${state.errors.category ? " cf-invalid" : ""}`, dataset: { field: "category" } },
      el("legend", {}, t("cf.category")),
      el("div", { class: "cf-choices" }, CATEGORY_CODES.map((code) => el("button", {
        type: "button", class: `cf-choice${state.category === code ? " cf-on" : ""}`,
        "aria-pressed": state.category === code ? "true" : "false", dataset: { category: code },
        onclick: () => { state.category = code; delete state.errors.category; render(); },
      }, t(/** @type {any} */ (`cat.${code}`))))),
      errorOf("category"));
  }

  function agencyPicker() {
    if (ticketToken || !state.agencies.length) return null;
    const select = el("select", { id: "cf-agency", name: "agency_id",
      onchange: () => { state.agency = select.value; } },
    el("option", { value: "" }, t("cf.anyAgency")),
    state.agencies.map((a) => el("option", { value: a.id, selected: a.id === state.agency }, a.name)));
    return el("div", { class: "cf-field", dataset: { field: "agency_id" } },
      el("label", { for: "cf-agency" }, t("cf.agency")), select, errorOf("agency_id"));
  }

  function textBox() {
    const count = el("span", { class: "cf-count" }, t("cf.count", { n: state.text.trim().length }));
    const area = el("textarea", { id: "cf-text", name: "text", rows: 5, maxlength: TEXT_MAX,
      oninput: () => { state.text = area.value; count.textContent = t("cf.count", { n: state.text.trim().length }); } });
    area.value = state.text;
    return el("div", { class: `cf-field${state.errors.text ? " cf-invalid" : ""}`, dataset: { field: "text" } },
      el("label", { for: "cf-text" }, t("cf.text")), area,
      el("div", { class: "cf-hint" }, el("span", {}, t("cf.textHint")), count), errorOf("text"));
  }

  function contactBox() {
    const input = el("input", { id: "cf-contact", name: "contact", type: "text", inputmode: "email",
      autocomplete: "email", maxlength: 120, oninput: () => { state.contact = input.value; } });
    input.value = state.contact;
    return el("div", { class: `cf-field${state.errors.contact ? " cf-invalid" : ""}`, dataset: { field: "contact" } },
      el("label", { for: "cf-contact" }, t("cf.contact")), input,
      el("p", { class: "cf-hint" }, t("cf.contactHint")), errorOf("contact"));
  }

  function laporNote() {
    return el("p", { class: "cf-lapor" }, t("cf.lapor"));
  }

  function formView() {
    return el("form", { class: "cf-form", novalidate: true, onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); send(); } },
      el("h2", { class: "cf-title" }, t("cf.title")),
      el("p", { class: "cf-lead" }, t("cf.lead")),
      categoryPicker(), agencyPicker(), textBox(), contactBox(),
      state.message ? el("p", { class: "cf-error cf-general", role: "alert" }, state.message) : null,
      el("button", { type: "submit", class: "cf-send", id: "cf-send", disabled: state.sending },
        state.sending ? t("cf.sending") : t("cf.send")),
      laporNote());
  }

  function receiptView(/** @type {PublicComplaint} */ filed) {
    const link = `${statusUrl}?code=${encodeURIComponent(filed.code)}${texts.lang === "en" ? "&lang=en" : ""}`;
    return el("div", { class: "cf-receipt", role: "status" },
      el("h2", { class: "cf-title" }, t("cf.sent")),
      el("div", { class: "cf-code-label" }, t("cf.codeLabel")),
      el("div", { class: "cf-code", id: "cf-code" }, filed.code),
      el("p", {}, t("cf.keepCode")),
      el("p", { class: "cf-due", id: "cf-due" }, t("cf.due", { date: longDay(filed.due_date, texts.locale) })),
      el("a", { class: "cf-link", href: link, id: "cf-status-link" }, t("cf.seeStatus")),
      el("button", { type: "button", class: "cf-again", onclick: reset }, t("cf.another")),
      laporNote());
  }

  function render() {
    element.replaceChildren(state.filed ? receiptView(state.filed) : formView());
  }

  /** Problems the citizen can fix before a round trip; the server checks everything again. */
  function checkLocally() {
    /** @type {Record<string, string>} */
    const errors = {};
    if (!state.category) errors.category = t("cf.pickCategory");
    if (state.text.trim().length < TEXT_MIN) errors.text = t("cf.shortText");
    return errors;
  }

  async function send() {
    if (state.sending) return;
    state.errors = checkLocally();
    state.message = "";
    if (Object.keys(state.errors).length) { render(); return; }
    state.sending = true;
    render();
    try {
      const body = { category: state.category, text: state.text, contact: state.contact.trim() || null,
        ticket_token: ticketToken, agency_id: ticketToken ? null : (state.agency || null) };
      const answer = await api("/api/v1/complaints", { method: "POST", body,
        token: options.deviceToken || null, headers: csrfHeaders() });
      state.filed = answer.complaint;
      element.dispatchEvent(new CustomEvent("complaint-filed", { bubbles: true, detail: { complaint: answer.complaint } }));
    } catch (err) {
      if (err instanceof ApiError && err.field && err.status === 400) state.errors[err.field] = err.message;
      else state.message = err instanceof ApiError && err.status ? err.message : t("cf.failed");
    } finally {
      state.sending = false;
      render();
    }
  }

  function reset() {
    Object.assign(state, { category: "", agency: "", text: "", contact: "", errors: {}, message: "", filed: null });
    render();
  }

  async function loadAgencies() {
    if (ticketToken) return;
    try {
      const { services } = await api("/api/v1/services");
      /** @type {Map<string, string>} */
      const seen = new Map();
      for (const s of services) if (s.agency && !seen.has(s.agency.id)) seen.set(s.agency.id, s.agency.name);
      state.agencies = [...seen].map(([id, name]) => ({ id, name }));
      if (!state.filed) render();
    } catch {
      // the agency is optional: without the list the form still files a general complaint
    }
  }

  render();
  loadAgencies();
  return {
    setLang(lang) { texts = complaintTexts(asLang(lang)); render(); },
    reset,
  };
}
