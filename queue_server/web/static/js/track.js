// @ts-check
// The citizen's phone page, opened from the QR code on the ticket: status, people ahead,
// estimated wait, and — big — the counter when called; vibrates and chimes when called if
// the phone allows it. Live over Socket.IO: its ticket's room says what happens to it, its
// service's room (`queue.order`, one message per change) where every waiting code stands,
// and the page reads its own line there. It asks `GET /track` only for a snapshot (a
// reconnect, a missed message) and polls slowly only while its socket is down.
import { mountComplaintForm } from "./complaint_form.js";
import { $, el } from "./dom.js";
import { EventGate, connectSocket, fallbackPoll, resyncer } from "./live.js";
import { api } from "./loket.js";
import { Texts, asLang } from "./texts.js";
import { placeIn } from "./track_place.js";
import { SkmEntry } from "./track_skm.js";

const TEXT = {
  id: {
    yourNumber: "Nomor antrian Anda", ahead: "orang di depan Anda", minutes: "perkiraan tunggu",
    note: "Halaman ini diperbarui otomatis. Biarkan terbuka; ponsel bergetar saat Anda dipanggil.",
    offline: "Menyambungkan ulang…", waiting: "Menunggu giliran",
    called: "Silakan menuju {counter}", serving: "Sedang dilayani di {counter}",
    done: "Selesai dilayani. Terima kasih!", no_show: "Nomor Anda terlewat. Segera hubungi petugas.",
    cancelled: "Tiket dibatalkan.", docsTitle: "Dokumen yang perlu dibawa", toggle: "EN",
    skmTitle: "Bagaimana pelayanan kami?", skmInvite: "Sembilan pertanyaan singkat, sekitar satu menit, tanpa nama.",
    skmStart: "Beri penilaian", skmAnswered: "Terima kasih, penilaian Anda sudah kami terima.",
    complaintOpen: "Sampaikan pengaduan/saran",
  },
  en: {
    yourNumber: "Your number", ahead: "people ahead", minutes: "estimated wait",
    note: "This page updates itself. Keep it open; your phone vibrates when you are called.",
    offline: "Reconnecting…", waiting: "Waiting for your turn",
    called: "Please go to {counter}", serving: "Being served at {counter}",
    done: "Served. Thank you!", no_show: "Your number was skipped. Please see an officer.",
    cancelled: "Ticket cancelled.", docsTitle: "Documents to bring", toggle: "ID",
    skmTitle: "How was our service?", skmInvite: "Nine short questions, about a minute, no names.",
    skmStart: "Rate our service", skmAnswered: "Thank you: your rating has been received.",
    complaintOpen: "Send a complaint or suggestion",
  },
};
// the documents to bring matter until the citizen reaches the counter
const DOCS_WHILE = ["waiting", "called"];
// the service room brings every change; the poll is the lifeline while the socket is down
const OFFLINE_POLL_MS = 60000;
const OFFLINE_GRACE_MS = 10000; // a reconnect usually comes first (and fetches a snapshot)

const token = document.body.dataset.token;
const texts = new Texts(TEXT, asLang(document.body.dataset.lang));
const t = texts.t.bind(texts);
let ticket = JSON.parse(document.getElementById("initial").textContent);
let alerted = ticket.status === "called";
let joined = false;
const ticketRoom = `ticket:${token}`;
/** @type {string | null} the `service:ID` room followed while the ticket waits */
let serviceRoom = null;
/** the newest `queue.order` applied (its event id) */
let placedAt = 0;
// the page's snapshot includes every event up to its event_id: older messages are dropped
const order = new EventGate();
order.caughtUp(ticket.event_id || 0);
// once served, the citizen is offered the SKM form (also when the QR is opened the next day)
const skm = new SkmEntry(token, texts.lang);
/** @type {ReturnType<typeof mountComplaintForm> | null} a complaint about this visit, any time */
let complaint = null;

/** How the status line looks: called stands out, finished ones fade. @param {string} status */
function stateClass(status) {
  if (status === "called") return "called";
  if (status === "done") return "done";
  return ["no_show", "cancelled"].includes(status) ? "gone" : "";
}

function render() {
  texts.apply();
  $("lang").textContent = t("toggle");
  $("code").textContent = ticket.code;
  $("service").textContent = texts.lang === "en" ? ticket.service.name_en : ticket.service.name;
  const counter = ticket.counter ? ticket.counter.name : "";
  const state = $("state");
  const status = ticket.status;
  state.textContent = texts.has(status) ? t(status, { counter }) : status;
  state.className = `state ${stateClass(status)}`;
  $("facts").classList.toggle("hidden", status !== "waiting");
  renderDocs(status);
  $("ahead").textContent = String(ticket.people_ahead);
  // the server's words (domain/eta_words.py), as the kiosk and the paper say it
  $("eta").textContent = (texts.lang === "en" ? ticket.eta_text_en : ticket.eta_text) || "–";
  skm.update(status);
}

/** The service's persyaratan (names shown as they are in both languages), while they are of
 *  use: hidden when there are none and once the ticket is served or gone.
 *  @param {string} status */
function renderDocs(status) {
  /** @type {string[]} */
  const docs = (ticket.service.requirements || []).filter((/** @type {string} */ d) => d && d.trim());
  $("docs").classList.toggle("hidden", !docs.length || !DOCS_WHILE.includes(status));
  $("docs-list").replaceChildren(...docs.map((d) => el("li", {}, d)));
}

function alertCalled() {
  if (alerted) return;
  alerted = true;
  if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
  const audio = new Audio(document.body.dataset.chime);
  audio.play().catch(() => { /* the phone did not allow sound; the vibration and the screen say it */ });
}

/** @param {Record<string, any>} next the ticket's new fields */
function update(next) {
  // an event that carries a shorter service keeps what the page already knew of it
  ticket = { ...ticket, ...next, service: { ...ticket.service, ...(next.service || {}) } };
  if (ticket.status === "called") alertCalled();
  else if (ticket.status === "waiting") alerted = false;
  followService();
  render();
}

/** Follow the service's room while waiting there (a transfer moves to the new one); a
 *  called or served citizen needs no more of the queue's messages. */
function followService() {
  const wanted = ticket.status === "waiting" && ticket.service.id ? `service:${ticket.service.id}` : null;
  if (wanted === serviceRoom) return;
  if (serviceRoom) live.leave(serviceRoom);
  serviceRoom = wanted;
  delete document.body.dataset.following;
  if (wanted) live.join(wanted);
}

/** Where this ticket stands, read from its service's `queue.order` (track_place.js).
 *  @param {import("./track_place.js").QueueOrder} ev */
function placeFrom(ev) {
  const read = placeIn(ev, { code: ticket.code, serviceId: ticket.service.id,
    waiting: ticket.status === "waiting", newestId: Math.max(placedAt, order.floor) });
  if (read.verdict === "other" || read.verdict === "stale") return;
  placedAt = ev.event_id;
  if (read.verdict === "place") update(read.place);
  else resync(); // missing: no longer waiting here, and its own news has not come yet
}

async function refresh() {
  try {
    const data = await api(`/api/v1/track/${encodeURIComponent(token)}`);
    $("offline").classList.add("hidden");
    // a live message overtook this answer (event_order.js): the page is newer than it
    if (order.outdated(data.ticket.event_id)) return;
    order.caughtUp(data.ticket.event_id || 0);
    update(data.ticket);
  } catch (err) {
    if (err.status === 404) return;
    $("offline").classList.remove("hidden");
  }
}

$("lang").addEventListener("click", () => {
  texts.lang = texts.lang === "id" ? "en" : "id";
  skm.setLang(texts.lang);
  if (complaint) complaint.setLang(texts.lang);
  render();
});
$("complaint-open").addEventListener("click", () => {
  $("complaint-open").classList.add("hidden");
  $("complaint").classList.remove("hidden");
  complaint = mountComplaintForm($("complaint"), { ticketToken: token, lang: texts.lang });
});
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

render();
const resync = resyncer(refresh);
const live = connectSocket({
  rooms: [ticketRoom],
  order,
  // a heartbeat names an event this phone never heard, or one came late: the snapshot
  onBehind: (eventId) => {
    live.order.caughtUp(eventId);
    resync();
  },
  onJoined: (room, ack) => {
    if (room === ticketRoom) {
      joined = Boolean(ack && ack.ok);
      document.body.dataset.live = joined ? "1" : "0";
    } else if (room === serviceRoom && ack && ack.ok) {
      document.body.dataset.following = room;
    }
  },
  onState: (status) => {
    if (status !== "online") joined = false;
    $("offline").classList.toggle("hidden", status === "online");
    if (status === "online") refresh();
  },
});
live.socket.on("ticket.called", (ev) => { if (live.order.accept("ticket.called", ev.event_id)) update(ev.ticket); });
live.socket.on("ticket.updated", (ev) => { if (live.order.accept("ticket.updated", ev.event_id)) update(ev.ticket); });
live.socket.on("queue.order", placeFrom);
followService();
fallbackPoll({ poll: refresh, isLive: () => joined, onlineMs: Infinity,
  offlineMs: OFFLINE_POLL_MS, graceMs: OFFLINE_GRACE_MS });
