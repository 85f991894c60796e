// @ts-check
// The suggestions (saran dan masukan) of a period for staff: date, service and the citizen's
// own words, newest first as the API lists them. Never a name: the answer carries none.
import { el } from "../dom.js";
import { longDate, num } from "../reports/format.js";
import { texts } from "./texts.js";

/** @typedef {import("./format.js").Suggestion} Suggestion */

/** @param {HTMLTableElement} table @param {HTMLElement} note
 *  @param {Suggestion[]} list @param {number} total how many the period holds */
export function renderSuggestions(table, note, list, total) {
  const t = (/** @type {any} */ key, /** @type {any} */ values) => texts.t(key, values);
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "date" }, t("col.date")),
      el("th", { class: "service" }, t("col.service")), el("th", { class: "text" }, t("col.text")))),
    el("tbody", {}, list.length ? list.map((s) => el("tr", {},
      el("td", { class: "date" }, longDate(s.day)), el("td", { class: "service" }, s.service),
      el("td", { class: "text" }, s.text)))
      : el("tr", {}, el("td", { colspan: 3, class: "muted" }, t("sugg.none")))));
  note.hidden = total <= list.length;
  note.textContent = note.hidden ? "" : t("sugg.more", { shown: num(list.length), total: num(total) });
}
