// @ts-check
// The SKM API (API.md "SKM", `by=agency|service` in docs/api-changes.md): the results of a
// period for the chosen filters, the same per agency and per service, and the export links,
// so the page, the printed report and the CSV/XLSX files read the same numbers.
import { api } from "../admin/api.js";

/** @typedef {import("./format.js").Result} Result */
/** @typedef {import("./format.js").ResultRow} ResultRow */
/** @typedef {import("../reports/filters.js").Filters} Filters */

/** @param {Filters} filters @param {{by?: string, format?: string}} [options] */
export function resultsPath(filters, { by, format } = {}) {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.agency_id) query.set("agency_id", filters.agency_id);
  if (filters.service_id) query.set("service_id", filters.service_id);
  if (by) query.set("by", by);
  if (format) query.set("format", format);
  return `/api/v1/skm/results?${query}`;
}

/** @param {Filters} filters @returns {Promise<Result>} */
export async function results(filters) {
  return /** @type {Result} */ (await api.get(resultsPath(filters)));
}

/** The results of each agency or service of the filters, in the API's order.
 *  @param {Filters} filters @param {"agency" | "service"} by @returns {Promise<ResultRow[]>} */
export async function resultRows(filters, by) {
  const answer = /** @type {{rows: (Result & {key: string, name: string})[]}} */ (
    await api.get(resultsPath(filters, { by })));
  return answer.rows.map((row) => ({ key: row.key, name: row.name, result: row }));
}
