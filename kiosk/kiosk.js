// @ts-check
// The ticket kiosk: agency → service → (priority) → ticket, in at most three taps; a booking
// is checked in from the first screen's keypad or a scanner at any screen (booking.js).
// It never shows a stack trace or a blank page: every failure becomes a plain sentence,
// and a lost server is waited for behind a "reconnecting" overlay.
//   texts.js    the texts, Indonesian first
//   state.js    what the kiosk holds between taps
//   screens.js  drawing the screens
//   actions.js  what a tap does, printing, idle return, refreshing the services
//   booking.js  checking a booking in: keypad, scanner, refusals
//   kiosk.js    the entry: the connection, the clock, the language button (this file)
import { CatalogFollower } from "/static/js/catalog.js";
import { $ } from "/static/js/dom.js";
import { startHeartbeat } from "/static/js/heartbeat.js";
import { connectSocket, fallbackPoll } from "/static/js/live.js";
import { reloadWhenUpdated, whenSocketRefused } from "/static/js/screen.js";
import { home, refreshCatalog, refreshServices, setOffline, updatePrint } from "./actions.js";
import { listenForScanner, redrawBooking } from "./booking.js";
import { clock } from "./opening.js";
import {
  applyWaiting, renderAgencies, renderPair, renderPriority, renderServices, renderTicket,
} from "./screens.js";
import { state } from "./state.js";
import { texts } from "./texts.js";

const SERVICES_POLL_MS = 30000;
// administration changes, reconnects and the slow poll all come down to one refetch
const catalog = new CatalogFollower(() => refreshCatalog({ site: true }));
window.__loketCatalog = catalog;

function tick() {
  const now = clock.now();
  const day = clock.date(now, texts.locale);
  $("clock").textContent = `${day} · ${clock.time(now, texts.locale)} ${clock.zoneLabel}`.trim();
}

function connect() {
  state.live = connectSocket({
    token: state.token,
    rooms: ["display:all"],
    onState: (status) => {
      if (status === "online") {
        setOffline(false);
        catalog.resync(); // changes made while the socket was away were not heard
      } else {
        setOffline(true); // a network loss: the overlay, the token kept
      }
    },
    // a token the server no longer takes (revoked, or unknown after a restart): pair again
    onRefused: whenSocketRefused("kiosk", state.token),
  });
  const { socket } = state.live;
  catalog.listen(socket);
  socket.on("display.state", (snapshot) => {
    state.gate.reset(snapshot.event_id);
    applyWaiting(snapshot.waiting);
  });
  socket.on("ticket.issued", (ev) => { if (state.gate.accept("ticket.issued", ev.event_id)) applyWaiting(ev.waiting); });
  socket.on("queue.waiting", (ev) => { if (state.gate.accept("queue.waiting", ev.event_id)) applyWaiting(ev.waiting); });
  socket.on("ticket.called", (ev) => { if (ev.waiting && state.gate.accept("ticket.called", ev.event_id)) applyWaiting(ev.waiting); });
  socket.on("print.updated", (ev) => {
    if (state.ticket && ev.code === state.ticket.code) updatePrint(ev);
  });
}

// ------------------------------------------------------------------ start

$("lang").addEventListener("click", () => {
  texts.lang = texts.lang === "id" ? "en" : "id";
  tick();
  /** @type {Record<string, () => void>} */
  const redraw = { agencies: renderAgencies, services: renderServices, priority: () => renderPriority(),
    ticket: renderTicket, pair: () => renderPair(), checkin: redrawBooking, checkinProblem: redrawBooking };
  redraw[state.screen]?.();
});
document.addEventListener("contextmenu", (ev) => ev.preventDefault());
window.addEventListener("error", (ev) => { console.error(ev.error || ev.message); });

async function start() {
  tick();
  setInterval(tick, 10000);
  if (!state.token) return renderPair();
  while (!(await refreshServices())) await new Promise((r) => setTimeout(r, 3000));
  home();
  listenForScanner(); // a scanned booking code is heard at any screen
  connect();
  startHeartbeat("kiosk", () => state.token);
  // the waiting list refreshes itself: sockets push counts, a slow poll catches the rest
  fallbackPoll({
    poll: () => refreshCatalog(),
    isLive: () => true,
    onlineMs: SERVICES_POLL_MS,
    offlineMs: SERVICES_POLL_MS,
  });
  reloadWhenUpdated(() => state.screen === "agencies");
}

start();
