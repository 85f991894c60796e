// @ts-check
// The SKM report for paper (/skm/print?from&to&agency_id): the API's results of the period
// (method and sample, each unsur, IKM and mutu, per agency or per service, the profile, the
// suggestions), the follow-up plan from GET /api/v1/skm/followups (empty rows to fill by hand
// when the period has none yet), and the signature block. Place, name and NIP are typed on
// the toolbar and kept in this browser (the same as the monthly queue report's).
import { $, el } from "../dom.js";
import { ApiError, api } from "../admin/api.js";
import { common, currentLang, onLanguage, setLanguage } from "../admin/texts.js";
import { longDate, num, pct } from "../reports/format.js";
import { ikm, performance, sampleText } from "./format.js";
import { resultRows, results } from "./source.js";
import { renderElements, renderRows } from "./tables.js";
import { texts as skmTexts } from "./texts.js";
import { texts } from "./print_texts.js";
import { followupRows } from "./print_followups.js";
import { newestFirst } from "./suggestions.js";
import { keepSignature, renderSignature } from "../reports/signature.js";

/** @typedef {import("./format.js").Result} Result */
/** @typedef {import("./format.js").ResultRow} ResultRow */
/** @typedef {{result: Result, rows: ResultRow[], by: "agency" | "service", followups: any}} Loaded */

const boot = JSON.parse($("prt-data").textContent || "{}");
const hook = { data: /** @type {Loaded | null} */ (null), loads: 0 };
/** @type {any} */ (window).__loketSkmPrint = hook;
const period = { from: String(boot.from), to: String(boot.to) };
let status = "";  // the key of the toolbar's status line ("": an error's own text)

/** @param {any} key @param {Record<string, any>} [values] */
const t = (key, values) => texts.t(key, values);
const table = (/** @type {string} */ id) => /** @type {HTMLTableElement} */ (/** @type {unknown} */ ($(id)));

function agencyName() {
  const agency = (boot.agencies || []).find((/** @type {any} */ a) => a.id === boot.agency_id);
  return agency ? (currentLang() === "en" ? agency.name_en : agency.name) : "";
}

/** @param {Result} result */
function renderMethod(result) {
  const verdict = sampleText(result);
  $("prt-method").replaceChildren(...["sp.m.questionnaire", "sp.m.channels", "sp.m.arith"]
    .map((key) => el("li", {}, t(key))),
  el("li", { dataset: { figure: "sample" } }, t("sp.m.sample", { population: num(result.population),
    min: num(result.min_sample), n: num(result.respondents), verdict })),
  el("li", {}, t("sp.m.bands")));
}

/** @param {Result} result */
function renderResult(result) {
  const fig = (/** @type {any} */ key, /** @type {string} */ value, /** @type {string} */ name) =>
    el("div", { class: "fig", dataset: { figure: name } }, el("span", { class: "label" }, t(key)),
      el("span", { class: "value" }, value));
  $("prt-result").replaceChildren(fig("sp.respondents", num(result.respondents), "respondents"),
    fig("sp.ikm", ikm(result.ikm), "ikm"), fig("sp.quality", result.quality || "–", "quality"),
    fig("sp.performance", performance(result), "performance"));
}

/** Counts and shares per option of each profile field, as the API tallied them.
 *  @param {Result} result */
function renderProfile(result) {
  const fields = result.profile || [];
  if (!result.respondents || !fields.length) {
    $("prt-profile").replaceChildren(el("p", {}, t("sp.noProfile")));
    return;
  }
  $("prt-profile").replaceChildren(...fields.map((field) => el("div", {},
    el("h3", {}, field.label),
    el("table", { class: "sheet-table free" },
      el("thead", {}, el("tr", {}, el("th", {}, t("sp.option")), el("th", { class: "num" }, t("sp.count")),
        el("th", { class: "num" }, t("sp.share")))),
      el("tbody", {}, field.options.map((o) => el("tr", {}, el("td", {}, o.label),
        el("td", { class: "num" }, num(o.count)), el("td", { class: "num" }, pct(o.pct)))))))));
}

/** The newest suggestions (as many as the page shows); the XLSX has every one.
 *  @param {Result} result */
function renderSuggestions(result) {
  const all = result.suggestion_list || [];
  const list = newestFirst(all);
  const parts = [
    el("thead", {}, el("tr", {}, el("th", {}, skmTexts.t("col.date")), el("th", {}, skmTexts.t("col.service")),
      el("th", {}, skmTexts.t("col.text")))),
    el("tbody", {}, list.length ? list.map((s) => el("tr", {}, el("td", {}, longDate(s.day)),
      el("td", {}, s.service), el("td", {}, s.text)))
      : el("tr", {}, el("td", { colspan: 3 }, skmTexts.t("sugg.none"))))];
  // replaceChildren would print a null as the text "null": the note only when some are left out
  if (all.length > list.length) {
    parts.push(el("tfoot", {}, el("tr", {}, el("td", { colspan: 3 },
      skmTexts.t("sugg.more", { shown: num(list.length), total: num(all.length) })))));
  }
  table("prt-suggestions").replaceChildren(...parts);
}

function render() {
  $("prt-period").textContent = `${longDate(period.from)} – ${longDate(period.to)}`;
  $("prt-agency").hidden = !boot.agency_id;
  $("prt-agency").textContent = boot.agency_id ? t("sp.agency", { name: agencyName() }) : "";
  document.title = `${t("sp.title")} ${period.from} – ${period.to}`;
  renderSignature(boot.today);
  const data = hook.data;
  if (!data) return;
  renderMethod(data.result);
  renderResult(data.result);
  renderElements(table("prt-elements"), data.result);
  $("prt-rows-section").querySelector("h2").textContent = t(data.by === "agency" ? "sp.byAgency" : "sp.byService");
  renderRows(table("prt-rows"), data.by, data.rows, data.result, false);
  $("prt-rows-legend").textContent = skmTexts.t("rows.legend");
  renderProfile(data.result);
  renderSuggestions(data.result);
  followupRows(table("prt-followups"), data.followups, texts);
}

/** The follow-up plan of the period (GET /api/v1/skm/followups, the same scope).
 *  @param {Record<string, string>} filters */
const followups = (filters) => api.get(`/api/v1/skm/followups?${new URLSearchParams(filters)}`);

async function load() {
  status = "sp.loading";
  $("prt-status").textContent = t(status);
  document.body.dataset.loading = "1";
  const filters = { from: period.from, to: period.to, agency_id: boot.agency_id || "", service_id: "" };
  const by = boot.agency_id ? "service" : "agency";
  const plan = { from: period.from, to: period.to, ...(boot.agency_id ? { agency_id: boot.agency_id } : {}) };
  try {
    const [result, rows, planned] = await Promise.all([results(filters), resultRows(filters, by), followups(plan)]);
    hook.data = { result, rows, by, followups: planned };
    render();
    status = "sp.ready";
    $("prt-status").textContent = t(status);
  } catch (err) {
    status = "";
    $("prt-status").textContent = err instanceof ApiError ? err.message : common.t("shell.unexpected");
  } finally {
    document.body.dataset.loading = "0";
    hook.loads += 1;
  }
}

function renderToggle() {
  $("prt-lang").textContent = t("sp.lang");
  $("prt-lang").setAttribute("lang", currentLang() === "en" ? "id" : "en");
}

keepSignature(boot.today);
for (const id of ["prt-from", "prt-to"]) {
  $(id).addEventListener("change", () => {
    const from = String($("prt-from").value || ""), to = String($("prt-to").value || "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || from > to) return;
    Object.assign(period, { from, to });
    const query = new URLSearchParams(location.search);
    query.set("from", from);
    query.set("to", to);
    history.replaceState(null, "", `${location.pathname}?${query}`);
    load();
  });
}
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
