// @ts-check
// Keeping the console in step: it re-fetches its snapshot after every own action, after any
// live event of the counter's room (debounced) and after every reconnect, and polls slowly
// underneath, faster while the socket is down. Administration changes (`catalog.updated`)
// and reconnects also bring the hall's services and counters again (catalog.js).
import { $ } from "../dom.js";
import { connectSocket, fallbackPoll, resyncer } from "../live.js";
import { ApiError, api } from "../loket.js";
import { catalog } from "./catalog.js";
import { sessionEnded, showError } from "./messages.js";
import { render, renderTimes } from "./render.js";
import { clock, state } from "./state.js";
import { t } from "./texts.js";

const REFRESH_DEBOUNCE_MS = 150;
const POLL_ONLINE_MS = 30000; // a safety net: events are the fast path
const POLL_OFFLINE_MS = 5000;
const LIVE_EVENTS = ["ticket.issued", "ticket.called", "ticket.updated", "queue.waiting", "counter.updated"];

/** Fetches the counter's snapshot and draws it; answers can overtake each other, so only the
 *  newest asked-for one is applied. */
export async function refresh() {
  const id = state.counterId;
  if (!id || state.sessionEnded) return;
  const seq = ++state.refreshSeq;
  try {
    const snapshot = await api(`/api/v1/counters/${encodeURIComponent(id)}/console`);
    if (seq <= state.appliedSeq || id !== state.counterId) return;
    state.appliedSeq = seq;
    state.snapshot = snapshot;
    if (state.live) state.live.order.reset(snapshot.event_id);
    window.__loketConsole.snapshots += 1;
    render();
  } catch (err) {
    window.__loketConsole.refreshFailures += 1;
    if (id !== state.counterId) return;
    if (err instanceof ApiError && err.status === 401) sessionEnded();
    else if (!(err instanceof ApiError && err.status === 0)) showError(err);
    // a network failure shows on the live badge; the next poll tries again
  }
}

function scheduleRefresh() {
  if (state.refreshTimer !== null) return; // one fetch per burst of events
  state.refreshTimer = setTimeout(() => {
    state.refreshTimer = null;
    refresh();
  }, REFRESH_DEBOUNCE_MS);
}

/** @param {"online" | "offline"} status */
function setLive(status) {
  const node = $("live");
  const online = status === "online";
  node.className = `live ${online ? "online" : "offline"}`;
  const key = online ? "online" : "offline";
  node.dataset.t = key; // a language switch re-reads this key, not the first "connecting"
  node.textContent = t(key);
  document.body.dataset.live = online && state.joined ? "1" : "0";
}

let connectedBefore = false;

export function startLive() {
  if (typeof io !== "function") { // the vendor script did not load
    setLive("offline");
    return;
  }
  state.live = connectSocket({
    rooms: state.counterId ? [`counter:${state.counterId}`] : [],
    // a heartbeat names an event this console never heard (lost on the way): the snapshot
    onBehind: resyncer(refresh),
    onState: (status) => {
      // after a reconnect: catalogue changes made meanwhile were not heard
      if (status === "online" && !state.socketOnline && connectedBefore) catalog.resync();
      if (status === "online") connectedBefore = true;
      state.socketOnline = status === "online";
      if (!state.socketOnline) state.joined = false;
      setLive(state.socketOnline && state.joined ? "online" : "offline");
    },
    onJoined: (room, ack) => {
      if (room !== `counter:${state.counterId}`) return;
      state.joined = Boolean(ack && ack.ok);
      setLive(state.joined ? "online" : "offline");
      if (!state.joined && ack && ack.error) showError(ack.error.message || t("unexpected"));
      // events sent while this console was away are lost: start again from a snapshot
      refresh();
    },
  });
  const { socket } = state.live;
  catalog.listen(socket);
  for (const name of LIVE_EVENTS) {
    socket.on(name, (/** @type {{event_id?: number}} */ event) => {
      if (event && event.event_id) document.body.dataset.lastEventId = String(event.event_id);
      scheduleRefresh();
    });
  }
}

/** The server's clock for the "called 3:05 ago" timers. */
async function syncClock() {
  try {
    const health = await api("/api/v1/health", { timeoutMs: 5000 });
    clock.sync(health.now);
    renderTimes();
  } catch (err) { /* the local clock will do meanwhile */ }
}

export function keepInStep() {
  syncClock();
  setInterval(syncClock, 10 * 60 * 1000);
  fallbackPoll({
    poll: refresh,
    isLive: () => state.joined,
    onlineMs: POLL_ONLINE_MS,
    offlineMs: POLL_OFFLINE_MS,
    graceMs: POLL_OFFLINE_MS,
    canPoll: () => !state.busy,
  });
}
