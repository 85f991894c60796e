// @ts-check
// The survey tablet at a counter. Idle between citizens ("Terima kasih telah dilayani —
// silakan nilai pelayanan kami"); when the officer finishes a citizen at this counter the
// server says so (`survey.ticket` in the room survey:COUNTER) and the SKM form opens for that
// ticket; after the answer, thanks, then idle again after 10 s, or at once when the next
// citizen is finished. A reconnect resyncs from the join's `survey.state` (emits are lost
// while the socket or the message queue is down) and HTTP polls cover a socket that is down.
// The officer's name is never part of anything this page receives. Idle and after thanks
// the citizen may also file a complaint or suggestion (complaint_form.js).
import { $, el } from "./dom.js";
import { startHeartbeat } from "./heartbeat.js";
import { EventGate, connectSocket, fallbackPoll, resyncer } from "./live.js";
import { ApiError, api } from "./loket.js";
import { qrSvg } from "./qr.js";
import { deviceToken, forgetDeviceToken, reloadWhenUpdated, startPairing } from "./screen.js";
import { mountComplaintForm } from "./complaint_form.js";
import { mountSkmForm } from "./skm_form.js";
import { Texts, asLang } from "./texts.js";

/** @typedef {{token: string, code: string, service: {id: string, name: string, name_en: string},
 *    finished_at: string, language: string}} SurveyTicket */
/** @typedef {{counter: {id: string, name: string, number: number, agency: string},
 *    ticket: SurveyTicket | null, event_id: number, now: string}} SurveyState */

const TEXT = {
  id: { idleTitle: "Terima kasih telah dilayani", idleSub: "Silakan nilai pelayanan kami",
    idleHow: "Penilaian muncul di sini setelah petugas menyelesaikan layanan Anda. Tanpa nama, hanya beberapa ketukan.",
    offline: "Menyambungkan ulang…", backSoon: "Kembali ke layar awal dalam {n} detik.", toggle: "EN",
    complaintOpen: "Sampaikan pengaduan/saran", complaintClose: "Tutup",
    pairTitle: "Tablet survei ini belum dipasangkan", pairBody: "Admin memasukkan kode ini di halaman Perangkat dan memilih loketnya:" },
  en: { idleTitle: "Thank you for visiting us", idleSub: "Please rate our service",
    idleHow: "The rating appears here once the officer has finished serving you. No names, only a few taps.",
    offline: "Reconnecting…", backSoon: "Back to the start screen in {n} seconds.", toggle: "ID",
    complaintOpen: "Send a complaint or suggestion", complaintClose: "Close",
    pairTitle: "This survey tablet is not paired yet", pairBody: "An admin enters this code on the Devices page and picks its counter:" },
};
const THANKS_MS = 10000; // thanks stays this long, then idle
const ABANDON_MS = 120000; // a form nobody touches for this long was left: back to idle
const RECEIPT_MS = 45000; // a filed complaint's code stays this long untouched
const POLL_MS = 5000;
const SOCKET_GRACE_MS = 6000;

const token = deviceToken("survey");
const siteLang = asLang(document.body.dataset.language);
const texts = new Texts(TEXT, siteLang);
const t = texts.t.bind(texts);
const gate = new EventGate();
const state = {
  counter: /** @type {SurveyState["counter"] | null} */ (null),
  ticket: /** @type {SurveyTicket | null} */ (null), // the form shown (or thanked) for
  eventId: 0, // the finish the form belongs to
  done: /** @type {Set<string>} */ (new Set()), // answered here: never offered again
  form: /** @type {ReturnType<typeof mountSkmForm> | null} */ (null),
  complaint: /** @type {ReturnType<typeof mountComplaintForm> | null} */ (null),
  complaintFiled: false,
  // a finish heard while a citizen writes a complaint waits until they close it
  pending: /** @type {{ticket: SurveyTicket, eventId: number} | null} */ (null),
  joined: false,
  lastTouch: Date.now(),
  idleTimer: 0,
  countdown: 0,
};

/** `<body data-mode>` says what the tablet shows (tests wait on it).
 *  @param {"loading" | "idle" | "form" | "thanks" | "complaint" | "pairing"} mode */
function setMode(mode) {
  document.body.dataset.mode = mode;
  $("idle").classList.toggle("hidden", mode !== "idle");
  $("form").classList.toggle("hidden", mode !== "form" && mode !== "thanks");
  $("back-soon").classList.toggle("hidden", mode !== "thanks");
  $("complaint-after").classList.toggle("hidden", mode !== "thanks");
  $("complaint-card").classList.toggle("hidden", mode !== "complaint");
}

/** The complaint form; after a rating it is linked to that citizen's ticket.
 *  @param {SurveyTicket | null} ticket */
function openComplaint(ticket) {
  window.clearInterval(state.countdown);
  if (state.form) state.form.destroy();
  state.form = null;
  state.complaintFiled = false;
  state.lastTouch = Date.now();
  state.complaint = mountComplaintForm($("complaint"), {
    ticketToken: ticket ? ticket.token : null, lang: texts.lang, deviceToken: token,
  });
  setMode("complaint");
}

function closeComplaint() {
  state.complaint = null;
  $("complaint").replaceChildren();
  const next = state.pending;
  state.pending = null;
  idle();
  if (next) offer(next.ticket, next.eventId);
}

function renderTexts() {
  texts.apply();
  $("lang").textContent = t("toggle");
  const where = state.counter ? [state.counter.name, state.counter.agency].filter(Boolean).join(" · ") : "";
  $("counter-name").textContent = state.counter ? state.counter.name : "";
  $("idle-counter").textContent = where;
}

function idle() {
  window.clearInterval(state.countdown);
  if (state.form) state.form.destroy();
  state.form = null;
  state.ticket = null;
  texts.lang = siteLang;
  renderTexts();
  setMode("idle");
}

/** The form for a citizen this counter just finished (a newer finish replaces an open one).
 *  @param {SurveyTicket} ticket @param {number} eventId */
function offer(ticket, eventId) {
  if (state.done.has(ticket.token)) return;
  if (document.body.dataset.mode === "complaint") {
    state.pending = { ticket, eventId };
    return;
  }
  if (state.ticket && state.ticket.token === ticket.token) return;
  if (eventId && eventId < state.eventId) return;
  window.clearInterval(state.countdown);
  if (state.form) state.form.destroy();
  state.ticket = ticket;
  state.eventId = eventId;
  state.lastTouch = Date.now();
  texts.lang = asLang(ticket.language);
  renderTexts();
  document.body.dataset.ticket = ticket.code; // what the tablet is doing, for tests and the IT officer
  state.form = mountSkmForm($("form"), {
    ticketToken: ticket.token, token, lang: texts.lang, code: ticket.code,
    onActivity: () => { state.lastTouch = Date.now(); },
    onFinished: () => thanks(ticket),
  });
  setMode("form");
}

/** @param {SurveyTicket} ticket */
function thanks(ticket) {
  state.done.add(ticket.token);
  setMode("thanks");
  const until = Date.now() + THANKS_MS;
  const tick = () => {
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    $("back-soon").textContent = t("backSoon", { n: left });
    if (left === 0 && state.ticket === ticket) idle();
  };
  tick();
  state.countdown = window.setInterval(tick, 500);
}

/** The whole picture, from the join or a poll. @param {SurveyState} snapshot */
function apply(snapshot) {
  state.counter = snapshot.counter;
  if (gate.outdated(snapshot.event_id)) return; // a live message overtook it (event_order.js)
  gate.caughtUp(snapshot.event_id || 0); // everything up to it is in this picture
  if (snapshot.ticket) offer(snapshot.ticket, 0);
  else if (!state.ticket) idle();
  renderTexts();
}

/** @returns {Promise<SurveyState | null>} */
async function fetchState() {
  try {
    const snapshot = await api("/api/v1/survey/state", { token });
    $("offline").classList.add("hidden");
    return snapshot;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      // revoked, or no longer placed at a counter: pair again
      forgetDeviceToken("survey");
      window.location.reload();
    } else $("offline").classList.remove("hidden");
    return null;
  }
}

function connect() {
  const resync = resyncer(async () => { const snapshot = await fetchState(); if (snapshot) apply(snapshot); });
  const live = connectSocket({
    token,
    rooms: [`survey:${state.counter.id}`],
    order: gate,
    // a heartbeat names a finish this tablet never heard (lost on the way): the snapshot
    onBehind: (eventId) => {
      gate.caughtUp(eventId);
      resync();
    },
    onState: (status) => {
      if (status !== "online") state.joined = false;
      $("offline").classList.toggle("hidden", status === "online");
    },
    onJoined: (room, ack) => {
      state.joined = Boolean(ack && ack.ok);
      document.body.dataset.live = state.joined ? "1" : "0";
    },
  });
  const { socket } = live;
  socket.on("survey.state", (/** @type {SurveyState} */ snapshot) => apply(snapshot));
  socket.on("survey.ticket", (/** @type {{ticket: SurveyTicket, event_id: number}} */ ev) => {
    if (!gate.accept("survey.ticket", ev.event_id)) return;
    offer(ev.ticket, ev.event_id);
  });
  // a renamed counter shows its new name; the form in progress is left alone
  socket.on("catalog.updated", async () => {
    const snapshot = await fetchState();
    if (snapshot) { state.counter = snapshot.counter; renderTexts(); }
  });
  fallbackPoll({
    poll: async () => { const snapshot = await fetchState(); if (snapshot) apply(snapshot); },
    isLive: () => state.joined, onlineMs: Infinity, offlineMs: POLL_MS, graceMs: SOCKET_GRACE_MS,
  });
}

function showPairing() {
  setMode("pairing");
  const code = el("div", { class: "pair-code" }, "…");
  const qr = el("div", { class: "pair-qr" });
  $("idle").replaceWith(el("section", { class: "pair", id: "pairing" },
    el("h1", {}, t("pairTitle")), el("p", {}, t("pairBody")), code, qr));
  startPairing("survey", (value, url) => {
    code.textContent = value;
    qr.replaceChildren(qrSvg(url, 5));
  });
}

async function start() {
  $("lang").addEventListener("click", () => {
    texts.lang = texts.lang === "id" ? "en" : "id";
    state.lastTouch = Date.now();
    renderTexts();
    if (state.form) state.form.setLang(texts.lang);
    if (state.complaint) state.complaint.setLang(texts.lang);
  });
  $("complaint-open").addEventListener("click", () => openComplaint(null));
  $("complaint-after").addEventListener("click", () => openComplaint(state.ticket));
  $("complaint-close").addEventListener("click", closeComplaint);
  const card = $("complaint-card");
  const touched = () => { state.lastTouch = Date.now(); };
  card.addEventListener("pointerdown", touched);
  card.addEventListener("keydown", touched);
  card.addEventListener("complaint-filed", () => { state.complaintFiled = true; touched(); });
  // a shared tablet never leaves its page: the receipt's status link is for the citizen's phone
  card.addEventListener("click", (event) => {
    if (/** @type {HTMLElement} */ (event.target).closest("a")) event.preventDefault();
  });
  renderTexts();
  if (!token) {
    showPairing();
    return;
  }
  let snapshot = await fetchState();
  while (!snapshot) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    snapshot = await fetchState();
  }
  apply(snapshot);
  connect();
  startHeartbeat("survey", () => token);
  // a form left half-done (the citizen walked away) goes back to idle
  state.idleTimer = window.setInterval(() => {
    const quiet = Date.now() - state.lastTouch;
    const mode = document.body.dataset.mode;
    if (mode === "form" && quiet > ABANDON_MS) {
      state.done.add(state.ticket.token); // left: a later resync must not offer it again
      idle();
    }
    if (mode === "complaint" && quiet > (state.complaintFiled ? RECEIPT_MS : ABANDON_MS)) closeComplaint();
  }, 5000);
  reloadWhenUpdated(() => document.body.dataset.mode === "idle");
}

start();
