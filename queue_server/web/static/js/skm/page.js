// @ts-check
// SKM (/skm): the period and agency/service filters of /reports (reports/filters.js, in the
// address so a reload or a shared link shows the same); one load asks the API for the
// results of the choice, of each agency and of each service shown, and the suggestions. A
// refresh shows a response given a moment ago: nothing is cached. The follow-up plan is H4's
// module skm/followups.js, mounted in #skm-followups when the server says it is installed.
import { $, el } from "../dom.js";
import { ApiError } from "../admin/api.js";
import { messageOf, start } from "../admin/shell.js";
import { onLanguage } from "../admin/texts.js";
import { num } from "../reports/format.js";
import { texts as reportTexts } from "../reports/texts.js";
import { PeriodFilters, showError } from "../reports/filters.js";
import { texts } from "./texts.js";
import { elementName, ikm, lowestCodes, nrr, performance, qualityBadge, sampleBadge } from "./format.js";
import { resultRows, results, resultsPath } from "./source.js";
import { renderElements, renderRows } from "./tables.js";
import { renderSuggestions } from "./suggestions.js";
import { charts, drawElements } from "./chart.js";

/** @typedef {import("./format.js").Result} Result */
/** @typedef {import("./format.js").ResultRow} ResultRow */
/** @typedef {import("../reports/filters.js").ServiceChoice} ServiceChoice */
/** @typedef {{total: Result, agencies: ResultRow[], services: ResultRow[]}} Loaded */

const boot = /** @type {{today: string, services: ServiceChoice[], followups: boolean}} */ (
  JSON.parse($("rep-data").textContent || "{}"));
const period = new PeriodFilters(boot.today, boot.services, "semester");
/** for the browser test: the chart, the answers drawn, and finished loads */
const hook = { charts, data: /** @type {Loaded | null} */ (null), loads: 0 };
/** @type {any} */ (window).__loketSkm = hook;
/** @type {{mount?: (section: HTMLElement, filters: object) => void} | null} */
let followups = null;

/** @param {any} key @param {Record<string, any>} [values] */
const t = (key, values) => texts.t(key, values);
const table = (/** @type {string} */ id) => /** @type {HTMLTableElement} */ (/** @type {unknown} */ ($(id)));

function writeAddress() {
  history.replaceState(null, "", `${location.pathname}?${period.write(new URLSearchParams())}`);
}

function writeLinks() {
  const filters = period.value;
  $("skm-csv").setAttribute("href", resultsPath(filters, { format: "csv" }));
  $("skm-xlsx").setAttribute("href", resultsPath(filters, { format: "xlsx" }));
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.agency_id) query.set("agency_id", filters.agency_id);
  $("skm-print").setAttribute("href", `/skm/print?${query}`);
}

/** @param {Result} result */
function renderCards(result) {
  const card = (/** @type {string} */ name, /** @type {any} */ key, /** @type {any} */ value, extra = "") =>
    el("div", { class: `rep-card ${extra}`, dataset: { figure: name } },
      el("span", { class: "value" }, value), el("span", { class: "label" }, t(key)));
  $("skm-cards").replaceChildren(
    card("ikm", "card.ikm", ikm(result.ikm), "main"),
    card("quality", "card.quality", qualityBadge(result.quality)),
    card("performance", "card.performance", performance(result)),
    card("respondents", "card.respondents", num(result.respondents)),
    card("population", "card.population", num(result.population)),
    card("min_sample", "card.minSample", el("span", {}, num(result.min_sample), sampleBadge(result))));
  const lowest = lowestCodes(result);
  const first = result.elements.find((e) => lowest.has(e.code));
  $("skm-empty").hidden = result.respondents > 0;
  $("skm-lowest").hidden = !first;
  $("skm-lowest").textContent = first ? t("lowest", { code: [...lowest].join(", "),
    name: lowest.size === 1 ? elementName(first) : "", nrr: nrr(first.nrr) }) : "";
}

function render() {
  const data = hook.data;
  if (!data) return;
  renderCards(data.total);
  renderElements(table("skm-elements"), data.total);
  renderRows(table("skm-by-agency"), "agency", data.agencies, data.total);
  renderRows(table("skm-by-service"), "service", data.services, data.total);
  renderSuggestions(table("skm-suggestion-list"), $("skm-suggestion-note"), data.total.suggestion_list || []);
  drawElements(data.total);
}

let request = 0;  // a newer choice supersedes a load still running for the old one

async function load() {
  writeAddress();
  writeLinks();
  if (period.from > period.to) { showError(reportTexts.t("rep.badRange"), "from"); return; }
  const mine = ++request;
  document.body.dataset.loading = "1";
  try {
    const filters = period.value;
    const [total, byAgency, byService] = await Promise.all([results(filters),
      resultRows(filters, "agency"), resultRows(filters, "service")]);
    if (mine !== request) return;
    showError(null);
    hook.data = { total, agencies: byAgency, services: byService };
    render();
    followups?.mount?.($("skm-followups"), filters);
  } catch (err) {
    if (mine !== request) return;
    if (err instanceof ApiError && err.status === 400) showError(err.message, err.field);
    else showError(messageOf(err));
  } finally {
    if (mine === request) { document.body.dataset.loading = "0"; hook.loads += 1; }
  }
}

async function loadFollowups() {
  const section = $("skm-followups");
  if (!boot.followups || !section.dataset.module) return;
  try {
    const module = await import(section.dataset.module);
    followups = { mount: module.mountFollowups || module.mount };
  } catch {
    section.append(el("p", { class: "muted" }, t("fu.none")));
  }
}

period.listen(load);
$("rep-filters").addEventListener("submit", (event) => event.preventDefault());
onLanguage(() => { period.fillChoices(); render(); });

start(async () => {
  period.read(new URLSearchParams(location.search));
  period.fillChoices();
  await loadFollowups();
  await load();
});
