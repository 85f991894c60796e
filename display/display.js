// @ts-check
// The lobby TV. It renders from the display.state snapshot, applies live events in
// event_id order (duplicates ignored), speaks only fresh calls one at a time (sound.js),
// resyncs after any loss, falls back to polling, and keeps its DOM bounded for days of running.
// <body data-idle="1"> says it has a snapshot, hears live events (or polls) and has nothing
// left to say: the moment a test may check that nothing more happens.
import { CatalogFollower } from "/static/js/catalog.js";
import { HallClock } from "/static/js/clock.js";
import { $, el } from "/static/js/dom.js";
import { startHeartbeat } from "/static/js/heartbeat.js";
import { callToSpeakAfterResync } from "/static/js/event_order.js";
import { EventGate, connectSocket, fallbackPoll, resyncer } from "/static/js/live.js";
import { api } from "/static/js/loket.js";
import { qrSvg } from "/static/js/qr.js";
import { deviceToken, pairAgainOn401, reloadWhenUpdated, startPairing, whenSocketRefused } from "/static/js/screen.js";
import { Texts, asLang } from "/static/js/texts.js";
import { CounterPager, fitText, showWhole } from "./board_fit.js";
import { SoundQueue } from "./sound.js";
import { startSkmSlide } from "./skm_slide.js";

/** @typedef {import("./sound.js").Call} Call */

const MAX_CALLS = 8;
const FRESH_SECONDS = Number(document.body.dataset.freshSeconds || 45);
const POLL_MS = 3000;
const SOCKET_GRACE_MS = 8000;
const RESYNC_READS = 3; // snapshot reads a resync makes while live messages overtake them
const query = new URL(window.location.href).searchParams;
const zone = query.get("zone") || "all";
// how long a page of counter tiles stays (only when they do not fit at once); a test or the
// IT officer may shorten it with ?page_seconds=N
const PAGE_SECONDS = Math.max(2, Number(query.get("page_seconds")) || 8);
const token = deviceToken("display");

const TEXT = {
  id: { called: "Nomor dipanggil", history: "Panggilan terakhir", serving: "Sedang dilayani",
    waiting: "Menunggu", recall: "ULANG", recallBig: "PANGGILAN ULANG", offline: "Koneksi terputus — menyambungkan ulang…",
    paused: "istirahat", closed: "tutup", nobody: "Tidak ada yang menunggu saat ini",
    pairTitle: "Layar ini belum dipasangkan", pairBody: "Admin memasukkan kode ini di halaman Perangkat:", unpaired: "Layar belum dipasangkan: buka /display?device_token=TOKEN sekali." },
  en: { called: "Now calling", history: "Latest calls", serving: "Now serving",
    waiting: "Waiting", recall: "AGAIN", recallBig: "CALLING AGAIN", offline: "Connection lost — reconnecting…",
    paused: "break", closed: "closed", nobody: "Nobody is waiting right now",
    pairTitle: "This screen is not paired yet", pairBody: "An admin enters this code on the Devices page:", unpaired: "Screen not paired: open /display?device_token=TOKEN once." },
};
const texts = new Texts(TEXT, asLang(document.body.dataset.language));
const t = texts.t.bind(texts);
const clock = new HallClock(document.body.dataset.timezone, document.body.dataset.zoneLabel || "WIB");

const state = {
  gate: new EventGate(),
  calls: /** @type {Call[]} */ ([]), // newest first, at most MAX_CALLS
  counters: /** @type {Map<string, {node: HTMLElement, code?: string | null, status?: string}>} */ (new Map()),
  waiting: /** @type {Record<string, number>} */ ({}),
  serviceNames: /** @type {Record<string, string>} */ ({}),
  ready: false,
  socketOnline: false,
  joined: false,
  joinedBefore: false, // a join after this one is a reconnect
  lastPollOk: false,
  lastSnapshotAt: 0,
};

window.__loketDisplay = { audio: [], spoken: [], snapshots: 0 }; // read by tests and by the IT officer's console

const isLive = () => state.socketOnline && state.joined && state.ready;
/** @param {Call} call */
function isFresh(call) {
  const at = Date.parse(call.at);
  return state.ready && Number.isFinite(at) && (clock.now() - at) / 1000 <= FRESH_SECONDS;
}
const sound = new SoundQueue(/** @type {HTMLAudioElement} */ (/** @type {unknown} */ ($("player"))),
  document.body.dataset.chime, { isFresh, lang: texts.lang, onIdle: reportIdle });

function reportIdle() {
  const settled = state.ready && (isLive() || state.lastPollOk) && !sound.queue.length && !sound.busy;
  document.body.dataset.idle = settled ? "1" : "0";
  document.body.dataset.lastEventId = String(state.gate.last);
}

function tick() {
  const now = clock.now();
  $("clock").textContent = `${clock.time(now, texts.locale)} ${clock.zoneLabel}`;
  $("date").textContent = clock.date(now, texts.locale);
}

// ------------------------------------------------------------------ rendering

/** A counter tile's name and code, each shrunk into its line if it is too long.
 *  @param {HTMLElement} tile */
function fitTile(tile) {
  for (const part of tile.children) fitText(/** @type {HTMLElement} */ (part), /** @type {HTMLElement} */ (part.firstElementChild));
}
const pager = new CounterPager($("counters"), $("counters-page"), { pageMs: PAGE_SECONDS * 1000, fitTile });

/** The big call and the list under it, fitted to their boxes: shrunk text, whole calls. */
function fitCalls() {
  fitText($("now"));
  showWhole($("calls"), (item) => fitText(item));
}

/** Everything measured again: on a resize, a font swap, and a new set of counters. */
function fitBoard() {
  fitText($("brand-text"));
  fitCalls();
  pager.relayout();
  showWhole($("waiting"));
}

/** @param {Call} call @param {number} index */
function callItem(call, index) {
  const agency = call.agency ? call.agency.short_name : "";
  return el("li", { class: index === 0 ? "current" : null, dataset: { event: call.event_id } },
    el("span", { class: "code" }, call.ticket.code, call.recall ? el("span", { class: "tag" }, t("recall")) : null),
    el("span", { class: "where" }, call.counter.name),
    agency ? el("span", { class: "agency" }, agency) : null);
}

/** @param {number | null} [freshId] the call to flash */
function renderCalls(freshId = null) {
  // at most MAX_CALLS nodes ever: the list is rebuilt from the capped array
  $("calls").replaceChildren(...state.calls.slice(0, MAX_CALLS).map(callItem));
  const top = state.calls[0];
  $("now-code").textContent = top ? top.ticket.code : "—";
  $("now-counter").textContent = top ? top.counter.name : "";
  $("now-agency").textContent = top && top.agency ? top.agency.name : "";
  $("now-recall").classList.toggle("hidden", !(top && top.recall));
  fitCalls();
  if (freshId !== null && top && top.event_id === freshId) {
    const panel = $("now");
    panel.classList.remove("flash");
    void panel.offsetWidth; // restart the animation
    panel.classList.add("flash");
  }
}

/** The counter tiles, kept in the snapshot's order: an administration change may add,
 *  rename, reorder or remove counters (a removed one's tile goes).
 *  @param {{id: string, name: string, status: string, current: {code: string} | null}[]} counters */
function renderCounters(counters) {
  const grid = $("counters");
  const seen = new Set();
  let changed = false; // a tile added, removed or renamed: lay the grid out again
  let previous = /** @type {Element | null} */ (null);
  for (const c of counters) {
    seen.add(c.id);
    if (!state.counters.has(c.id)) {
      const node = el("div", { class: "counter", dataset: { counter: c.id } },
        el("div", { class: "cname" }, el("span", {}, c.name)), el("div", { class: "ccode" }, el("span", {}, "—")));
      state.counters.set(c.id, { node });
      changed = true;
    }
    const { node } = state.counters.get(c.id);
    const name = /** @type {HTMLElement} */ (node.querySelector(".cname span"));
    if (name.textContent !== c.name) {
      name.textContent = c.name;
      changed = true;
    }
    // moved only when out of place, so a steady screen never touches its DOM
    const wanted = previous ? previous.nextElementSibling : grid.firstElementChild;
    if (wanted !== node) grid.insertBefore(node, wanted);
    previous = node;
    setCounter(c.id, c.current ? c.current.code : null, c.status);
  }
  for (const [id, entry] of state.counters) {
    if (!seen.has(id)) {
      entry.node.remove();
      state.counters.delete(id);
      changed = true;
    }
  }
  if (changed) pager.relayout();
}

/** @param {string} id @param {string | null} code @param {string} [status] */
function setCounter(id, code, status) {
  const entry = state.counters.get(id);
  if (!entry) return;
  if (status) entry.status = status;
  entry.code = code;
  const label = entry.status === "paused" ? t("paused") : entry.status === "closed" ? t("closed") : null;
  const shown = label || code || "—";
  const kind = `counter ${label ? entry.status : code ? "busy" : "idle"}`;
  const text = /** @type {HTMLElement} */ (entry.node.querySelector(".ccode span"));
  if (entry.node.className === kind && text.textContent === shown) return;
  entry.node.className = kind;
  text.textContent = shown;
  if (!entry.node.hidden) fitTile(entry.node);
}

function renderWaiting() {
  const items = Object.entries(state.waiting)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([id, n]) => el("span", {}, `${state.serviceNames[id] || id} `, el("strong", {}, String(n))));
  $("waiting").replaceChildren(...(items.length ? items : [el("span", { class: "none" }, t("nobody"))]));
  showWhole($("waiting"));
}

/** The zone's name, or for the whole hall the hall's own name (an admin may rename either).
 *  @param {{zone?: {id: string, name: string}}} snapshot */
function applyNames(snapshot) {
  if (!snapshot.zone) return;
  const whole = snapshot.zone.id === "all";
  $("zone-name").textContent = whole ? "" : snapshot.zone.name;
  const site = document.querySelector(".site-name");
  if (whole && site && snapshot.zone.name && site.textContent !== snapshot.zone.name) site.textContent = snapshot.zone.name;
  fitText($("brand-text"));
}

/** The whole picture: on connect, after any gap, and on the first poll.
 *  @param {any} snapshot GET /api/v1/display/state (API.md) */
function applySnapshot(snapshot) {
  window.__loketDisplay.snapshots += 1;
  state.gate.reset(snapshot.event_id);
  clock.sync(snapshot.now);
  state.lastSnapshotAt = Date.now();
  applyNames(snapshot);
  // calls in the snapshot happened while this screen was loading or away: shown, never spoken
  state.calls = snapshot.calls.slice(0, MAX_CALLS);
  renderCalls();
  renderCounters(snapshot.counters);
  state.waiting = { ...snapshot.waiting };
  renderWaiting();
  const ticker = $("ticker");
  if (ticker.textContent !== snapshot.running_text) ticker.textContent = snapshot.running_text;
  state.ready = true;
  tick();
  reportIdle();
}

/** @param {Call} call @param {{live: boolean}} how */
function onCall(call, { live }) {
  if (!state.gate.accept("ticket.called", call.event_id)) return;
  state.calls = [call, ...state.calls.filter((c) => c.event_id !== call.event_id)].slice(0, MAX_CALLS);
  renderCalls(call.event_id);
  setCounter(call.counter.id, call.ticket.code);
  if (call.waiting) {
    Object.assign(state.waiting, call.waiting);
    renderWaiting();
  }
  if (live && isFresh(call)) sound.enqueue(call);
  reportIdle();
}

/** @param {{event_id: number, change: string, ticket: {code: string}}} event */
function onUpdated(event) {
  if (!state.gate.accept("ticket.updated", event.event_id)) return;
  const ticket = event.ticket;
  for (const [id, entry] of state.counters) {
    if (entry.code === ticket.code && ["finished", "skipped", "cancelled", "transferred"].includes(event.change)) {
      setCounter(id, null);
    }
  }
  reportIdle();
}

/** @param {string} name @param {{event_id: number, waiting: Record<string, number>}} event */
function onWaiting(name, event) {
  if (!state.gate.accept(name, event.event_id)) return;
  Object.assign(state.waiting, event.waiting);
  renderWaiting();
  reportIdle();
}

// what the screen is doing, for the IT officer's console and for tests
window.__loketDisplay.status = () => ({
  ready: state.ready, clockOffsetMs: clock.offsetMs, socketOnline: state.socketOnline,
  polling: !isLive(), lastPollOk: state.lastPollOk, lastEventId: state.gate.last,
  queued: sound.queue.length, soundBusy: sound.busy, soundBlocked: sound.blocked,
  lastCallAgeSeconds: state.calls[0] ? (clock.now() - Date.parse(state.calls[0].at)) / 1000 : null,
});

// ------------------------------------------------------------------ connection

/** @param {string} [message] */
function setStatus(message) {
  const node = $("status");
  node.textContent = message || "";
  node.classList.toggle("hidden", !message);
}

/** This zone's board over HTTP (API.md, GET /display/state). */
function readBoard() {
  return api(`/api/v1/display/state?zone=${encodeURIComponent(zone)}`, { token });
}

/** @param {{resumed: boolean}} how */
async function poll({ resumed }) {
  if (resumed) {
    state.lastPollOk = false;
    loadServiceNames(); // catalogue changes are not heard while the socket is down
  }
  try {
    const snapshot = await readBoard();
    setStatus("");
    if (state.gate.outdated(snapshot.event_id)) {
      // the socket came back meanwhile and brought something newer: keep its picture
    } else if (!state.ready || !state.lastPollOk) {
      // first contact after a gap: calls made meanwhile are shown, not spoken in a burst
      applySnapshot(snapshot);
    } else {
      // newest last, so each new call flashes and speaks in the order it was made
      for (const call of [...snapshot.calls].reverse()) {
        if (call.event_id > state.gate.last) onCall(call, { live: true });
      }
      renderCounters(snapshot.counters);
      state.waiting = { ...snapshot.waiting };
      renderWaiting();
      state.gate.last = Math.max(state.gate.last, snapshot.event_id);
    }
    state.lastPollOk = true;
  } catch (err) {
    state.lastPollOk = false;
    // revoked or unknown: back to the pairing code; a network loss keeps the overlay
    if (!pairAgainOn401("display", err)) setStatus(t("offline"));
  }
  reportIdle();
}

async function loadServiceNames() {
  try {
    const data = await api("/api/v1/services");
    /** @type {Record<string, string>} */
    const names = {};
    for (const s of data.services) names[s.id] = `${s.prefix} ${texts.lang === "en" ? s.name_en : s.name}`;
    state.serviceNames = names;
    renderWaiting();
    return true;
  } catch (err) {
    return false; // names are a nicety; numbers still show
  }
}

/** After an administration change: the counters (added, renamed, removed), the running
 *  text and the zone's name from a fresh snapshot, and the services' names. The calls, the
 *  event gate and the voice are left alone, so an announcement in progress goes on and no
 *  call is lost or spoken twice. */
async function refreshCatalog() {
  try {
    const [snapshot] = await Promise.all([
      readBoard(),
      loadServiceNames(),
    ]);
    renderCounters(snapshot.counters);
    /** @type {Record<string, string>} */
    const names = {};
    for (const c of snapshot.counters) names[c.id] = c.name;
    let renamed = false;
    for (const call of state.calls) {
      const name = names[call.counter.id];
      if (name && name !== call.counter.name) {
        call.counter = { ...call.counter, name };
        renamed = true;
      }
    }
    if (renamed) renderCalls();
    state.waiting = { ...snapshot.waiting };
    renderWaiting();
    applyNames(snapshot);
    const ticker = $("ticker");
    if (ticker.textContent !== snapshot.running_text) ticker.textContent = snapshot.running_text;
    reportIdle();
    return true;
  } catch (err) {
    pairAgainOn401("display", err);
    return false;
  }
}
const catalog = new CatalogFollower(refreshCatalog);
window.__loketCatalog = catalog;

function showPairing() {
  const code = el("div", { class: "pair-code" }, "…");
  const qr = el("div", { class: "pair-qr" });
  document.body.append(el("div", { class: "pair-overlay", id: "pairing" },
    el("div", { class: "pair-card" }, el("h1", {}, t("pairTitle")), el("p", {}, t("pairBody")), code, qr)));
  startPairing("display", (value, url) => {
    code.textContent = value;
    qr.replaceChildren(qrSvg(url, 5));
  });
}

/** A heartbeat (or a message come late) says this screen missed something, e.g. a call
 *  made on another server process while the message queue was down: the snapshot over HTTP.
 *  Of the calls it learns, only the newest of the last 30 s is spoken, once (event_order.js). */
async function resync() {
  let snapshot = await readBoard();
  // a live message that overtook the answer would be undone by it: read once more
  for (let tries = 1; state.gate.outdated(snapshot.event_id) && tries < RESYNC_READS; tries += 1) {
    snapshot = await readBoard();
  }
  if (state.gate.outdated(snapshot.event_id)) {
    setTimeout(resyncOnce, 1000); // a busy second: try again when it has passed
    return;
  }
  const calls = /** @type {Call[]} */ (snapshot.calls);
  const speak = callToSpeakAfterResync(calls, (id) => state.gate.knows(id), clock.now());
  window.__loketDisplay.resyncs = (window.__loketDisplay.resyncs || 0) + 1;
  applySnapshot(snapshot);
  if (speak) {
    renderCalls(speak.event_id);
    if (isFresh(speak)) sound.enqueue(speak);
  }
  reportIdle();
}

const resyncOnce = resyncer(resync);

function connect() {
  const live = connectSocket({
    token,
    rooms: [`display:${zone}`],
    order: state.gate,
    onBehind: resyncOnce,
    onRefused: whenSocketRefused("display", token),
    onState: (status) => {
      state.socketOnline = status === "online";
      if (!state.socketOnline) state.joined = false;
      // while it is down the poll below keeps the screen alive over HTTP
      setStatus(state.socketOnline ? "" : t("offline"));
      reportIdle();
    },
    onJoined: (room, ack) => {
      // the join answers with display.state (counters, running text); names of services
      // renamed while the screen was away come from /services
      if (ack && ack.ok && state.joinedBefore) loadServiceNames();
      state.joinedBefore = state.joinedBefore || Boolean(ack && ack.ok);
      state.joined = Boolean(ack && ack.ok);
      document.body.dataset.live = state.joined ? "1" : "0";
      if (!state.joined) setStatus(ack && ack.error ? ack.error.message : t("offline"));
      reportIdle();
    },
  });
  const { socket } = live;
  catalog.listen(socket);
  socket.on("display.state", (snapshot) => applySnapshot(snapshot));
  socket.on("ticket.called", (call) => onCall(call, { live: true }));
  socket.on("ticket.updated", onUpdated);
  socket.on("counter.updated", (ev) => {
    if (!state.gate.accept("counter.updated", ev.event_id)) return;
    const entry = state.counters.get(ev.counter.id);
    if (entry) setCounter(ev.counter.id, entry.code, ev.counter.status);
  });
  socket.on("ticket.issued", (ev) => onWaiting("ticket.issued", ev));
  socket.on("queue.waiting", (ev) => onWaiting("queue.waiting", ev));
  // websockets down (proxy, flaky network) or no snapshot yet: the same picture over HTTP
  fallbackPoll({ poll, isLive, onlineMs: Infinity, offlineMs: POLL_MS, graceMs: SOCKET_GRACE_MS });
}

function start() {
  texts.apply();
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fitBoard);
  });
  document.fonts.ready.then(fitBoard);
  tick();
  setInterval(tick, 1000);
  loadServiceNames();
  sound.listenForTap();
  sound.probeAutoplay();
  if (!token) {
    showPairing();
    return;
  }
  connect();
  startHeartbeat("display", () => token);
  // [skm] show_on_tv: now and then the running area shows each agency's IKM
  const ticker = $("ticker");
  if (document.body.dataset.skmSlide === "on") startSkmSlide(ticker.parentElement, ticker, texts.lang, token);
  // a new server version reloads the screen (after the queue has gone quiet)
  reloadWhenUpdated(() => !sound.busy);
}

start();
