// @ts-check
// The suggestions (saran dan masukan) of a period for staff: date, service and the citizen's
// own words, the newest first (at most SHOWN; the note says how many the XLSX holds).
// Never a name: the answer carries none.
import { el } from "../dom.js";
import { longDate, num } from "../reports/format.js";
import { texts } from "./texts.js";

/** @typedef {import("./format.js").Suggestion} Suggestion */

export const SHOWN = 100;  // the newest; the XLSX download holds every one

/** The newest `SHOWN` first; the API lists them oldest first, so within one second (the
 *  answer's `at`) the later answer stays first. @param {Suggestion[]} all */
export function newestFirst(all) {
  return [...all].reverse().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, SHOWN);
}

/** @param {HTMLTableElement} table @param {HTMLElement} note
 *  @param {Suggestion[]} all the period's suggestions as the API lists them */
export function renderSuggestions(table, note, all) {
  const t = (/** @type {any} */ key, /** @type {any} */ values) => texts.t(key, values);
  const list = newestFirst(all);
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "date" }, t("col.date")),
      el("th", { class: "service" }, t("col.service")), el("th", { class: "text" }, t("col.text")))),
    el("tbody", {}, list.length ? list.map((s) => el("tr", {},
      el("td", { class: "date" }, longDate(s.day)), el("td", { class: "service" }, s.service),
      el("td", { class: "text" }, s.text)))
      : el("tr", {}, el("td", { colspan: 3, class: "muted" }, t("sugg.none")))));
  note.hidden = all.length <= list.length;
  note.textContent = note.hidden ? "" : t("sugg.more", { shown: num(list.length), total: num(all.length) });
}
