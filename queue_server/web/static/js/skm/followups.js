// @ts-check
// Rencana tindak lanjut on /skm: the follow-up actions of the period shown, the share followed
// up and the mean days to follow up (computed by the server: GET /api/v1/skm/followups), a
// status change per action (PATCH) and a form to plan one (POST). The /skm page mounts it:
//
//   import { mountFollowups } from "/static/js/skm/followups.js";
//   mountFollowups(document.getElementById("skm-followups"), { from, to, agency_id });
// Called again with new filters it reloads in place. The section's own <h2> is kept; its
// "followups-loaded" event carries the API's answer (the printable report reads the same).
import { el } from "../dom.js";
import { api } from "../admin/api.js";
import { isAdmin, messageOf, notice, page } from "../admin/shell.js";
import { onLanguage } from "../admin/texts.js";
import { texts } from "./followups_texts.js";

const STYLE = "/static/css/skm_followups.css";
const CODES = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];
const STATUSES = ["planned", "in_progress", "done"];

/** @typedef {{from: string, to: string, agency_id?: string}} Filters */
/** @typedef {{id: number, period_from: string, period_to: string, agency_id: string | null,
 *   element: string, action: string, owner: string, due_date: string, status: string,
 *   done_date: string | null, overdue: boolean}} Followup */
/** @typedef {{actions: number, done: number, followed_up_pct: number | null,
 *   mean_days_to_follow_up: number | null}} Figures */
/** @typedef {{from: string, to: string, followups: Followup[], figures: Figures}} Plan */

/** @param {any} key @param {Record<string, any>} [values] */
const t = (key, values) => texts.t(key, values);

/** @type {Record<string, string>} element code -> its name in the current language */
let elementNames = {};

async function loadElementNames() {
  try {
    const body = await api.get(`/api/v1/skm/questionnaire?lang=${texts.lang}`);
    elementNames = Object.fromEntries(body.elements.map((/** @type {any} */ e) => [e.code, e.name]));
  } catch {
    elementNames = {};  // the codes alone still say which unsur
  }
}

/** @param {number | null} value @param {number} [digits] */
function num(value, digits = 1) {
  return value === null || value === undefined ? "–"
    : value.toLocaleString(texts.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** @param {string} day YYYY-MM-DD */
function dayName(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(texts.locale, {
    day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

function ensureStyle() {
  if (document.querySelector("link[data-skm-followups]")) return;
  document.head.append(el("link", { rel: "stylesheet", href: STYLE, "data-skm-followups": "1" }));
}

class FollowupSection {
  /** @param {HTMLElement} section */
  constructor(section) {
    this.section = section;
    this.body = el("div", { class: "fu-body", id: "fu-body" });
    section.append(this.body);
    /** @type {Filters | null} */
    this.filters = null;
    /** @type {Plan | null} */
    this.plan = null;
    this.request = 0;
    /** @type {{element: string, action: string, owner: string, due_date: string, agency_id: string}} */
    this.draft = { element: "U1", action: "", owner: "", due_date: "", agency_id: "" };
    onLanguage(() => loadElementNames().then(() => this.render()));
  }

  /** @param {Filters} filters */
  async show(filters) {
    this.filters = { from: filters.from, to: filters.to, agency_id: filters.agency_id || "" };
    await this.reload();
  }

  async reload() {
    if (!this.filters) return;
    const mine = ++this.request;
    const query = new URLSearchParams({ from: this.filters.from, to: this.filters.to });
    if (this.filters.agency_id) query.set("agency_id", this.filters.agency_id);
    try {
      const plan = await api.get(`/api/v1/skm/followups?${query}`);
      if (mine !== this.request) return;
      this.plan = plan;
      this.render();
      this.section.dispatchEvent(new CustomEvent("followups-loaded", { detail: plan }));
    } catch (err) {
      if (mine === this.request) this.body.replaceChildren(el("p", { class: "fu-empty" }, messageOf(err)));
    }
  }

  render() {
    if (!this.plan || !this.filters) return;
    const plan = this.plan;
    const f = plan.figures;
    const figure = (/** @type {string} */ name, /** @type {string} */ value, /** @type {any} */ key) =>
      el("div", { class: "fu-figure", dataset: { figure: name } }, el("strong", {}, value), el("span", {}, t(key)));
    this.body.replaceChildren(
      el("p", { class: "muted small" }, t("fl.period", { from: dayName(plan.from), to: dayName(plan.to) })),
      el("div", { class: "fu-figures" },
        figure("actions", t("fl.figures", { done: f.done, actions: f.actions }), "fl.actions"),
        figure("followed_up_pct", f.followed_up_pct === null ? "–" : `${num(f.followed_up_pct)}%`, "fl.share"),
        figure("mean_days", f.mean_days_to_follow_up === null ? "–" : t("fl.days.n", { n: num(f.mean_days_to_follow_up) }), "fl.days")),
      plan.followups.length ? this.table(plan.followups) : el("p", { class: "fu-empty", id: "fu-none" }, t("fl.none")),
      this.addForm());
  }

  /** @param {Followup[]} list */
  table(list) {
    const head = el("tr", {}, ["fl.element", "fl.action", "fl.owner", "fl.agency", "fl.due", "fl.status", "fl.done"]
      .map((key) => el("th", {}, t(/** @type {any} */ (key)))));
    return el("table", { class: "fu-table", id: "fu-table" }, el("thead", {}, head),
      el("tbody", {}, list.map((a) => el("tr", { class: a.overdue ? "late" : "", dataset: { followup: String(a.id) } },
        el("td", { title: elementNames[a.element] || "" }, el("strong", {}, a.element),
          elementNames[a.element] ? el("div", { class: "muted small" }, elementNames[a.element]) : null),
        el("td", {}, a.action), el("td", {}, a.owner), el("td", {}, this.agencyName(a.agency_id)),
        el("td", {}, dayName(a.due_date), a.overdue ? el("span", { class: "fu-late" }, t("fl.late")) : null),
        el("td", {}, this.statusPicker(a)),
        el("td", {}, a.done_date ? dayName(a.done_date) : "–")))));
  }

  /** @param {string | null} id */
  agencyName(id) {
    if (!id) return t("fl.hall");
    const agency = page.agencies.find((a) => a.id === id);
    return agency ? (texts.lang === "en" ? agency.name_en || agency.name : agency.name) : id;
  }

  /** @param {Followup} a */
  statusPicker(a) {
    const select = el("select", { "aria-label": t("fl.status"), dataset: { status: a.status },
      onchange: () => this.change(a, String(select.value)) },
    STATUSES.map((s) => el("option", { value: s, selected: s === a.status }, t(/** @type {any} */ (`fs.${s}`)))));
    return select;
  }

  /** @param {Followup} a @param {string} status */
  async change(a, status) {
    try {
      await api.patch(`/api/v1/skm/followups/${a.id}`, { status });
      notice(t("fl.changed"), "ok");
    } catch (err) {
      notice(messageOf(err), "error");
    }
    await this.reload();
  }

  addForm() {
    const d = this.draft;
    const fixedAgency = this.filters?.agency_id || "";
    const box = (/** @type {string} */ name, /** @type {any} */ key, /** @type {HTMLElement} */ control) =>
      el("div", { class: "field", dataset: { field: name } }, el("label", { for: control.id }, t(key)), control);
    const element = el("select", { id: "fu-element", onchange: () => { d.element = String(element.value); } },
      CODES.map((c) => el("option", { value: c, selected: c === d.element }, elementNames[c] ? `${c} · ${elementNames[c]}` : c)));
    const action = el("input", { id: "fu-action", type: "text", maxlength: 1000, placeholder: t("fl.actionHint"),
      oninput: () => { d.action = String(action.value); } });
    action.value = d.action;
    const owner = el("input", { id: "fu-owner", type: "text", maxlength: 120, oninput: () => { d.owner = String(owner.value); } });
    owner.value = d.owner;
    const due = el("input", { id: "fu-due", type: "date", oninput: () => { d.due_date = String(due.value); } });
    due.value = d.due_date;
    const choices = [...(isAdmin ? [{ value: "", label: t("fl.hall") }] : []),
      ...page.agencies.map((a) => ({ value: a.id, label: this.agencyName(a.id) }))];
    const agency = el("select", { id: "fu-agency", disabled: Boolean(fixedAgency),
      onchange: () => { d.agency_id = String(agency.value); } },
    choices.map((c) => el("option", { value: c.value, selected: c.value === (fixedAgency || d.agency_id) }, c.label)));
    if (!fixedAgency && !isAdmin && !d.agency_id && choices.length) d.agency_id = choices[0].value;
    const error = el("p", { class: "fu-error", id: "fu-error", role: "alert", hidden: true });
    const form = el("form", { class: "fu-add", id: "fu-add", novalidate: true,
      onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); this.add(form, error); } },
    el("h3", {}, t("fl.add")),
    el("div", { class: "fu-grid" }, box("element", "fl.element", element), box("action", "fl.action", action),
      box("owner", "fl.owner", owner), box("due_date", "fl.due", due), box("agency_id", "fl.agency", agency)),
    error, el("div", { class: "fu-buttons" }, el("button", { type: "submit", class: "primary", id: "fu-save" }, t("fl.save"))));
    return form;
  }

  /** @param {HTMLElement} form @param {HTMLElement} error */
  async add(form, error) {
    if (!this.filters) return;
    const d = this.draft;
    const agency = this.filters.agency_id || d.agency_id || null;
    for (const box of form.querySelectorAll(".field")) box.classList.remove("invalid");
    try {
      await api.post("/api/v1/skm/followups", { period_from: this.filters.from, period_to: this.filters.to,
        agency_id: agency, element: d.element, action: d.action, owner: d.owner, due_date: d.due_date });
      this.draft = { element: d.element, action: "", owner: "", due_date: "", agency_id: d.agency_id };
      notice(t("fl.saved"), "ok");
      await this.reload();
    } catch (err) {
      error.textContent = messageOf(err);
      error.hidden = false;
      const field = /** @type {any} */ (err).field;
      if (field) form.querySelector(`[data-field="${field}"]`)?.classList.add("invalid");
    }
  }
}

/** @type {WeakMap<HTMLElement, FollowupSection>} */
const mounted = new WeakMap();
let namesLoaded = /** @type {Promise<void> | null} */ (null);

/** Mounts the section (once) and shows the actions of `filters`' period.
 *  @param {HTMLElement} section @param {Filters} filters */
export async function mountFollowups(section, filters) {
  ensureStyle();
  namesLoaded = namesLoaded || loadElementNames();
  await namesLoaded;
  let shown = mounted.get(section);
  if (!shown) {
    shown = new FollowupSection(section);
    mounted.set(section, shown);
  }
  section.hidden = false;
  await shown.show(filters);
}
