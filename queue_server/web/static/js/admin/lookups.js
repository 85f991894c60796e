// @ts-check
// What several admin pages look up: the agencies (all of them for an admin, inactive ones
// too; a supervisor's own from the page), services and counters, and their names in the
// page's language.
import { api } from "./api.js";
import { isAdmin, page } from "./shell.js";
import { currentLang } from "./texts.js";

/** @typedef {import("./shell.js").Agency} Agency */
/** @typedef {{id: string, agency_id: string, prefix: string, name: string, name_en: string,
 *   daily_quota: number | null, online_quota: number | null, max_wait_minutes: number | null,
 *   service_minutes: number, requirements: string[], hours: Record<string, string> | null,
 *   active: boolean}} ServiceConfig */
/** @typedef {{id: string, name: string, number: number, agency_id: string,
 *   services: Record<string, number>, active: boolean}} CounterConfig */

/** @returns {Promise<Agency[]>} */
export async function loadAgencies() {
  if (!isAdmin) return page.agencies;
  return (await api.get("/api/v1/admin/agencies")).agencies;
}

/** @returns {Promise<ServiceConfig[]>} */
export async function loadServices() {
  return (await api.get("/api/v1/admin/services")).services;
}

/** @returns {Promise<CounterConfig[]>} */
export async function loadCounters() {
  return (await api.get("/api/v1/admin/counters")).counters;
}

/** @param {{name: string, name_en?: string}} thing */
export function localName(thing) {
  return currentLang() === "en" && thing.name_en ? thing.name_en : thing.name;
}

/** @param {Agency[]} agencies @returns {Map<string, Agency>} */
export function byId(agencies) {
  return new Map(agencies.map((a) => [a.id, a]));
}

/** The agency's short name, or its id when it is not among those loaded.
 *  @param {Map<string, Agency>} agencies @param {string} id */
export function agencyShort(agencies, id) {
  const agency = agencies.get(id);
  return agency ? agency.short_name || agency.name : id;
}

/** Choices of a select of agencies: active ones, plus `keep` (the current value) if not.
 *  @param {Agency[]} agencies @param {string} [keep] */
export function agencyOptions(agencies, keep) {
  return agencies.filter((a) => a.active || a.id === keep)
    .map((a) => ({ value: a.id, label: `${a.short_name} — ${localName(a)}` }));
}
