// @ts-check
// The holidays of the Jadwal page: the list (sorted by date, each removable), the add form
// (date + name) and the "Tempel daftar" box, whose lines the server parses first so the
// admin sees every problem with its line number before anything is saved. Each change is
// saved at once through `save(holidays)` (the page's PUT of the whole schedule).
import { $, el } from "../dom.js";
import { api, ApiError } from "./api.js";
import { notice, messageOf } from "./shell.js";
import { currentLang, onLanguage } from "./texts.js";
import { texts } from "./hall_texts.js";

/** @typedef {{date: string, name: string}} Holiday */
/** @typedef {{line: number, message: string}} Problem */

/** "2026-12-24" → "Kamis, 24 Des 2026" in the page's language (the date is a local day:
 *  formatted in UTC so no zone can shift it).
 *  @param {string} day @param {Intl.DateTimeFormatOptions} [options] */
export function formatDay(day, options = { weekday: "long", day: "numeric", month: "short", year: "numeric" }) {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(currentLang() === "en" ? "en-GB" : "id-ID", { ...options, timeZone: "UTC" }).format(date);
}

/** @param {Holiday[]} list */
function sorted(list) {
  return [...list].sort((a, b) => a.date.localeCompare(b.date));
}

export class Holidays {
  /** @param {(holidays: Holiday[]) => Promise<Holiday[]>} save */
  constructor(save) {
    this.save = save;
    /** @type {Holiday[]} */
    this.list = [];
    /** @type {Holiday[]} the parsed paste, ready to save (none while a line has a problem) */
    this.pasted = [];
    $("holiday-add").addEventListener("submit", (event) => { event.preventDefault(); this.add(); });
    $("parse").addEventListener("click", () => this.parse());
    $("apply-paste").addEventListener("click", () => this.applyPaste());
    $("paste").addEventListener("input", () => this.clearPreview());
    onLanguage(() => { this.render(); this.clearPreview(); });
  }

  /** @param {Holiday[]} list */
  set(list) {
    this.list = sorted(list);
    this.render();
  }

  render() {
    const body = $("holidays").querySelector("tbody");
    body.replaceChildren(...this.list.map((h) => el("tr", { dataset: { date: h.date } },
      el("td", { class: "nowrap" }, el("code", {}, h.date)),
      el("td", { class: "nowrap" }, formatDay(h.date, { weekday: "long" })),
      el("td", { class: "grow" }, h.name),
      el("td", { class: "actions" }, el("button", {
        type: "button", class: "row-action danger", "aria-label": `${texts.t("sch.remove")} ${h.date}`,
        onclick: (/** @type {Event} */ e) => this.remove(h, /** @type {HTMLButtonElement} */ (e.currentTarget)),
      }, texts.t("sch.remove"))))));
    $("holidays-empty").hidden = this.list.length > 0;
    $("holiday-count").textContent = texts.t("sch.holidaysCount", { n: this.list.length });
  }

  /** @param {string | null} message @param {string | null} [field] */
  fieldError(message, field = null) {
    for (const box of $("holiday-add").querySelectorAll(".field")) box.classList.remove("invalid");
    const slot = $("holiday-error");
    slot.textContent = message || "";
    slot.hidden = !message;
    if (message && field) {
      const box = $("holiday-add").querySelector(`[data-field="${field}"]`);
      box?.classList.add("invalid");
      /** @type {HTMLInputElement | null} */ (box?.querySelector("input") ?? null)?.focus();
    }
  }

  /** @param {Holiday[]} next @returns {Promise<boolean>} */
  async store(next) {
    try {
      this.set(await this.save(sorted(next)));
      return true;
    } catch (err) {
      // a refusal of one holiday ("holidays.3.name") belongs to this card
      this.fieldError(messageOf(err), err instanceof ApiError && /name/.test(err.field || "") ? "name" : "date");
      return false;
    }
  }

  async add() {
    const date = String($("holiday-date").value || "").trim();
    const name = String($("holiday-name").value || "").trim();
    if (!date) return this.fieldError(texts.t("sch.needDate"), "date");
    if (!name) return this.fieldError(texts.t("sch.needName"), "name");
    const existing = this.list.find((h) => h.date === date);
    if (existing) return this.fieldError(texts.t("sch.duplicate", { date, name: existing.name }), "date");
    this.fieldError(null);
    const button = $("holiday-add-button");
    button.disabled = true;
    try {
      if (await this.store([...this.list, { date, name }])) {
        $("holiday-date").value = "";
        $("holiday-name").value = "";
        notice(texts.t("sch.added", { name, date: formatDay(date) }), "ok");
      }
    } finally {
      button.disabled = false;
    }
  }

  /** @param {Holiday} holiday @param {HTMLButtonElement} button */
  async remove(holiday, button) {
    button.disabled = true;
    if (await this.store(this.list.filter((h) => h.date !== holiday.date))) {
      notice(texts.t("sch.removed", { name: holiday.name, date: formatDay(holiday.date) }), "ok");
    } else {
      button.disabled = false;
    }
  }

  clearPreview() {
    this.pasted = [];
    $("paste-preview").replaceChildren();
    $("apply-paste").hidden = true;
  }

  async parse() {
    const text = String($("paste").value || "");
    this.clearPreview();
    const preview = $("paste-preview");
    if (!text.trim()) {
      preview.append(el("p", { class: "field-error" }, texts.t("sch.pasteEmpty")));
      return;
    }
    $("parse").disabled = true;
    try {
      /** @type {{holidays: Holiday[], problems: Problem[]}} */
      const answer = await api.post("/api/v1/admin/schedule/holidays/parse", { text });
      this.showPreview(answer.holidays, answer.problems);
    } catch (err) {
      preview.append(el("p", { class: "field-error" }, messageOf(err)));
    } finally {
      $("parse").disabled = false;
    }
  }

  /** @param {Holiday[]} holidays @param {Problem[]} problems */
  showPreview(holidays, problems) {
    const known = new Map(this.list.map((h) => [h.date, h.name]));
    const renamed = holidays.filter((h) => known.has(h.date) && known.get(h.date) !== h.name).length;
    const rows = sorted(holidays).map((h) => el("li", { class: known.has(h.date) ? "known" : "" },
      el("code", {}, h.date), " ", el("span", { class: "muted" }, formatDay(h.date, { weekday: "short" })), " ", h.name));
    const parts = [];
    if (problems.length) {
      parts.push(el("p", { class: "paste-summary bad", id: "paste-problems-summary" },
        texts.t("sch.pasteProblems", { n: problems.length })));
      parts.push(el("ul", { class: "paste-problems", id: "paste-problems" }, problems.map((p) =>
        el("li", { dataset: { line: p.line } }, el("strong", {}, texts.t("sch.line", { line: p.line })), ": ", p.message))));
    } else {
      parts.push(el("p", { class: "paste-summary ok" }, texts.t("sch.pasteOk", { n: holidays.length }),
        renamed ? ` ${texts.t("sch.pasteReplaces", { n: renamed })}` : ""));
      this.pasted = holidays;
      const button = $("apply-paste");
      button.textContent = texts.t("sch.applyPaste", { n: holidays.length });
      button.hidden = holidays.length === 0;
    }
    if (rows.length) parts.push(el("ul", { class: "paste-parsed", id: "paste-parsed" }, rows));
    $("paste-preview").replaceChildren(...parts);
  }

  async applyPaste() {
    if (!this.pasted.length) return;
    const byDate = new Map(this.list.map((h) => [h.date, h]));
    for (const h of this.pasted) byDate.set(h.date, h);
    const count = this.pasted.length;
    $("apply-paste").disabled = true;
    try {
      if (await this.store([...byDate.values()])) {
        $("paste").value = "";
        this.clearPreview();
        notice(texts.t("sch.pasteSaved", { n: count }), "ok");
      }
    } finally {
      $("apply-paste").disabled = false;
    }
  }
}
