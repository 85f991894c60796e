// @ts-check
// The reports API (API.md "Reports"): one summary per grouping, and the export links, so the
// page and the printed report read the same numbers the CSV/XLSX files hold.
import { api } from "../admin/api.js";

/** @typedef {import("./format.js").Summary} Summary */
/** @typedef {{from: string, to: string, agency_id: string, service_id: string}} Filters */

/** @param {Filters} filters @param {string} by @param {string} [format] */
export function summaryPath(filters, by, format) {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, by });
  if (filters.agency_id) query.set("agency_id", filters.agency_id);
  if (filters.service_id) query.set("service_id", filters.service_id);
  if (format) query.set("format", format);
  return `/api/v1/reports/summary?${query}`;
}

/** The summaries of several groupings at once, by grouping.
 *  @param {Filters} filters @param {string[]} groupings
 *  @returns {Promise<Record<string, Summary>>} */
export async function summaries(filters, groupings) {
  const unique = [...new Set(groupings)];
  const answers = await Promise.all(unique.map((by) => api.get(summaryPath(filters, by))));
  return Object.fromEntries(unique.map((by, i) => [by, /** @type {Summary} */ (answers[i])]));
}
