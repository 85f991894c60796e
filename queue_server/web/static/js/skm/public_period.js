// @ts-check
// The published period in words, for /skm/public and the TV slide (GET /api/v1/skm/public's
// `period`): "Semester I 2026: 1 Januari 2026 – 30 Juni 2026", or up to the last day counted
// with "(sementara)" while the period still runs.

/** @typedef {{kind: string, from: string, to: string, until: string, name: string,
 *   name_en: string, complete: boolean}} Period */

/** The period's name in the language of `texts`. @param {Period} period
 *  @param {import("../texts.js").Texts<any>} texts */
export const periodName = (period, texts) => (texts.lang === "en" ? period.name_en : period.name);

/** @param {Period} period @param {import("../texts.js").Texts<any>} texts (keys periodDone,
 *  periodSoFar with {label}, {from}, {to}) */
export function publicPeriod(period, texts) {
  const date = (/** @type {string} */ day) => new Intl.DateTimeFormat(texts.locale, { day: "numeric",
    month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  return texts.t(period.complete ? "periodDone" : "periodSoFar", { label: periodName(period, texts),
    from: date(period.from), to: date(period.complete ? period.to : period.until) });
}
