// @ts-check
// The console after an administration change (`catalog.updated`) or a reconnect: the page
// was rendered with the hall's services and counters, so it fetches them again with its
// own snapshot and redraws. A service given to this counter brings its citizens into the
// waiting list (in the order its weights now make) and its name into the services line; a
// renamed service or counter shows its new name; a deactivated one leaves the transfer list.
import { CatalogFollower } from "../catalog.js";
import { $ } from "../dom.js";
import { api } from "../loket.js";
import { renderTransferList } from "./dialogs.js";
import { refresh } from "./live.js";
import { renderPicker } from "./picker.js";
import { render } from "./render.js";
import { DATA, agencies, allCounters, myCounters, services } from "./state.js";

/** @typedef {import("./state.js").CounterInfo} CounterInfo */

/** Agencies whose counters the last answers listed: among those, a counter missing from an
 *  answer was deactivated (the list is whole per agency); other agencies' are left as they are. */
const seenAgencies = new Set();

/** @param {{id: string, prefix: string, name: string, name_en: string,
 *   agency: {id: string, name: string, short_name: string}}[]} fresh GET /api/v1/services */
function applyServices(fresh) {
  const list = fresh.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name, name_en: s.name_en, agency_id: s.agency.id }));
  // names stay known for services that went away: their waiting citizens are still called
  for (const s of list) services.set(s.id, s);
  for (const s of fresh) agencies[s.agency.id] = { name: s.agency.name, short_name: s.agency.short_name };
  // …but no ticket is transferred into them
  DATA.services.splice(0, DATA.services.length, ...list);
}

/** @param {CounterInfo[]} fresh GET /api/v1/counters (the counters this user may see) */
function applyCounters(fresh) {
  const byId = new Map(fresh.map((c) => [c.id, {
    id: c.id, name: c.name, number: c.number, agency_id: c.agency_id, service_ids: c.service_ids, status: c.status,
  }]));
  for (const c of fresh) seenAgencies.add(c.agency_id);
  const gone = (/** @type {CounterInfo} */ c) => !byId.has(c.id) && seenAgencies.has(c.agency_id);
  /** @param {CounterInfo[]} list */
  const update = (list) => {
    const kept = list.filter((c) => !gone(c)).map((c) => byId.get(c.id) || c);
    list.splice(0, list.length, ...kept);
  };
  update(DATA.all_counters);
  for (const c of fresh) {
    if (!DATA.all_counters.some((x) => x.id === c.id)) DATA.all_counters.push(byId.get(c.id));
  }
  DATA.all_counters.sort((a, b) => a.number - b.number);
  allCounters.clear();
  for (const c of DATA.all_counters) allCounters.set(c.id, c);
  update(myCounters);
  if (DATA.role === "admin" || DATA.role === "supervisor") {
    // they work at every counter they see (an officer's own counters come with their account)
    for (const c of fresh) if (!myCounters.some((x) => x.id === c.id)) myCounters.push(byId.get(c.id));
    myCounters.sort((a, b) => a.number - b.number);
  }
}

/** @returns {Promise<boolean>} false when the server could not be reached */
export async function refreshCatalog() {
  const [fresh, counters] = await Promise.all([
    api("/api/v1/services"), api("/api/v1/counters"), refresh(),
  ]);
  applyServices(fresh.services);
  applyCounters(counters.counters);
  render();
  if (!$("picker").hidden) renderPicker();
  if ($("transfer-dialog").open) renderTransferList();
  return true;
}

export const catalog = new CatalogFollower(refreshCatalog);
window.__loketCatalog = catalog;
