// @ts-check
// /skm/public: what the hall publishes, for anyone (the MPP links it from its website). The
// whole hall's IKM, mutu and kinerja and each agency's, for the period GET /api/v1/skm/public
// names (the last completed one, or the current one so far). No names, no suggestions: the
// answer carries none. Indonesian first; the choice of English is kept in this browser.
import { $, el } from "../dom.js";
import { api } from "../loket.js";
import { Texts, asLang } from "../texts.js";
import { publicPeriod } from "./public_period.js";

/** @typedef {{respondents: number, ikm: number | null, quality: string | null,
 *   performance: string | null, performance_en: string | null}} Figures */
/** @typedef {Figures & {id: string, name: string, name_en: string, short_name: string}} AgencyFigures */
/** @typedef {{period: import("./public_period.js").Period, hall: Figures, agencies: AgencyFigures[]}} Published */

const LANG_KEY = "loket.public.lang";
const texts = new Texts({
  id: {
    title: "Indeks Kepuasan Masyarakat", hall: "Seluruh MPP", agency: "Instansi",
    respondents: "Responden", ikm: "IKM", quality: "Mutu", performance: "Kinerja",
    lang: "English", error: "Angka belum dapat dimuat. Coba lagi sebentar lagi.",
    none: "Belum ada responden pada periode ini.",
    note: "Survei Kepuasan Masyarakat menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017: sembilan unsur pelayanan, skala 1–4, IKM 25–100. Mutu A (Sangat Baik) 88,31–100; B (Baik) 76,61–88,30; C (Kurang Baik) 65,00–76,60; D (Tidak Baik) 25,00–64,99.",
    periodDone: "{label}: {from} – {to}", periodSoFar: "{label}: {from} – {to} (sementara, periode berjalan)",
  },
  en: {
    title: "Community Satisfaction Index", hall: "Whole hall", agency: "Agency",
    respondents: "Respondents", ikm: "IKM", quality: "Quality", performance: "Performance",
    lang: "Bahasa Indonesia", error: "The figures cannot be loaded yet. Try again shortly.",
    none: "No respondents in this period yet.",
    note: "Community Satisfaction Survey under Minister of PANRB Regulation 14/2017: nine service elements, scored 1–4, IKM 25–100. Quality A (Very good) 88.31–100; B (Good) 76.61–88.30; C (Fair) 65.00–76.60; D (Poor) 25.00–64.99.",
    periodDone: "{label}: {from} – {to}", periodSoFar: "{label}: {from} – {to} (so far, the period is running)",
  },
}, asLang(localStorage.getItem(LANG_KEY)));
/** @type {Published | null} */
let data = null;
const hook = { data: /** @type {Published | null} */ (null), loads: 0 };
/** @type {any} */ (window).__loketSkmPublic = hook;

/** @param {number | null | undefined} value @param {number} digits */
function num(value, digits) {
  if (value === null || value === undefined) return "–";
  return new Intl.NumberFormat(texts.locale, { minimumFractionDigits: digits,
    maximumFractionDigits: digits }).format(value);
}

/** @param {Figures} figures */
const performance = (figures) => (texts.lang === "en" ? figures.performance_en : figures.performance) || "–";

/** @param {string | null} quality */
const badge = (quality) => el("span", { class: `badge quality q-${(quality || "none").toLowerCase()}` }, quality || "–");

function render() {
  texts.apply();
  $("pub-lang").textContent = texts.t("lang");
  $("pub-lang").setAttribute("lang", texts.lang === "en" ? "id" : "en");
  if (!data) return;
  $("pub-period").textContent = publicPeriod(data.period, texts);
  const hall = data.hall;
  const fig = (/** @type {any} */ key, /** @type {any} */ value, /** @type {string} */ name) =>
    el("div", { class: "pub-fig", dataset: { figure: name } }, el("span", { class: "value" }, value),
      el("span", { class: "label" }, texts.t(key)));
  $("pub-hall").replaceChildren(fig("ikm", num(hall.ikm, 2), "ikm"), fig("quality", badge(hall.quality), "quality"),
    fig("performance", performance(hall), "performance"),
    fig("respondents", num(hall.respondents, 0), "respondents"));
  const en = texts.lang === "en";
  const body = /** @type {HTMLTableElement} */ (/** @type {unknown} */ ($("pub-agencies"))).tBodies[0];
  body.replaceChildren(...data.agencies.map((a) => el("tr", { dataset: { key: a.id } },
    el("td", {}, en ? a.name_en : a.name),
    el("td", { class: "num hide-narrow" }, num(a.respondents, 0)),
    el("td", { class: "num" }, num(a.ikm, 2)), el("td", {}, badge(a.quality)),
    el("td", { class: "hide-narrow" }, performance(a)))));
  if (!data.agencies.length) body.append(el("tr", {}, el("td", { colspan: 5 }, texts.t("none"))));
}

async function load() {
  document.body.dataset.loading = "1";
  try {
    data = /** @type {Published} */ (await api("/api/v1/skm/public"));
    hook.data = data;
    $("pub-error").hidden = true;
  } catch {
    $("pub-error").hidden = false;
    $("pub-error").textContent = texts.t("error");
  } finally {
    render();
    document.body.dataset.loading = "0";
    hook.loads += 1;
  }
}

$("pub-lang").addEventListener("click", () => {
  texts.lang = texts.lang === "en" ? "id" : "en";
  localStorage.setItem(LANG_KEY, texts.lang);
  render();
});
render();
load();
