// @ts-check
// The table of API.md "Reports" rows: counts, waiting and service minutes, the share within
// the maximum wait and the priority group, with the API's total as the last line.
import { el } from "../dom.js";
import { texts } from "./texts.js";
import { minutes, num, pct, rowLabel } from "./format.js";

/** @typedef {import("./format.js").Row} Row */
/** @typedef {import("./format.js").Summary} Summary */

const COUNTS = /** @type {const} */ (["issued", "called", "served", "no_show", "cancelled",
  "transferred_out"]);

/** The cells of one row, in the order of the header. @param {Row} row */
function cells(row) {
  return [
    ...COUNTS.map((key) => num(row[key])),
    minutes(row.wait_minutes.mean), minutes(row.wait_minutes.p50),
    minutes(row.wait_minutes.p90), minutes(row.wait_minutes.max),
    minutes(row.service_minutes.mean), minutes(row.service_minutes.p50),
    minutes(row.service_minutes.p90),
    pct(row.within_max_wait_pct),
    num(row.priority.issued), num(row.priority.served), minutes(row.priority.wait_p50),
  ];
}

/** @param {string} by */
function header(by) {
  const t = (/** @type {any} */ key) => texts.t(key);
  const sub = (/** @type {string[]} */ keys) => keys.map((key) => el("th", { class: "num" }, t(key)));
  return [
    el("tr", {},
      el("th", { rowspan: 2, class: "name" }, t(`by.${by}`)),
      COUNTS.map((key) => el("th", { rowspan: 2, class: "num" }, t(`col.${key}`))),
      el("th", { colspan: 4, class: "group" }, t("col.wait")),
      el("th", { colspan: 3, class: "group" }, t("col.service")),
      el("th", { rowspan: 2, class: "num" }, t("col.within")),
      el("th", { colspan: 3, class: "group" }, t("col.priority"))),
    el("tr", {},
      sub(["col.mean", "col.p50", "col.p90", "col.max", "col.mean", "col.p50", "col.p90",
        "col.issued", "col.served", "col.waitP50"])),
  ];
}

/** @param {HTMLTableElement} table @param {Summary} summary */
export function renderTable(table, summary) {
  const line = (/** @type {Row} */ row, /** @type {string} */ label, /** @type {string} */ tag) =>
    el("tr", { dataset: { key: row.key } }, el(tag, { class: "name" }, label),
      cells(row).map((text) => el("td", { class: "num" }, text)));
  table.tHead.replaceChildren(...header(summary.by));
  table.tBodies[0].replaceChildren(...summary.rows.map((row) => line(row, rowLabel(row, summary.by), "td")));
  table.tFoot.replaceChildren(line(summary.total, texts.t("rep.total"), "th"));
}
