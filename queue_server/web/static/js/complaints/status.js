// @ts-check
// /complaints/status: a complaint by its code — status, deadline and the answer once given
// (GET /api/v1/complaints/{code}: never staff names or the contact). ?code=… looks it up at once.
import { $, el } from "../dom.js";
import { api, ApiError } from "../loket.js";
import { longDay } from "../complaint_form_texts.js";
import { languageToggle, texts } from "./citizen.js";

/** @typedef {import("../complaint_form.js").PublicComplaint} PublicComplaint */

/** @type {PublicComplaint | null} */
let shown = null;

/** @param {any} key @param {Record<string, any>} [values] */
const t = (key, values) => texts.t(key, values);

/** @param {string} iso an instant: its day in the hall's zone (the server's offset) */
function dayOf(iso) {
  return longDay(iso.slice(0, 10), texts.locale);
}

function render() {
  const box = $("cp-result");
  box.hidden = !shown;
  if (!shown) return;
  const c = shown;
  const category = t(/** @type {any} */ (`cat.${c.category}`));
  box.replaceChildren(...[
    el("div", { class: "cp-code" }, c.code),
    el("p", { class: `cp-status cp-${c.status}`, id: "cp-status" }, t(/** @type {any} */ (`st.${c.status}`))),
    c.overdue ? el("p", { class: "cp-overdue" }, t("st.overdue")) : null,
    el("dl", { class: "cp-facts" },
      el("dt", {}, t("cf.category")), el("dd", {}, category),
      el("dt", {}, t("st.yours")), el("dd", { class: "cp-text" }, c.text)),
    el("p", { class: "cp-muted" }, t("st.filed", { date: dayOf(c.created_at) }), " · ",
      t("st.dueLine", { date: longDay(c.due_date, texts.locale) })),
    c.answer
      ? el("section", { class: "cp-answer", id: "cp-answer" },
        el("h2", {}, t("st.answer")), el("p", {}, c.answer),
        c.answered_at ? el("p", { class: "cp-muted" }, t("st.answeredAt", { date: dayOf(c.answered_at) })) : null)
      : el("p", { class: "cp-muted" }, t("st.noAnswer")),
  ].filter(Boolean));  // replaceChildren would write a null as the text "null"
}

/** @param {string | null} message */
function showError(message) {
  $("cp-error").textContent = message || "";
  $("cp-error").hidden = !message;
}

async function lookUp() {
  const code = String($("cp-code").value || "").trim();
  if (!code) return;
  showError(null);
  try {
    shown = (await api(`/api/v1/complaints/${encodeURIComponent(code)}`)).complaint;
    const query = new URLSearchParams(location.search);
    query.set("code", shown.code);
    history.replaceState(null, "", `${location.pathname}?${query}`);
  } catch (err) {
    shown = null;
    showError(err instanceof ApiError ? err.message : String(err));
  }
  render();
}

$("cp-lookup").addEventListener("submit", (event) => { event.preventDefault(); lookUp(); });
languageToggle(render);
lookUp();
