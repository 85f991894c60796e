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

/** The cells of one line. On the page the sample is a badge and kinerja has its column; on
 *  the narrower A4 sheet the minimum sample carries ✓/✗ and kinerja is left to section 2.
 *  @param {Result} result @param {boolean} badges */
function figures(result, badges) {
  const byCode = new Map(result.elements.map((e) => [e.code, e]));
  const met = result.sample_met ? "✓" : "✗";
  return [
    el("td", { class: "num" }, num(result.respondents)),
    el("td", { class: "num" }, num(result.population)),
    el("td", { class: "num" }, badges ? num(result.min_sample) : `${num(result.min_sample)} ${met}`),
    badges ? el("td", { class: "sample" }, sampleBadge(result)) : null,
    ...CODES.map((code) => el("td", { class: "num" }, nrr(byCode.get(code)?.nrr ?? null))),
    el("td", { class: "num ikm" }, ikm(result.ikm)),
    el("td", { class: "quality" }, badges ? qualityBadge(result.quality) : result.quality || "–"),
    badges ? el("td", { class: "performance" }, performance(result)) : null,
  ].filter((cell) => cell !== null);
}

/** One line per agency or service and the line of the whole choice under them; `badges`
 *  false: the paper's layout (short labels the note under the table explains).
 *  @param {HTMLTableElement} table @param {"agency" | "service"} by @param {ResultRow[]} rows
 *  @param {Result} total @param {boolean} [badges] */
export function renderRows(table, by, rows, total, badges = true) {
  const head = badges ? ["col.respondents", "col.population", "col.minSample"] : ["col.n", "col.N", "col.m"];
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "name" }, t(`col.${by}`)),
      head.map((k) => el("th", { class: "num" }, t(k))),
      badges ? el("th", { class: "sample" }, t("col.sample")) : null,
      CODES.map((code) => el("th", { class: "num" }, code)),
      el("th", { class: "num" }, t("col.ikm")), el("th", {}, t("col.quality")),
      badges ? el("th", {}, t("col.performance")) : null)),
    el("tbody", {}, rows.map((row) => el("tr", { dataset: { key: row.key } },
      el("td", { class: "name" }, row.name), ...figures(row.result, badges)))),
    el("tfoot", {}, el("tr", {}, el("th", { class: "name" }, t("row.total")), ...figures(total, badges))));
}
