// @ts-check
// The console's data: what the page was rendered with (the user's counters, the catalog),
// the live state, and lookups over both.
import { HallClock } from "../clock.js";
import { ApiError, api } from "../loket.js";
import { t, texts } from "./texts.js";

/**
 * @typedef {{id: string, name: string, number: number, agency_id: string, service_ids: string[], status: string}} CounterInfo
 * @typedef {{id: string, prefix: string, name: string, name_en: string, agency_id: string}} ServiceInfo
 * @typedef {{id: string, code: string, status: string, service_id: string, agency_id: string,
 *   priority: boolean, priority_kind?: string | null, language: string, issued_at: string,
 *   called_at?: string | null, started_at?: string | null, transferred_from?: string | null,
 *   target_counter_id?: string | null}} Ticket
 * @typedef {{ticket: Ticket, recallable: boolean, later_calls: number}} Skipped
 * @typedef {{kind: "service" | "counter", id: string, prefix: string, title: string, sub: string, hay: string}} TransferTarget
 * @typedef {object} ConsoleSnapshot GET /api/v1/counters/{id}/console
 * @property {number} event_id
 * @property {{id: string, status: string, pause_reason: string | null, service_ids?: string[]}} counter
 * @property {Ticket | null} current
 * @property {Ticket[]} waiting
 * @property {Skipped[]} skipped
 * @property {Record<string, number | null>} stats
 * @property {number} forfeit_after
 * @property {string[]} [allowed_actions] the console actions the server would accept now
 * @property {Record<string, string>} [blocked_actions] the others, each with its reason code
 * @property {CounterInfo[]} [transfer_counters] the counters the current ticket may be sent
 *   to (the server decides: those serving its service)
 * @property {Ticket[]} [recent] the tickets this counter called today, latest first (the
 *   current one left out), each reprintable
 * @property {boolean} [can_reprint] a printer is configured for a reprint from here
 */

/** @type {{user: string, role: string, timezone: string, forfeit_after: number,
 *   counters: CounterInfo[], all_counters: CounterInfo[], services: ServiceInfo[],
 *   agencies: Record<string, {name: string, short_name: string}>}} */
export const DATA = JSON.parse(document.getElementById("console-data").textContent);
const CSRF = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="csrf-token"]'))?.content || "";

export const services = new Map(DATA.services.map((s) => [s.id, s]));
export const allCounters = new Map(DATA.all_counters.map((c) => [c.id, c]));
export const myCounters = DATA.counters;
export const agencies = DATA.agencies || {};
export const clock = new HallClock(DATA.timezone);
export const MAX_ROWS = 150; // a long queue stays cheap to draw; the count shows the rest

export const state = {
  counterId: /** @type {string | null} */ (null),
  snapshot: /** @type {ConsoleSnapshot | null} */ (null),
  busy: false,
  socketOnline: false,
  joined: false,
  live: /** @type {ReturnType<typeof import("../live.js").connectSocket> | null} */ (null),
  refreshTimer: /** @type {ReturnType<typeof setTimeout> | null} */ (null),
  refreshSeq: 0,
  appliedSeq: 0,
  sessionEnded: false,
  transferChoice: /** @type {TransferTarget | null} */ (null),
  callChoice: /** @type {Ticket | null} */ (null),
  serviceInfo: new Map(), // id -> {waiting, open} from /api/v1/services, for the transfer list
};

// read by tests and by whoever looks at this console from the dev tools
window.__loketConsole = { snapshots: 0, requests: 0, keys: 0, refreshFailures: 0, state };

/** @param {string | null | undefined} iso */
export function minutesSince(iso, until = clock.now()) {
  const at = Date.parse(iso || "");
  if (!Number.isFinite(at)) return 0;
  return Math.max(0, Math.floor((until - at) / 60000));
}

/** "4:05" (or "1:02:09") since then, on the server's clock. @param {string | null | undefined} iso */
export function clockSince(iso) {
  const at = Date.parse(iso || "");
  if (!Number.isFinite(at)) return "0:00";
  const seconds = Math.max(0, Math.floor((clock.now() - at) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** @param {string | null | undefined} iso */
export function timeOfDay(iso) {
  return clock.time(iso || "", texts.locale);
}

/** @param {string | null | undefined} id */
export function serviceName(id) {
  const s = services.get(id);
  if (!s) return id || "";
  return texts.lang === "en" && s.name_en ? s.name_en : s.name;
}

/** @param {string} id */
export function servicePrefix(id) {
  const s = services.get(id);
  return s ? s.prefix : "";
}

/** @param {string} id */
export function agencyShort(id) {
  return (agencies[id] && agencies[id].short_name) || id || "";
}

/** @param {string} id */
export function counterName(id) {
  const c = allCounters.get(id);
  return c ? c.name : id;
}

/** @param {string | null | undefined} kind */
export function priorityLabel(kind) {
  const key = `kind.${kind}`;
  return kind ? `${t("priority")} · ${texts.has(key) ? texts.t(key) : kind}` : t("priority");
}

/** @param {unknown} text */
export function normalize(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Every typed word is somewhere in the haystack, accents and case aside.
 *  @param {string} haystack @param {string} query */
export function matches(haystack, query) {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  const hay = normalize(haystack);
  return words.every((w) => hay.includes(w));
}

/** A POST of the signed-in officer (CSRF token of the page).
 *  @param {string} path @param {object} [body] @param {Record<string, string>} [headers] */
export async function post(path, body = {}, headers = {}) {
  window.__loketConsole.requests += 1;
  return api(path, { method: "POST", body, headers: { "X-CSRFToken": CSRF, ...headers } });
}

/** @param {unknown} err */
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t("network");
    if (err.status === 401) return t("sessionEnded");
    // the server's messages are plain Indonesian sentences, fit to show as they are
    if (err.message && !/^HTTP \d+$/.test(err.message)) return err.message;
  }
  return t("unexpected");
}
