// @ts-check
// How the SKM pages write the API's figures (API.md "SKM"): IKM with two decimals and NRR
// in the page's locale (id-ID: comma decimals), the sample badge, the lowest element. The
// numbers, the lowest unsur and whether the sample is met are the API's as they came;
// nothing here recomputes them.
import { el } from "../dom.js";
import { num } from "../reports/format.js";
import { texts } from "./texts.js";

/** @typedef {{code: string, name: string, name_en: string, total: number,
 *   nrr: number | null, nrr_weighted: number | null}} Element */
/** @typedef {{code: string | null, label: string, count: number, pct: number | null}} ProfileOption */
/** @typedef {{field: string, label: string, options: ProfileOption[]}} ProfileField */
/** @typedef {{day: string, at: string, service_id: string, service: string, text: string}} Suggestion */
/** @typedef {{respondents: number, population: number, min_sample: number, sample_met: boolean,
 *   elements: Element[], ikm: number | null, quality: string | null, performance: string | null,
 *   performance_en: string | null, lowest: string[], suggestions?: number,
 *   suggestion_list?: Suggestion[], profile?: ProfileField[]}} Result */
/** @typedef {{key: string, name: string, result: Result}} ResultRow */

const en = () => texts.lang === "en";

/** "82,45" @param {number | null | undefined} value */
export const ikm = (value) => num(value, 2);
/** "3,30" @param {number | null | undefined} value */
export const nrr = (value) => num(value, 2);
/** "0,367" (a ninth of an NRR needs the third decimal to add up) @param {number | null | undefined} value */
export const weighted = (value) => num(value, 3);

/** An element's name in the page's language. @param {Element} element */
export const elementName = (element) => (en() ? element.name_en : element.name);

/** The API's kinerja ("Sangat Baik" …) in the page's language. @param {Result} result */
export function performance(result) {
  return (en() ? result.performance_en : result.performance) || "–";
}

/** The badge "Sampel terpenuhi" / "Belum memenuhi sampel minimum (n dari m)".
 *  @param {Result} result */
export function sampleBadge(result) {
  if (!result.population) return el("span", { class: "badge sample none" }, sampleText(result));
  const met = result.sample_met;
  return el("span", { class: `badge sample ${met ? "met" : "short"}`, dataset: { sample: met ? "met" : "short" } },
    sampleText(result));
}

/** @param {Result} result */
export function sampleText(result) {
  if (!result.population) return texts.t("sample.none");  // nobody served: no sample to meet
  return result.sample_met ? texts.t("sample.met")
    : texts.t("sample.short", { n: num(result.respondents), m: num(result.min_sample) });
}

/** The codes of the element(s) with the lowest NRR, as the API names them (ties: each).
 *  @param {Result} result @returns {Set<string>} */
export const lowestCodes = (result) => new Set(result.respondents ? result.lowest : []);

/** A mutu letter as a coloured badge (A green … D red). @param {string | null} quality */
export function qualityBadge(quality) {
  return el("span", { class: `badge quality q-${(quality || "none").toLowerCase()}` }, quality || "–");
}
