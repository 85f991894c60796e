// @ts-check
// Pengaduan (/complaints, staff): the complaints of this person's scope (GET /api/v1/complaints
// scopes again: admins all, a supervisor their agencies' and those of no agency), filtered by
// status and agency, overdue ones marked; "Tangani" takes one up, the answer form answers it
// (PATCH /api/v1/complaints/{id}). The contact is shown here only, to the staff in scope.
import { $, el } from "../dom.js";
import { api } from "../admin/api.js";
import { onLanguage } from "../admin/texts.js";
import { messageOf, notice, page, start } from "../admin/shell.js";
import { texts } from "./texts.js";

/** @typedef {{id: number, code: string, category: string, text: string, contact: string | null,
 *   status: "new" | "in_progress" | "answered", created_at: string, due_date: string,
 *   answer: string | null, answered_at: string | null, answered_by: string | null,
 *   agency_id: string | null, service_id: string | null, ticket_code: string | null,
 *   channel: string, overdue: boolean}} Complaint */

/** @type {Complaint[]} */
let complaints = [];
/** @type {Map<string, string>} service id -> name */
const serviceNames = new Map();
/** @type {Map<number, string>} answers being written, kept across redraws */
const drafts = new Map();

/** @param {any} key @param {Record<string, any>} [values] */
const t = (key, values) => texts.t(key, values);
/** @param {string} key */
const label = (key) => (texts.has(key) ? texts.t(key) : key);

/** @param {string} iso */
function when(iso) {
  return new Date(iso).toLocaleString(texts.locale, { day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit" });
}

/** @param {string} day YYYY-MM-DD */
function dayName(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(texts.locale, {
    weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

function agencyName(/** @type {string | null} */ id) {
  if (!id) return t("cl.noAgency");
  const agency = page.agencies.find((a) => a.id === id);
  return agency ? (texts.lang === "en" ? agency.name_en || agency.name : agency.name) : id;
}

function filters() {
  const query = new URLSearchParams();
  const status = String($("cl-status").value || "");
  const agency = String($("cl-agency").value || "");
  if (status) query.set("status", status);
  if (agency) query.set("agency_id", agency);
  return query;
}

async function load() {
  const query = filters();
  history.replaceState(null, "", `${location.pathname}${query.size ? `?${query}` : ""}`);
  complaints = (await api.get(`/api/v1/complaints?${query}`)).complaints;
  render();
}

function renderCounts() {
  const count = (/** @type {string} */ key, /** @type {number} */ n, extra = "") =>
    el("div", { class: `cl-count ${extra}`, dataset: { count: key } }, el("strong", {}, String(n)), t(/** @type {any} */ (key)));
  $("cl-counts").replaceChildren(
    count("cl.nNew", complaints.filter((c) => c.status === "new").length),
    count("cl.nProgress", complaints.filter((c) => c.status === "in_progress").length),
    count("cl.nAnswered", complaints.filter((c) => c.status === "answered").length),
    count("cl.nLate", complaints.filter((c) => c.overdue).length, "bad"));
}

function render() {
  renderCounts();
  const onlyLate = Boolean(/** @type {HTMLInputElement} */ ($("cl-overdue")).checked);
  const shown = complaints.filter((c) => !onlyLate || c.overdue);
  $("cl-count").textContent = t("cl.count", { n: shown.length });
  $("cl-empty").hidden = shown.length > 0;
  $("cl-list").replaceChildren(...shown.map(item));
}

/** @param {Complaint} c */
function item(c) {
  const about = [agencyName(c.agency_id), c.service_id ? serviceNames.get(c.service_id) || c.service_id : null,
    c.ticket_code ? t("cl.ticket", { code: c.ticket_code }) : null, label(`ch.${c.channel}`)].filter(Boolean).join(" · ");
  return el("li", { class: `cl-item${c.overdue ? " overdue" : ""}`, dataset: { complaint: String(c.id), code: c.code } },
    el("div", { class: "cl-top" },
      el("span", { class: "cl-code" }, c.code),
      el("span", { class: `cl-status ${c.status}` }, label(`cs.${c.status}`)),
      c.overdue ? el("span", { class: "cl-late" }, t("cl.late")) : null,
      el("strong", {}, label(`cat.${c.category}`))),
    el("div", { class: "cl-meta" }, t("cl.filed", { time: when(c.created_at) }), " · ",
      t("cl.due", { date: dayName(c.due_date) }), " · ", about),
    el("p", { class: "cl-text" }, c.text),
    el("div", { class: "cl-contact" }, c.contact ? t("cl.contact", { contact: c.contact }) : el("span", { class: "muted" }, t("cl.noContact"))),
    c.status === "answered" ? answered(c) : replyForm(c));
}

/** @param {Complaint} c */
function answered(c) {
  return el("div", { class: "cl-answer" }, el("p", {}, c.answer || ""),
    el("div", { class: "muted small" }, t("cl.answeredBy", { who: c.answered_by || "", time: c.answered_at ? when(c.answered_at) : "" })));
}

/** @param {Complaint} c */
function replyForm(c) {
  const id = `cl-answer-${c.id}`;
  const error = el("p", { class: "field-error", role: "alert", hidden: true });
  const area = el("textarea", { id, name: "answer", maxlength: 2000,
    oninput: () => { drafts.set(c.id, String(area.value)); error.hidden = true; } });
  area.value = drafts.get(c.id) || "";
  const form = el("form", { class: "cl-reply field", dataset: { field: "answer" },
    onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); answer(c, String(area.value), error); } },
  el("label", { for: id }, t("cl.answerLabel")), area, error,
  el("div", { class: "row" },
    el("button", { type: "submit", class: "primary", dataset: { action: "answer" } }, t("cl.send")),
    c.status === "new"
      ? el("button", { type: "button", class: "secondary", dataset: { action: "take" }, onclick: () => take(c) }, t("cl.take"))
      : null));
  return form;
}

/** @param {Complaint} changed */
function replace(changed) {
  complaints = complaints.map((c) => (c.id === changed.id ? changed : c));
  const wanted = String($("cl-status").value || "");
  if (wanted && changed.status !== wanted) complaints = complaints.filter((c) => c.id !== changed.id);
  render();
}

/** @param {Complaint} c */
async function take(c) {
  try {
    replace((await api.patch(`/api/v1/complaints/${c.id}`, { status: "in_progress" })).complaint);
    notice(t("cl.taken", { code: c.code }), "ok");
  } catch (err) {
    notice(messageOf(err), "error");
  }
}

/** @param {Complaint} c @param {string} text @param {HTMLElement} error */
async function answer(c, text, error) {
  try {
    const done = (await api.patch(`/api/v1/complaints/${c.id}`, { status: "answered", answer: text })).complaint;
    drafts.delete(c.id);
    replace(done);
    notice(t("cl.answered", { code: c.code }), "ok");
  } catch (err) {
    error.textContent = messageOf(err);
    error.hidden = false;
  }
}

function fillAgencies() {
  const select = $("cl-agency");
  const chosen = String(select.value || new URLSearchParams(location.search).get("agency_id") || "");
  select.replaceChildren(el("option", { value: "" }, t("cl.allAgencies")),
    ...page.agencies.map((a) => el("option", { value: a.id, selected: a.id === chosen }, agencyName(a.id))));
}

async function loadServiceNames() {
  try {
    for (const s of (await api.get("/api/v1/services")).services) serviceNames.set(s.id, s.name);
  } catch {
    // names are a courtesy: the list still shows the service's id
  }
}

$("cl-status").addEventListener("change", () => start(load));
$("cl-agency").addEventListener("change", () => start(load));
$("cl-overdue").addEventListener("change", render);
$("cl-filters").addEventListener("submit", (event) => event.preventDefault());
onLanguage(() => { fillAgencies(); render(); });

start(async () => {
  const query = new URLSearchParams(location.search);
  $("cl-status").value = query.get("status") || "";
  fillAgencies();
  await loadServiceNames();
  await load();
});
