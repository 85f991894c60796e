// @ts-check
// Laporan (/reports): the range (presets counted from the site's today, or chosen dates) and
// the agency/service filters (reports/filters.js, shared with /skm) and the grouping live in
// the address (?range&from&to&agency_id&service_id&by) so a reload or a shared link shows the
// same. One load asks the API for the chosen grouping (the table) and the groupings the
// charts need; the cards show its total.
import { $, el } from "../dom.js";
import { ApiError } from "../admin/api.js";
import { messageOf, start } from "../admin/shell.js";
import { onLanguage } from "../admin/texts.js";
import { texts } from "./texts.js";
import { minutesUnit, num, pct } from "./format.js";
import { PeriodFilters, showError } from "./filters.js";
import { summaries, summaryPath } from "./source.js";
import { renderTable } from "./table.js";
import { GROUPINGS, charts, drawCharts } from "./charts.js";

/** @typedef {import("./format.js").Summary} Summary */
/** @typedef {import("./filters.js").ServiceChoice} ServiceChoice */

const { today, services } = /** @type {{today: string, services: ServiceChoice[]}} */ (
  JSON.parse($("rep-data").textContent || "{}"));
const BY = ["agency", "service", "counter", "officer", "day", "hour"];
const period = new PeriodFilters(today, services);
const state = {
  by: "service",
  /** @type {Record<string, Summary> | null} */ data: null,
};
/** for the browser test: the Chart instances, the answers drawn, and finished loads */
const hook = { charts, data: /** @type {Record<string, Summary> | null} */ (null), loads: 0 };
/** @type {any} */ (window).__loketReports = hook;

const control = (/** @type {string} */ id) => /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($(id)));

function readAddress() {
  const query = new URLSearchParams(location.search);
  period.read(query);
  state.by = BY.includes(query.get("by") || "") ? String(query.get("by")) : "service";
}

function writeAddress() {
  const query = period.write(new URLSearchParams({ by: state.by }));
  history.replaceState(null, "", `${location.pathname}?${query}`);
}

function fillChoices() {
  period.fillChoices();
  control("rep-by").value = state.by;
}

function filters() {
  return period.value;
}

function writeLinks() {
  $("rep-csv").setAttribute("href", summaryPath(filters(), state.by, "csv"));
  $("rep-xlsx").setAttribute("href", summaryPath(filters(), state.by, "xlsx"));
  // one day: its daily report too (by service plus every counter, API.md "Reports")
  $("rep-daily").hidden = period.from !== period.to;
  $("rep-daily").setAttribute("href", `/api/v1/reports/daily?date=${period.from}&format=xlsx`);
  const month = period.from.slice(0, 7);
  const query = new URLSearchParams({ month });
  if (period.agency_id) query.set("agency_id", period.agency_id);
  $("rep-print").setAttribute("href", `/reports/print?${query}`);
}

/** @param {Summary} summary */
function renderCards(summary) {
  const total = summary.total;
  const card = (/** @type {any} */ key, /** @type {string} */ value, /** @type {string} */ name) =>
    el("div", { class: "rep-card", dataset: { figure: name } },
      el("span", { class: "value" }, value), el("span", { class: "label" }, texts.t(key)));
  $("rep-cards").replaceChildren(
    card("card.issued", num(total.issued), "issued"), card("card.served", num(total.served), "served"),
    card("card.noShow", num(total.no_show), "no_show"),
    card("card.waitP50", minutesUnit(total.wait_minutes.p50), "wait_p50"),
    card("card.waitP90", minutesUnit(total.wait_minutes.p90), "wait_p90"),
    card("card.within", pct(total.within_max_wait_pct), "within"));
}

function render() {
  if (!state.data) return;
  const main = state.data[state.by];
  renderCards(main);
  renderTable(/** @type {HTMLTableElement} */ (/** @type {unknown} */ ($("rep-table"))), main);
  $("rep-empty").hidden = main.total.issued > 0;
  drawCharts(state.data);
}

let request = 0;  // a newer choice supersedes a load still running for the old one

async function load() {
  writeAddress();
  writeLinks();
  if (period.from > period.to) { showError(texts.t("rep.badRange"), "from"); return; }
  const mine = ++request;
  document.body.dataset.loading = "1";
  try {
    const data = await summaries(filters(), [state.by, ...GROUPINGS]);
    if (mine !== request) return;
    showError(null);
    state.data = data;
    hook.data = data;
    render();
  } catch (err) {
    if (mine !== request) return;
    if (err instanceof ApiError && err.status === 400) showError(err.message, err.field);
    else showError(messageOf(err));
  } finally {
    if (mine === request) { document.body.dataset.loading = "0"; hook.loads += 1; }
  }
}

period.listen(load);
$("rep-by").addEventListener("change", () => { state.by = control("rep-by").value; load(); });
$("rep-filters").addEventListener("submit", (event) => event.preventDefault());
onLanguage(() => { fillChoices(); render(); });

start(async () => {
  readAddress();
  fillChoices();
  await load();
});
