// @ts-check
// The monthly report for paper (/reports/print?month=YYYY-MM): the API's summaries of the
// month by agency, by service and by day, the key figures of its total, and the signature
// block. Place, name and NIP are typed on the toolbar (kept in this browser for next month);
// the toolbar itself does not print.
import { $, el } from "../dom.js";
import { ApiError } from "../admin/api.js";
import { common, currentLang, onLanguage, setLanguage } from "../admin/texts.js";
import { texts } from "./texts.js";
import { longDate, minutes, minutesUnit, monthRange, num, pct, rowLabel } from "./format.js";
import { summaries } from "./source.js";
import { keepSignature, renderSignature } from "./signature.js";

/** @typedef {import("./format.js").Summary} Summary */
/** @typedef {import("./format.js").Row} Row */

const boot = JSON.parse($("prt-data").textContent || "{}");
const hook = { data: /** @type {Record<string, Summary> | null} */ (null), loads: 0 };
/** @type {any} */ (window).__loketReportPrint = hook;
let month = String(boot.month);
/** the key of the toolbar's status line, for a switch of language ("" : an error's text) */
let status = "";

/** @param {any} key */
const t = (key) => texts.t(key);

// where the narrow A4 columns may break a long heading word (a soft hyphen), both languages
const SOFT = /** @type {Record<string, string>} */ ({ Diambil: "Di\u00ADambil",
  Dipanggil: "Di\u00ADpanggil", Dilayani: "Di\u00ADlayani", Dialihkan: "Di\u00ADalihkan",
  Prioritas: "Prio\u00ADritas", Cancelled: "Can\u00ADcelled", Transferred: "Trans\u00ADferred",
  Priority: "Prio\u00ADrity" });

/** @param {string} text */
const heading = (text) => text.split(" ").map((word) => SOFT[word] || word).join(" ");

/** One summary table: name, counts, wait p50/p90, mean service, share within the max wait.
 *  @param {HTMLTableElement} table @param {Summary} summary */
function renderTable(table, summary) {
  const head = ["col.issued", "col.called", "col.served", "col.no_show", "col.cancelled",
    "col.transferred_out"];
  const line = (/** @type {Row} */ row, /** @type {string} */ label, /** @type {string} */ tag) =>
    el("tr", {}, el(tag, { class: "name" }, label),
      [row.issued, row.called, row.served, row.no_show, row.cancelled, row.transferred_out]
        .map((value) => el("td", { class: "num" }, num(value))),
      [row.wait_minutes.p50, row.wait_minutes.p90, row.service_minutes.mean]
        .map((value) => el("td", { class: "num" }, minutes(value))),
      el("td", { class: "num" }, pct(row.within_max_wait_pct)),
      el("td", { class: "num" }, num(row.priority.issued)));
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "name" }, t(`by.${summary.by}`)),
      head.map((key) => el("th", { class: "num" }, heading(t(key)))),
      el("th", { class: "num" }, `${t("col.waitP50")} (${t("unit.min")})`),
      el("th", { class: "num" }, `${t("ds.p90")} (${t("unit.min")})`),
      el("th", { class: "num" }, t("prt.serviceMean")),
      el("th", { class: "num" }, t("col.within")),
      el("th", { class: "num" }, heading(t("col.priority"))))),
    el("tbody", {}, summary.rows.map((row) => line(row, rowLabel(row, summary.by), "td"))),
    el("tfoot", {}, line(summary.total, t("rep.total"), "th")));
}

/** @param {Summary} summary */
function renderSummary(summary) {
  const total = summary.total;
  const item = (/** @type {any} */ key, /** @type {string} */ value) =>
    el("div", { class: "fig" }, el("span", { class: "label" }, t(key)), el("span", { class: "value" }, value));
  $("prt-summary").replaceChildren(item("card.issued", num(total.issued)),
    item("card.served", num(total.served)), item("card.noShow", num(total.no_show)),
    item("card.waitP50", minutesUnit(total.wait_minutes.p50)),
    item("card.waitP90", minutesUnit(total.wait_minutes.p90)),
    item("card.within", pct(total.within_max_wait_pct)));
}

function render() {
  const { from, to } = monthRange(month);
  $("prt-period").textContent = `${longDate(from)} – ${longDate(to)}`;
  document.title = `${t("prt.title")} ${month}`;
  renderSignature(boot.today);
  if (!hook.data) return;
  renderSummary(hook.data.agency);
  renderTable(/** @type {HTMLTableElement} */ (/** @type {unknown} */ ($("prt-agency"))), hook.data.agency);
  renderTable(/** @type {HTMLTableElement} */ (/** @type {unknown} */ ($("prt-service"))), hook.data.service);
  renderTable(/** @type {HTMLTableElement} */ (/** @type {unknown} */ ($("prt-day"))), hook.data.day);
}

async function load() {
  const { from, to } = monthRange(month);
  status = "prt.loading";
  $("prt-status").textContent = t(status);
  document.body.dataset.loading = "1";
  try {
    hook.data = await summaries({ from, to, agency_id: boot.agency_id || "", service_id: "" },
      ["agency", "service", "day"]);
    render();
    status = "prt.ready";
    $("prt-status").textContent = t(status);
  } catch (err) {
    status = "";  // the API's own sentence stays as it came
    $("prt-status").textContent = err instanceof ApiError ? err.message : common.t("shell.unexpected");
  } finally {
    document.body.dataset.loading = "0";
    hook.loads += 1;
  }
}

function renderToggle() {
  $("prt-lang").textContent = t("prt.lang");
  $("prt-lang").setAttribute("lang", currentLang() === "en" ? "id" : "en");
}

keepSignature(boot.today);
$("prt-month").addEventListener("change", () => {
  const chosen = String($("prt-month").value || "");
  if (!/^\d{4}-\d{2}$/.test(chosen)) return;
  month = chosen;
  const query = new URLSearchParams(location.search);
  query.set("month", month);
  history.replaceState(null, "", `${location.pathname}?${query}`);
  load();
});
$("prt-go").addEventListener("click", () => window.print());
$("prt-lang").addEventListener("click", () => setLanguage(currentLang() === "en" ? "id" : "en"));
$("print-bar").addEventListener("submit", (event) => event.preventDefault());
onLanguage(() => {
  renderToggle();
  render();
  if (status) $("prt-status").textContent = t(status);
});
renderToggle();
render();
load();
