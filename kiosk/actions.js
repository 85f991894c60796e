// @ts-check
// What a tap does (and what the kiosk does by itself: return home when idle, follow the print
// job, refresh the services). Separate from the entry kiosk.js so the screens can import it:
// the entry is loaded with ?v=…, and importing it again would run a second kiosk.
import { $ } from "/static/js/dom.js";
import { ApiError, api, uuid } from "/static/js/loket.js";
import { pairAgainOn401 } from "/static/js/screen.js";
import {
  applyWaiting, renderAgencies, renderPair, renderPrintLine, renderPriority, renderServices,
  renderTicket,
} from "./screens.js";
import { IDLE_MS, state } from "./state.js";
import { hallLang, t, texts } from "./texts.js";

const PRINT_POLL_MS = 2000;

// ------------------------------------------------------------------ taps

export function home() {
  stopPrintPolling();
  if (state.ticket && state.live) state.live.leave(`ticket:${trackToken(state.ticket)}`);
  state.agency = null;
  state.service = null;
  state.ticket = null;
  state.issueKey = null;
  state.busy = false;
  texts.lang = hallLang; // the next citizen starts in the hall's language
  clearTimeout(state.idleTimer);
  if (!state.token) return renderPair();
  renderAgencies();
}

/** Home, with a line saying why (the service or agency the citizen was on went away).
 *  @param {string} notice */
export function backToAgencies(notice) {
  home();
  if (state.screen === "agencies") renderAgencies(notice);
}

/** @param {string} id */
export function chooseAgency(id) {
  state.agency = id;
  renderServices();
}

/** @param {string} id */
export function chooseService(id) {
  const s = state.services.find((x) => x.id === id);
  if (!s || !s.open) {
    document.body.dataset.refused = id; // a closed service takes no tap; tests wait on this
    return;
  }
  state.service = id;
  state.issueKey = uuid(); // one key per ticket attempt: repeated taps get the same ticket
  renderPriority();
}

/** @param {string | null} kind the priority kind, null for the regular queue
 *  @param {HTMLElement} [button] */
export async function takeTicket(kind, button) {
  document.body.dataset.taps = String(++state.taps);
  if (state.busy) return; // a second tap while the first is in flight does nothing
  state.busy = true;
  document.body.dataset.issuing = "1";
  document.querySelectorAll(".choice, .back").forEach((b) => { /** @type {HTMLButtonElement} */ (b).disabled = true; });
  if (button) button.classList.add("chosen");
  try {
    /** @type {Record<string, unknown>} */
    const body = { service_id: state.service, language: texts.lang, priority: Boolean(kind) };
    if (kind) body.priority_kind = kind;
    const data = await api("/api/v1/tickets", {
      method: "POST", token: state.token, body, headers: { "Idempotency-Key": state.issueKey },
    });
    showIssued(data.ticket);
  } catch (err) {
    state.busy = false;
    if (pairAgainOn401("kiosk", err)) return; // the token is dead: to the pairing code
    if (err instanceof ApiError && (err.code === "service_closed" || err.code === "quota_reached")) {
      await refreshServices();
      return renderServices();
    }
    if (err instanceof ApiError && err.code === "not_found" && err.field === "service_id") {
      // deactivated by an admin while the citizen was choosing
      await refreshServices();
      return leaveGoneService();
    }
    // network trouble: the same Idempotency-Key makes a retry safe
    renderPriority(err instanceof ApiError && err.code !== "network" ? err.message : t("issueFailed"));
  } finally {
    document.body.dataset.issuing = "0";
  }
}

/** A ticket just issued (a walk-in, or a booking checked in): on screen, its print followed.
 *  @param {NonNullable<typeof state.ticket>} ticket */
export function showIssued(ticket) {
  state.ticket = ticket;
  state.print = undefined;
  state.reprintNote = null;
  renderTicket();
  followPrint(ticket);
  refreshServices();
}

/** @param {{track_url: string}} ticket */
function trackToken(ticket) {
  return ticket.track_url.split("/").pop();
}

// ------------------------------------------------------------------ printing

/** @param {import("./state.js").PrintJob | null} job */
export function updatePrint(job) {
  state.print = job;
  if (state.screen !== "ticket") return;
  renderPrintLine();
  if (job && job.status === "sent") armIdle(IDLE_MS.ticketPrinted);
  else armIdle(IDLE_MS.ticketProblem); // keep the number on screen longer when printing fails
  if (!job || job.status !== "pending") stopPrintPolling();
}

/** "Cetak ulang" on the ticket screen after the printer failed: a copy through the reprint
 *  route (marked ULANG), then followed like the first job. The server refuses (403) a ticket
 *  of another kiosk or older than 15 minutes; the kiosk says why under the button.
 *  @param {HTMLButtonElement} [button] */
export async function reprintTicket(button) {
  const ticket = state.ticket;
  if (!ticket || state.reprinting) return;
  state.reprinting = true;
  if (button) button.disabled = true;
  try {
    await api(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/reprint`, {
      method: "POST", token: state.token, body: {},
    });
    if (state.ticket !== ticket) return;
    state.reprintNote = null;
    state.reprinting = false;
    updatePrint({ status: "pending", attempts: 0 });
    followPrint(ticket); // the phone page's API reports the newest job: this copy
  } catch (err) {
    if (pairAgainOn401("kiosk", err)) return;
    state.reprintNote = err instanceof ApiError && err.code !== "network" ? err.message : t("reprintFailed");
  } finally {
    state.reprinting = false;
  }
  if (state.ticket === ticket && state.screen === "ticket") renderPrintLine();
}

/** The print job's fate, live (print.updated) and by polling the phone page's API.
 *  @param {{id: string, track_url: string}} ticket */
function followPrint(ticket) {
  if (state.live) state.live.join(`ticket:${trackToken(ticket)}`);
  stopPrintPolling();
  const poll = async () => {
    if (!state.ticket || state.ticket.id !== ticket.id) return;
    try {
      const data = await api(`/api/v1/track/${trackToken(ticket)}`);
      if (state.ticket && state.ticket.id === ticket.id) updatePrint(data.ticket.print);
    } catch (err) {
      /* polling is the fallback of the socket; the next round tries again */
    }
    if (state.pollTimer !== null) state.pollTimer = setTimeout(poll, PRINT_POLL_MS);
  };
  state.pollTimer = setTimeout(poll, 300);
}

function stopPrintPolling() {
  if (state.pollTimer !== null) clearTimeout(state.pollTimer);
  state.pollTimer = null;
}

/** Back to the start after `ms` without a tap. @param {number} ms */
export function armIdle(ms) {
  clearTimeout(state.idleTimer);
  state.idleTimer = setTimeout(home, ms);
}

// ------------------------------------------------------------------ connection

export async function refreshServices() {
  try {
    const data = await api("/api/v1/services");
    state.services = data.services;
    if (data.hall) state.hall = data.hall;
    setOffline(false);
    return true;
  } catch (err) {
    setOffline(true);
    return false;
  }
}

/** What a citizen sees of a service: a change of any of it is worth redrawing for.
 *  (Waiting counts and estimates change all the time and are updated in place.)
 *  @param {import("./state.js").Service[]} services */
function looks(services) {
  return JSON.stringify(services.map((s) => [s.id, s.prefix, s.name, s.name_en, s.agency, s.open,
    s.closed_message, s.closed_message_en, s.next_open_at, s.requirements || []]));
}

/** The service list refetched after an administration change (or a reconnect, or the slow
 *  poll), redrawn only where what the citizen sees changed, keeping their place: a renamed
 *  service shows its new name, a new one appears, and a citizen about to take a number of a
 *  service just deactivated goes back to the list with a short notice.
 *  @param {{site?: boolean}} [what] `site`: the hall's name in the header too (changes and
 *    reconnects, not the slow poll)
 *  @returns {Promise<boolean>} false when the server could not be reached */
export async function refreshCatalog({ site = false } = {}) {
  const before = state.services;
  if (site) refreshSiteName();
  if (!(await refreshServices())) return false;
  const now = state.services;
  if (state.screen === "agencies") {
    if (looks(before) !== looks(now)) renderAgencies();
    else applyWaiting(Object.fromEntries(now.map((s) => [s.id, s.waiting])));
  } else if (state.screen === "services") {
    const mine = (/** @type {import("./state.js").Service[]} */ list) => list.filter((s) => s.agency.id === state.agency);
    if (!mine(now).length) backToAgencies(t("serviceGone"));
    else if (looks(mine(before)) !== looks(mine(now))) renderServices();
    else applyWaiting(Object.fromEntries(now.map((s) => [s.id, s.waiting])));
  } else if (state.screen === "priority" && !state.busy) {
    // (while a ticket is being issued its answer decides what the citizen sees next)
    const was = before.find((s) => s.id === state.service);
    const is = now.find((s) => s.id === state.service);
    if (!is) leaveGoneService();
    else if (!was || looks([was]) !== looks([is])) renderPriority();
  }
  return true;
}

/** The hall's name in the header: the TV snapshot of the whole hall carries it. */
async function refreshSiteName() {
  try {
    const snapshot = await api("/api/v1/display/state?zone=all", { token: state.token });
    const name = snapshot.zone && snapshot.zone.name;
    if (name && $("site-name").textContent !== name) $("site-name").textContent = name;
  } catch (err) {
    pairAgainOn401("kiosk", err); // else the name is a nicety; the services matter
  }
}

/** The citizen's service is gone (deactivated): back to the list, saying so. */
function leaveGoneService() {
  state.service = null;
  state.issueKey = null;
  renderServices(t("serviceGone"));
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let offlineTimer;
/** @param {boolean} offline */
export function setOffline(offline) {
  const overlay = $("offline");
  clearTimeout(offlineTimer);
  if (!offline) {
    overlay.classList.add("hidden");
    return;
  }
  // a blip of a second is not worth covering the screen for
  offlineTimer = setTimeout(() => overlay.classList.remove("hidden"), 2500);
}
