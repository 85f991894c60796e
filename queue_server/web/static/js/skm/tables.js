// @ts-check
// The tables of /skm (and of the printed report): the elements of one result (NRR and
// weighted NRR, the lowest marked), and one line per agency or per service with its
// respondents, population, minimum sample and badge, NRR U1–U9, IKM, mutu and kinerja.
import { el } from "../dom.js";
import { num } from "../reports/format.js";
import { texts } from "./texts.js";
import { elementName, ikm, lowestCodes, nrr, performance, qualityBadge, sampleBadge, weighted } from "./format.js";

/** @typedef {import("./format.js").Result} Result */
/** @typedef {import("./format.js").ResultRow} ResultRow */

/** @param {any} key */
const t = (key) => texts.t(key);
const CODES = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];

/** @param {HTMLTableElement} table @param {Result} result */
export function renderElements(table, result) {
  const lowest = lowestCodes(result);
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "code" }, t("col.code")),
      el("th", { class: "name" }, t("col.name")), el("th", { class: "num" }, t("col.nrr")),
      el("th", { class: "num" }, t("col.weighted")))),
    el("tbody", {}, result.elements.map((e) => el("tr",
      { dataset: { code: e.code }, class: lowest.has(e.code) ? "lowest" : "" },
      el("td", { class: "code" }, e.code),
      el("td", { class: "name" }, elementName(e),
        lowest.has(e.code) ? el("span", { class: "badge lowest-tag" }, t("lowestTag")) : null),
      el("td", { class: "num" }, nrr(e.nrr)), el("td", { class: "num" }, weighted(e.nrr_weighted))))),
    el("tfoot", {}, el("tr", {}, el("th", { class: "name", colspan: 3 }, t("col.ikm")),
      el("th", { class: "num", dataset: { figure: "ikm" } }, ikm(result.ikm)))));
}

/** @param {Result} result @param {boolean} badges the sample as a badge (the page) or n/m (paper) */
function figures(result, badges) {
  const byCode = new Map(result.elements.map((e) => [e.code, e]));
  return [
    el("td", { class: "num" }, num(result.respondents)),
    el("td", { class: "num" }, num(result.population)),
    el("td", { class: "num" }, num(result.min_sample)),
    el("td", { class: "sample" }, badges ? sampleBadge(result)
      : (result.sample_met ? "✓" : "✗")),
    ...CODES.map((code) => el("td", { class: "num" }, nrr(byCode.get(code)?.nrr ?? null))),
    el("td", { class: "num ikm" }, ikm(result.ikm)),
    el("td", { class: "quality" }, badges ? qualityBadge(result.quality) : result.quality || "–"),
    el("td", { class: "performance" }, performance(result)),
  ];
}

/** One line per agency or service and the line of the whole choice under them.
 *  @param {HTMLTableElement} table @param {"agency" | "service"} by @param {ResultRow[]} rows
 *  @param {Result} total @param {boolean} [badges] */
export function renderRows(table, by, rows, total, badges = true) {
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "name" }, t(`col.${by}`)),
      // on paper the narrow columns take the short labels the note under the table explains
      (badges ? ["col.respondents", "col.population", "col.minSample"] : ["col.n", "col.N", "col.m"])
        .map((k) => el("th", { class: "num" }, t(k))),
      el("th", { class: "sample" }, t("col.sample")),
      CODES.map((code) => el("th", { class: "num" }, code)),
      el("th", { class: "num" }, t("col.ikm")), el("th", {}, t("col.quality")),
      el("th", {}, t("col.performance")))),
    el("tbody", {}, rows.map((row) => el("tr", { dataset: { key: row.key } },
      el("td", { class: "name" }, row.name), ...figures(row.result, badges)))),
    el("tfoot", {}, el("tr", {}, el("th", { class: "name" }, t("row.total")), ...figures(total, badges))));
}
