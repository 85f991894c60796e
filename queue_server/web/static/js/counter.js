// The officer's counter console. It renders from the console snapshot
// (GET /api/v1/counters/{id}/console) and re-fetches it after every own action, after any live
// event of the counter's room (debounced) and after every reconnect, so it is never out of
// step for long. One request at a time: while one is in flight every action is disabled, and
// call-next carries a fresh Idempotency-Key per press, so a double press calls one citizen.
import { ApiError, api, connectSocket, el, uuid } from "/static/js/loket.js";

const DATA = JSON.parse(document.getElementById("console-data").textContent);
const CSRF = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
const TZ = DATA.timezone || "Asia/Jakarta";
const REFRESH_DEBOUNCE_MS = 150;
const POLL_ONLINE_MS = 30000; // a safety net: events are the fast path
const POLL_OFFLINE_MS = 5000;

const services = new Map(DATA.services.map((s) => [s.id, s]));
const allCounters = new Map(DATA.all_counters.map((c) => [c.id, c]));
const myCounters = DATA.counters;
const agencies = DATA.agencies || {};

// ------------------------------------------------------------------ texts

const TEXT = {
  id: {
    loading: "Memuat konsol…",
    noCounterTitle: "Belum ada loket untuk akun ini",
    noCounter: "Akun Anda belum ditugaskan ke loket mana pun. Minta admin menambahkan loket untuk akun ini.",
    pickTitle: "Pilih loket tempat Anda bertugas",
    pickHint: "Pilihan ini diingat di komputer ini dan bisa diganti kapan saja lewat “Ganti loket”.",
    back: "Kembali",
    switch: "Ganti loket",
    connecting: "Menyambungkan…",
    online: "Tersambung",
    offline: "Menyambungkan ulang…",
    statusOpen: "Buka", statusPaused: "Istirahat", statusClosed: "Tutup",
    pausedTitle: "Loket sedang istirahat",
    closedTitle: "Loket ditutup",
    pausedNote: "Panggilan ditahan dan layar TV menampilkan loket ini tutup.",
    resume: "Lanjutkan",
    pause: "Istirahat…",
    next: "Panggil berikutnya", space: "Spasi",
    recall: "Panggil ulang", start: "Mulai layani", finish: "Selesai", skip: "Tidak hadir",
    transfer: "Alihkan…", callNumber: "Panggil nomor…",
    noCurrent: "Belum ada warga di loket ini",
    noCurrentHint: "Tekan Panggil berikutnya (F1 atau Spasi) untuk memanggil nomor berikutnya.",
    stateCalled: "DIPANGGIL", stateServing: "SEDANG DILAYANI",
    priority: "PRIORITAS",
    kinds: { lansia: "Lansia", disabilitas: "Disabilitas", ibu_hamil: "Ibu hamil" },
    transferredFrom: "Dialihkan dari {service}",
    factIssued: "Ambil tiket", factWaited: "Lama menunggu", factCalled: "Dipanggil", factServing: "Dilayani",
    ago: "{t} lalu",
    effectSkip: "{code} akan ditandai tidak hadir",
    effectFinish: "{code} akan diselesaikan",
    peopleWaiting: "{n} orang menunggu",
    pausedEmpty: "Loket sedang istirahat",
    pausedEmptyHint: "Tekan Lanjutkan untuk mulai memanggil lagi.",
    waitingTitle: "Menunggu",
    skippedTitle: "Tidak hadir (bisa dipanggil ulang)",
    statsTitle: "Hari ini (Anda)",
    statCalled: "Dipanggil", statFinished: "Selesai", statSkipped: "Tidak hadir", statMean: "Rata-rata",
    minutesShort: "mnt",
    nobodyWaiting: "Tidak ada yang menunggu.",
    noSkipped: "Tidak ada nomor yang dilewati.",
    toThisCounter: "dialihkan ke loket ini",
    fromService: "dari {service}",
    recallShort: "Panggil ulang",
    forfeited: "hangus",
    callsLeft: "hangus setelah {n} panggilan lagi",
    moreRows: "+{n} nomor lagi",
    calledOk: "{code} dipanggil ke {counter}.",
    nobodyLeft: "Tidak ada yang menunggu.",
    recalledOk: "{code} dipanggil ulang.",
    startedOk: "Mulai melayani {code}.",
    finishedOk: "{code} selesai dilayani.",
    skippedOk: "{code} ditandai tidak hadir.",
    transferredOk: "{code} dialihkan ke {target}.",
    pausedOk: "Loket istirahat: {reason}.",
    resumedOk: "Loket dibuka kembali. Selamat bekerja!",
    whyLoading: "Tunggu sebentar, data loket sedang dimuat.",
    whyPaused: "Loket sedang istirahat; tekan Lanjutkan dulu.",
    whyClosed: "Loket ditutup.",
    whyNobody: "Tidak ada yang menunggu.",
    whyNotCalled: "Belum ada nomor yang sedang dipanggil.",
    whyNoCurrent: "Belum ada warga di loket ini.",
    whyBusy: "Tunggu, permintaan sebelumnya sedang diproses.",
    network: "Tidak terhubung ke server. Periksa jaringan lalu coba lagi.",
    unexpected: "Terjadi kesalahan tak terduga. Muat ulang halaman bila terus berulang.",
    sessionEnded: "Sesi Anda berakhir. Silakan masuk lagi.",
    signIn: "Masuk lagi",
    transferTitle: "Alihkan",
    transferHint: "Ketik untuk mencari layanan atau loket tujuan, pilih dengan klik atau panah ↑↓, lalu Enter.",
    transferSearch: "Cari layanan atau loket…",
    transferReason: "Catatan untuk loket tujuan (boleh kosong)",
    transferGo: "Alihkan",
    transferGoTo: "Alihkan ke {target}",
    groupServices: "Layanan", groupCounters: "Loket",
    waitingN: "{n} menunggu",
    serviceClosed: "tutup",
    counterPaused: "istirahat",
    noMatch: "Tidak ada yang cocok.",
    pickTarget: "Pilih tujuan dulu.",
    cancel: "Batal",
    callTitle: "Panggil nomor tertentu",
    callHint: "Memanggil di luar urutan dicatat beserta alasannya.",
    callSearch: "Ketik nomor, mis. A012",
    callReasonTitle: "Alasan (wajib)",
    callReason: "Atau tulis alasannya…",
    callGo: "Panggil",
    callGoCode: "Panggil {code}",
    rsnUrgent: "Warga prioritas mendesak", rsnMissed: "Nomornya terlewat",
    rsnSupervisor: "Arahan supervisor", rsnFollowUp: "Berkas lanjutan",
    needTicket: "Pilih nomor dari daftar.",
    needReason: "Sebutkan alasan memanggil di luar urutan.",
    notHere: "Nomor {code} tidak ada di antrian loket ini.",
    pauseTitle: "Istirahat",
    pauseHint: "Selama istirahat panggilan ditahan dan layar TV menampilkan loket ini tutup, sampai Anda menekan Lanjutkan.",
    rsnPray: "Salat", rsnLunch: "Makan siang", rsnSystem: "Gangguan sistem", rsnMeeting: "Rapat / tugas lain",
    pauseOther: "Alasan lain",
    pauseReason: "Tulis alasannya lalu Enter",
    pauseGo: "Mulai istirahat",
    needPauseReason: "Pilih atau tulis alasan istirahat.",
    nav: { "/counter": "Konsol loket", "/admin/devices": "Perangkat", "/account/password": "Ganti sandi", logout: "Keluar" },
    actionsLabel: "Tindakan",
    close: "Tutup",
  },
  en: {
    loading: "Loading the console…",
    noCounterTitle: "No counter for this account yet",
    noCounter: "Your account is not assigned to any counter. Ask an admin to add one.",
    pickTitle: "Choose the counter you work at",
    pickHint: "This choice is remembered on this computer; change it any time with “Switch counter”.",
    back: "Back",
    switch: "Switch counter",
    connecting: "Connecting…",
    online: "Online",
    offline: "Reconnecting…",
    statusOpen: "Open", statusPaused: "On break", statusClosed: "Closed",
    pausedTitle: "Counter on break",
    closedTitle: "Counter closed",
    pausedNote: "Calls are on hold and the TV shows this counter as closed.",
    resume: "Resume",
    pause: "Break…",
    next: "Call next", space: "Space",
    recall: "Recall", start: "Start serving", finish: "Finish", skip: "No-show",
    transfer: "Transfer…", callNumber: "Call number…",
    noCurrent: "Nobody at this counter yet",
    noCurrentHint: "Press Call next (F1 or Space) to call the next number.",
    stateCalled: "CALLED", stateServing: "BEING SERVED",
    priority: "PRIORITY",
    kinds: { lansia: "Elderly", disabilitas: "Disability", ibu_hamil: "Pregnant" },
    transferredFrom: "Transferred from {service}",
    factIssued: "Ticket taken", factWaited: "Waited", factCalled: "Called", factServing: "Serving",
    ago: "{t} ago",
    effectSkip: "{code} will be marked no-show",
    effectFinish: "{code} will be finished",
    peopleWaiting: "{n} waiting",
    pausedEmpty: "Counter on break",
    pausedEmptyHint: "Press Resume to start calling again.",
    waitingTitle: "Waiting",
    skippedTitle: "No-shows (can be recalled)",
    statsTitle: "Today (you)",
    statCalled: "Called", statFinished: "Finished", statSkipped: "No-shows", statMean: "Mean time",
    minutesShort: "min",
    nobodyWaiting: "Nobody is waiting.",
    noSkipped: "No skipped numbers.",
    toThisCounter: "sent to this counter",
    fromService: "from {service}",
    recallShort: "Recall",
    forfeited: "forfeited",
    callsLeft: "forfeited after {n} more calls",
    moreRows: "+{n} more",
    calledOk: "{code} called to {counter}.",
    nobodyLeft: "Nobody is waiting.",
    recalledOk: "{code} called again.",
    startedOk: "Serving {code}.",
    finishedOk: "{code} finished.",
    skippedOk: "{code} marked as no-show.",
    transferredOk: "{code} transferred to {target}.",
    pausedOk: "Counter on break: {reason}.",
    resumedOk: "Counter open again.",
    whyLoading: "One moment, the counter is loading.",
    whyPaused: "The counter is on break; press Resume first.",
    whyClosed: "The counter is closed.",
    whyNobody: "Nobody is waiting.",
    whyNotCalled: "No number is being called.",
    whyNoCurrent: "Nobody at this counter.",
    whyBusy: "Wait, the previous request is still running.",
    network: "Cannot reach the server. Check the network and try again.",
    unexpected: "Something went wrong. Reload the page if it keeps happening.",
    sessionEnded: "Your session ended. Please sign in again.",
    signIn: "Sign in",
    transferTitle: "Transfer",
    transferHint: "Type to find the service or counter, pick with a click or ↑↓, then Enter.",
    transferSearch: "Search service or counter…",
    transferReason: "Note for the receiving counter (optional)",
    transferGo: "Transfer",
    transferGoTo: "Transfer to {target}",
    groupServices: "Services", groupCounters: "Counters",
    waitingN: "{n} waiting",
    serviceClosed: "closed",
    counterPaused: "on break",
    noMatch: "Nothing matches.",
    pickTarget: "Choose a destination first.",
    cancel: "Cancel",
    callTitle: "Call a specific number",
    callHint: "Calling out of order is logged with its reason.",
    callSearch: "Type a number, e.g. A012",
    callReasonTitle: "Reason (required)",
    callReason: "Or type the reason…",
    callGo: "Call",
    callGoCode: "Call {code}",
    rsnUrgent: "Urgent priority citizen", rsnMissed: "Number was missed",
    rsnSupervisor: "Supervisor's instruction", rsnFollowUp: "Follow-up documents",
    needTicket: "Pick a number from the list.",
    needReason: "Give a reason for calling out of order.",
    notHere: "Number {code} is not waiting at this counter.",
    pauseTitle: "Break",
    pauseHint: "During a break calls are on hold and the TV shows this counter as closed, until you press Resume.",
    rsnPray: "Prayer", rsnLunch: "Lunch", rsnSystem: "System problem", rsnMeeting: "Meeting / other duty",
    pauseOther: "Other reason",
    pauseReason: "Type the reason, then Enter",
    pauseGo: "Start break",
    needPauseReason: "Choose or type a reason for the break.",
    nav: { "/counter": "Counter console", "/admin/devices": "Devices", "/account/password": "Change password", logout: "Sign out" },
    actionsLabel: "Actions",
    close: "Close",
  },
};

const LANG_KEY = "loket.console.lang";
const counterKey = `loket.console.counter.${DATA.user || "-"}`;
let lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "id";
let T = TEXT[lang];

function fmt(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (_, key) => (values[key] ?? ""));
}

// ------------------------------------------------------------------ state

const state = {
  counterId: null,
  snapshot: null,
  busy: false,
  clockOffsetMs: 0, // server time - local time
  socketOnline: false,
  joined: false,
  live: null,
  refreshTimer: null,
  refreshSeq: 0,
  appliedSeq: 0,
  sessionEnded: false,
  transferChoice: null, // {kind: "service"|"counter", id, label}
  callChoice: null, // ticket
  serviceInfo: new Map(), // id -> {waiting, open} from /api/v1/services, for the transfer list
};

const $ = (id) => document.getElementById(id);
// read by tests and by whoever looks at this console from the dev tools
window.__loketConsole = { snapshots: 0, requests: 0, state };

// ------------------------------------------------------------------ helpers

function serverNow() {
  return Date.now() + state.clockOffsetMs;
}

function minutesSince(iso, until = serverNow()) {
  const at = Date.parse(iso || "");
  if (!Number.isFinite(at)) return 0;
  return Math.max(0, Math.floor((until - at) / 60000));
}

function clockSince(iso) {
  const at = Date.parse(iso || "");
  if (!Number.isFinite(at)) return "0:00";
  const seconds = Math.max(0, Math.floor((serverNow() - at) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function serviceName(id) {
  const s = services.get(id);
  if (!s) return id || "";
  return lang === "en" && s.name_en ? s.name_en : s.name;
}

function servicePrefix(id) {
  const s = services.get(id);
  return s ? s.prefix : "";
}

function agencyShort(id) {
  return (agencies[id] && agencies[id].short_name) || id || "";
}

function counterName(id) {
  const c = allCounters.get(id);
  return c ? c.name : id;
}

function normalize(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function matches(haystack, query) {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  const hay = normalize(haystack);
  return words.every((w) => hay.includes(w));
}

async function post(path, body = {}, headers = {}) {
  window.__loketConsole.requests += 1;
  return api(path, { method: "POST", body, headers: { "X-CSRFToken": CSRF, ...headers } });
}

function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return T.network;
    if (err.status === 401) return T.sessionEnded;
    // the server's messages are plain Indonesian sentences, fit to show as they are
    if (err.message && !/^HTTP \d+$/.test(err.message)) return err.message;
  }
  return T.unexpected;
}

// ------------------------------------------------------------------ messages

let toastTimer = null;

function toast(message, kind = "ok") {
  const node = $("toast");
  $("toast-text").textContent = message;
  node.className = `toast ${kind}`;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, kind === "error" ? 9000 : 4000);
}

function openDialog() {
  return document.querySelector("dialog[open]");
}

/** An error goes where the officer is looking: inside the open dialog, else a toast. */
function showError(err) {
  if (err instanceof ApiError && err.status === 401) return sessionEnded();
  const message = typeof err === "string" ? err : errorText(err);
  const dialog = openDialog();
  if (dialog) {
    const line = dialog.querySelector(".dialog-error");
    line.textContent = message;
    line.hidden = false;
    return;
  }
  toast(message, "error");
}

function clearDialogError(dialog) {
  const line = dialog.querySelector(".dialog-error");
  line.textContent = "";
  line.hidden = true;
}

function sessionEnded() {
  state.sessionEnded = true;
  const node = $("toast");
  $("toast-text").replaceChildren(T.sessionEnded, " ",
    el("a", { href: `/login?next=${encodeURIComponent("/counter")}` }, T.signIn));
  node.className = "toast error";
  node.hidden = false;
  clearTimeout(toastTimer);
  render();
}

// ------------------------------------------------------------------ language

function applyTexts() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) {
    const value = T[node.dataset.t];
    if (typeof value === "string") node.textContent = value;
  }
  for (const node of document.querySelectorAll("[data-t-placeholder]")) {
    const value = T[node.dataset.tPlaceholder];
    if (typeof value === "string") node.placeholder = value;
  }
  for (const node of document.querySelectorAll(".x, .toast-close")) node.setAttribute("aria-label", T.close);
  $("actions").setAttribute("aria-label", T.actionsLabel);
  for (const button of [$("lang"), $("picker-lang")]) {
    button.textContent = lang === "en" ? "ID" : "EN";
    button.setAttribute("aria-label", lang === "en" ? "Bahasa Indonesia" : "English");
  }
  // the shared staff header is rendered in Indonesian; follow the toggle here
  for (const link of document.querySelectorAll(".staff-bar nav a")) {
    const path = link.getAttribute("href");
    if (T.nav[path]) link.textContent = T.nav[path];
  }
  const logout = document.querySelector(".staff-bar nav button.link");
  if (logout && DATA.user) logout.textContent = `${T.nav.logout} (${DATA.user})`;
}

function toggleLanguage() {
  lang = lang === "en" ? "id" : "en";
  T = TEXT[lang];
  localStorage.setItem(LANG_KEY, lang);
  applyTexts();
  render();
  renderPicker();
  if ($("transfer-dialog").open) renderTransferList();
  if ($("call-dialog").open) renderCallList();
}

// ------------------------------------------------------------------ choosing the counter

function rememberedCounter() {
  const id = localStorage.getItem(counterKey);
  return myCounters.some((c) => c.id === id) ? id : null;
}

function renderPicker() {
  const list = $("picker-list");
  list.replaceChildren(...myCounters.map((c) => el("button", {
    type: "button", class: `pick${c.id === state.counterId ? " current" : ""}`,
    dataset: { pick: c.id }, onclick: () => chooseCounter(c.id),
  },
  el("span", { class: "pick-name" }, c.name),
  el("span", { class: "pick-agency" }, agencyShort(c.agency_id)),
  el("span", { class: "pick-services" }, c.service_ids.map((id) => el("span", { class: "pick-svc" },
    el("b", {}, servicePrefix(id)), ` ${serviceName(id)}`))))));
  $("picker-back").hidden = !state.counterId;
}

function showPicker() {
  renderPicker();
  $("picker").hidden = false;
  $("desk").hidden = true;
  const first = $("picker-list").querySelector(".pick.current") || $("picker-list").querySelector(".pick");
  if (first) first.focus();
}

function chooseCounter(id) {
  const previous = state.counterId;
  localStorage.setItem(counterKey, id);
  $("picker").hidden = true;
  $("desk").hidden = false;
  if (previous === id) return;
  state.counterId = id;
  state.snapshot = null;
  state.appliedSeq = state.refreshSeq;
  state.joined = false;
  document.body.dataset.counter = id;
  document.body.dataset.live = "0";
  render();
  if (state.live) {
    if (previous) state.live.leave(`counter:${previous}`);
    state.live.join(`counter:${id}`);
  } else {
    startLive();
  }
  refresh();
}

// ------------------------------------------------------------------ snapshot

async function refresh() {
  const id = state.counterId;
  if (!id || state.sessionEnded) return;
  const seq = ++state.refreshSeq;
  try {
    const snapshot = await api(`/api/v1/counters/${encodeURIComponent(id)}/console`);
    // answers can overtake each other: only the newest asked-for one is applied
    if (seq <= state.appliedSeq || id !== state.counterId) return;
    state.appliedSeq = seq;
    state.snapshot = snapshot;
    window.__loketConsole.snapshots += 1;
    render();
  } catch (err) {
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

// ------------------------------------------------------------------ rules

/** [allowed, why-not] for an action, from the snapshot: buttons are enabled only for
 *  moves the server would accept for the current ticket's status. */
function legal(action) {
  if (state.sessionEnded) return [false, T.sessionEnded];
  if (state.busy) return [false, T.whyBusy];
  const snap = state.snapshot;
  if (!snap) return [false, T.whyLoading];
  const status = snap.current ? snap.current.status : null;
  const open = snap.counter.status === "open";
  const closedWhy = snap.counter.status === "paused" ? T.whyPaused : T.whyClosed;
  switch (action) {
    case "next":
    case "call":
      if (!open) return [false, closedWhy];
      return snap.waiting.length ? [true, ""] : [false, T.whyNobody];
    case "recall":
    case "start":
    case "skip":
      return status === "called" ? [true, ""] : [false, T.whyNotCalled];
    case "finish":
    case "transfer":
      return status === "called" || status === "serving" ? [true, ""] : [false, T.whyNoCurrent];
    case "pause":
      return snap.counter.status === "closed" ? [false, T.whyClosed] : [true, ""];
    default:
      return [false, ""];
  }
}

// ------------------------------------------------------------------ rendering

function render() {
  document.body.dataset.busy = state.busy ? "1" : "0";
  const snap = state.snapshot;
  const counter = allCounters.get(state.counterId);
  $("switch").hidden = myCounters.length < 2;
  if (counter) {
    $("counter-name").textContent = counter.name;
    $("counter-agency").textContent = agencyShort(counter.agency_id);
  }
  renderButtons();
  if (!snap) { // another counter was just chosen: nothing of the previous one stays in view
    $("paused-banner").hidden = true;
    $("counter-status").textContent = "";
    renderCurrent(null);
    for (const id of ["waiting-list", "skipped-list"]) $(id).replaceChildren(el("li", { class: "none" }, T.loading));
    return;
  }
  const status = snap.counter.status;
  const pill = $("counter-status");
  pill.textContent = status === "open" ? T.statusOpen : status === "paused" ? T.statusPaused : T.statusClosed;
  pill.className = `pill ${status}`;
  document.body.dataset.counterStatus = status;
  const banner = $("paused-banner");
  banner.hidden = status === "open";
  banner.querySelector("strong").textContent = status === "closed" ? T.closedTitle : T.pausedTitle;
  $("paused-reason").textContent = snap.counter.pause_reason ? `· ${snap.counter.pause_reason}` : "";
  $("banner-resume").hidden = status !== "paused";
  $("banner-resume").disabled = state.busy || state.sessionEnded;
  renderCurrent(snap.current);
  renderWaiting(snap.waiting);
  renderSkipped(snap.skipped);
  renderStats(snap.stats);
  if ($("call-dialog").open) renderCallList(); // a number called elsewhere leaves the list
  document.title = `${counter ? counter.name : ""}${snap.current ? ` · ${snap.current.code}` : ""} · Loket`;
}

function renderButtons() {
  const paused = state.snapshot && state.snapshot.counter.status === "paused";
  $("pause-label").textContent = paused ? T.resume : T.pause;
  $("btn-pause").classList.toggle("resume", Boolean(paused));
  for (const button of document.querySelectorAll("#actions .action")) {
    const [ok, why] = legal(button.dataset.action);
    button.disabled = !ok;
    button.title = ok ? "" : why;
  }
  for (const button of document.querySelectorAll("#skipped-list button[data-recall]")) {
    button.disabled = state.busy || state.sessionEnded || button.dataset.recallable !== "1";
  }
  for (const row of document.querySelectorAll("#waiting-list .row[data-ticket]")) {
    row.classList.toggle("inert", !legal("call")[0]);
  }
}

function renderCurrent(ticket) {
  $("current-empty").hidden = Boolean(ticket);
  $("current-ticket").hidden = !ticket;
  const card = $("current");
  card.className = `current card${ticket ? ` ${ticket.status}` : ""}`;
  card.dataset.status = ticket ? ticket.status : "none";
  card.dataset.code = ticket ? ticket.code : "";
  const snap = state.snapshot;
  const paused = snap && snap.counter.status !== "open";
  $("next-effect").textContent = !ticket ? "" : fmt(ticket.status === "serving" ? T.effectFinish : T.effectSkip, { code: ticket.code });
  if (!ticket) {
    $("empty-title").textContent = paused ? T.pausedEmpty : T.noCurrent;
    $("empty-hint").textContent = paused ? T.pausedEmptyHint : T.noCurrentHint;
    $("empty-count").textContent = snap ? fmt(T.peopleWaiting, { n: snap.waiting.length }) : "";
    return;
  }
  $("current-code").textContent = ticket.code;
  const chip = $("current-state");
  chip.textContent = ticket.status === "serving" ? T.stateServing : T.stateCalled;
  chip.className = `state-chip ${ticket.status}`;
  const priority = $("current-priority");
  priority.hidden = !ticket.priority;
  priority.textContent = ticket.priority_kind
    ? `${T.priority} · ${T.kinds[ticket.priority_kind] || ticket.priority_kind}` : T.priority;
  $("current-lang").hidden = ticket.language !== "en";
  $("current-service").textContent = serviceName(ticket.service_id);
  $("current-agency").textContent = agencyShort(ticket.agency_id);
  const moved = $("current-transferred");
  moved.hidden = !ticket.transferred_from;
  moved.textContent = ticket.transferred_from ? fmt(T.transferredFrom, { service: serviceName(ticket.transferred_from) }) : "";
  $("fact-phase-label").textContent = ticket.status === "serving" ? T.factServing : T.factCalled;
  renderTimes();
}

function timeOfDay(iso) {
  const at = Date.parse(iso || "");
  if (!Number.isFinite(at)) return "–";
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", {
    timeZone: TZ, hour: "2-digit", minute: "2-digit", hour12: false,
  }).format(new Date(at)).replace(".", ":");
}

/** The moving numbers only: called every second without rebuilding anything. */
function renderTimes() {
  $("clock").textContent = timeOfDay(new Date(serverNow()).toISOString());
  const ticket = state.snapshot && state.snapshot.current;
  if (!ticket) return;
  const calledAt = Date.parse(ticket.called_at || "");
  $("fact-issued").textContent = timeOfDay(ticket.issued_at);
  $("fact-waited").textContent = `${minutesSince(ticket.issued_at, Number.isFinite(calledAt) ? calledAt : serverNow())} ${T.minutesShort}`;
  $("fact-phase").textContent = ticket.status === "serving" && ticket.started_at
    ? clockSince(ticket.started_at) : fmt(T.ago, { t: clockSince(ticket.called_at) });
}

const MAX_ROWS = 150; // a long queue stays cheap to draw; the count shows the rest

function renderWaiting(waiting) {
  $("waiting-count").textContent = String(waiting.length);
  const list = $("waiting-list");
  if (!waiting.length) {
    list.replaceChildren(el("li", { class: "none" }, T.nobodyWaiting));
    return;
  }
  const callable = legal("call")[0];
  const rows = waiting.slice(0, MAX_ROWS).map((t) => el("li", {
    class: `row${t.priority ? " prio" : ""}${t.target_counter_id === state.counterId ? " targeted" : ""}${callable ? "" : " inert"}`,
    dataset: { ticket: t.id, code: t.code },
    title: T.callNumber,
    onclick: () => { if (legal("call")[0]) openCallDialog(t); },
  },
  el("span", { class: "code" }, t.code),
  el("span", { class: "what" },
    el("span", { class: "svc" }, serviceName(t.service_id)),
    t.priority ? el("span", { class: "tag prio" }, t.priority_kind ? `${T.priority} · ${T.kinds[t.priority_kind] || ""}` : T.priority) : null,
    t.target_counter_id === state.counterId ? el("span", { class: "tag target" }, T.toThisCounter) : null,
    t.transferred_from ? el("span", { class: "tag moved" }, fmt(T.fromService, { service: serviceName(t.transferred_from) })) : null),
  el("span", { class: "mins", dataset: { issued: t.issued_at } }, `${minutesSince(t.issued_at)} ${T.minutesShort}`)));
  if (waiting.length > MAX_ROWS) rows.push(el("li", { class: "none" }, fmt(T.moreRows, { n: waiting.length - MAX_ROWS })));
  list.replaceChildren(...rows);
}

function renderSkipped(skipped) {
  $("skipped-count").textContent = String(skipped.filter((s) => s.recallable).length);
  const list = $("skipped-list");
  if (!skipped.length) {
    list.replaceChildren(el("li", { class: "none" }, T.noSkipped));
    return;
  }
  const limit = (state.snapshot && state.snapshot.forfeit_after) || DATA.forfeit_after || 0;
  list.replaceChildren(...skipped.slice(0, MAX_ROWS).map((s) => {
    const t = s.ticket;
    const left = Math.max(0, limit - s.later_calls);
    return el("li", { class: `row${s.recallable ? "" : " forfeit"}`, dataset: { ticket: t.id, code: t.code } },
      el("span", { class: "code" }, t.code),
      el("span", { class: "what" },
        el("span", { class: "svc" }, serviceName(t.service_id)),
        s.recallable ? el("span", { class: "left" }, fmt(T.callsLeft, { n: left })) : null),
      s.recallable
        ? el("button", {
          type: "button", class: "mini", dataset: { recall: t.id, recallable: "1" },
          disabled: state.busy || state.sessionEnded,
          onclick: () => recallSkipped(t),
        }, T.recallShort)
        : el("span", { class: "forfeit-mark" }, T.forfeited));
  }));
}

function renderStats(stats) {
  $("stat-called").textContent = String(stats.called ?? 0);
  $("stat-finished").textContent = String(stats.finished ?? 0);
  $("stat-skipped").textContent = String(stats.skipped ?? 0);
  const mean = stats.mean_service_minutes;
  $("stat-mean").textContent = mean === null || mean === undefined ? "–"
    : `${Number(mean).toLocaleString(lang === "en" ? "en-GB" : "id-ID", { maximumFractionDigits: 1 })} ${T.minutesShort}`;
}

function tickMinutes() {
  for (const node of document.querySelectorAll("#waiting-list .mins[data-issued]")) {
    node.textContent = `${minutesSince(node.dataset.issued)} ${T.minutesShort}`;
  }
}

// ------------------------------------------------------------------ actions

/** Runs one request with every action disabled; a second press meanwhile does nothing. */
async function run(work) {
  if (state.busy || state.sessionEnded) return false;
  state.busy = true;
  render();
  let ok = false;
  try {
    const message = await work();
    if (message) toast(message, message === T.nobodyLeft ? "info" : "ok");
    ok = true;
  } catch (err) {
    showError(err);
  } finally {
    await refresh();
    state.busy = false;
    render();
  }
  return ok;
}

function press(action) {
  if (state.sessionEnded) {
    sessionEnded(); // the sign-in link stays in view
    return;
  }
  const [ok, why] = legal(action);
  if (!ok) {
    if (!state.busy && why) toast(why, "info");
    return;
  }
  const current = state.snapshot.current;
  const counterId = state.counterId;
  const counter = counterName(counterId);
  switch (action) {
    case "next":
      run(async () => {
        const key = uuid(); // one per press: a retry of this press calls nobody new
        const path = `/api/v1/counters/${encodeURIComponent(counterId)}/call-next`;
        let data;
        try {
          data = await post(path, {}, { "Idempotency-Key": key });
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 0)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 600));
          data = await post(path, {}, { "Idempotency-Key": key }); // the answer was lost, maybe
        }
        return data.ticket ? fmt(T.calledOk, { code: data.ticket.code, counter }) : T.nobodyLeft;
      });
      break;
    case "recall":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/recall`, { counter_id: counterId });
        return fmt(T.recalledOk, { code: current.code });
      });
      break;
    case "start":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/start`);
        return fmt(T.startedOk, { code: current.code });
      });
      break;
    case "finish":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/finish`);
        return fmt(T.finishedOk, { code: current.code });
      });
      break;
    case "skip":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/skip`);
        return fmt(T.skippedOk, { code: current.code });
      });
      break;
    case "transfer":
      openTransferDialog(current);
      break;
    case "call":
      openCallDialog(null);
      break;
    case "pause":
      if (state.snapshot.counter.status === "paused") {
        run(async () => {
          await post(`/api/v1/counters/${encodeURIComponent(counterId)}/resume`);
          return T.resumedOk;
        });
      } else openPauseDialog();
      break;
    default:
  }
}

function recallSkipped(ticket) {
  if (state.busy || state.sessionEnded) return;
  const counterId = state.counterId;
  run(async () => {
    await post(`/api/v1/tickets/${ticket.id}/recall`, { counter_id: counterId });
    return fmt(T.recalledOk, { code: ticket.code });
  });
}

// ------------------------------------------------------------------ dialogs

function showDialog(dialog) {
  clearDialogError(dialog);
  $("toast").hidden = true;
  if (!dialog.open) dialog.showModal();
}

/** A dialog's confirm: the dialog closes when the request succeeded, stays (showing the
 *  server's message) when it did not. */
async function confirmIn(dialog, work) {
  clearDialogError(dialog);
  const buttons = dialog.querySelectorAll("button:not([data-close]):not(.x)");
  buttons.forEach((b) => { b.disabled = true; });
  const ok = await run(work);
  buttons.forEach((b) => { b.disabled = false; });
  if (dialog === $("transfer-dialog")) updateTransferGo();
  if (ok && dialog.open) dialog.close();
}

// transfer ------------------------------------------------------------

let transferTicket = null;

function transferTargets() {
  const targets = [];
  for (const s of DATA.services) {
    if (transferTicket && s.id === transferTicket.service_id) continue; // moving nowhere
    const agency = agencies[s.agency_id] || {};
    targets.push({
      kind: "service", id: s.id, prefix: s.prefix, title: lang === "en" && s.name_en ? s.name_en : s.name,
      sub: agency.short_name || "", hay: `${s.prefix} ${s.name} ${s.name_en} ${agency.name} ${agency.short_name} ${s.id}`,
    });
  }
  for (const c of DATA.all_counters) {
    if (c.id === state.counterId) continue;
    const agency = agencies[c.agency_id] || {};
    const list = c.service_ids.map((id) => `${servicePrefix(id)} ${serviceName(id)}`).join(", ");
    targets.push({
      kind: "counter", id: c.id, prefix: String(c.number), title: c.name,
      sub: `${agency.short_name || ""} · ${list}`,
      hay: `${c.name} loket ${c.number} counter ${c.id} ${agency.name} ${agency.short_name} ${c.service_ids.map((id) => `${servicePrefix(id)} ${services.get(id) ? `${services.get(id).name} ${services.get(id).name_en}` : id}`).join(" ")}`,
    });
  }
  return targets;
}

function renderTransferList() {
  const query = $("transfer-search").value.trim();
  const found = transferTargets().filter((t) => !query || matches(t.hay, query));
  const chosen = state.transferChoice;
  if (chosen && !found.some((t) => t.kind === chosen.kind && t.id === chosen.id)) state.transferChoice = null;
  if (!state.transferChoice && query && found.length) state.transferChoice = found[0];
  const list = $("transfer-list");
  const groups = [];
  for (const [kind, label] of [["service", T.groupServices], ["counter", T.groupCounters]]) {
    const items = found.filter((t) => t.kind === kind);
    if (!items.length) continue;
    groups.push(el("div", { class: "group", role: "presentation" }, label));
    for (const t of items) {
      const selected = state.transferChoice && state.transferChoice.kind === t.kind && state.transferChoice.id === t.id;
      const info = kind === "service" ? state.serviceInfo.get(t.id) : null;
      const counter = kind === "counter" ? allCounters.get(t.id) : null;
      let note = "";
      if (info) note = info.open === false ? T.serviceClosed : fmt(T.waitingN, { n: info.waiting ?? 0 });
      if (counter && counter.status !== "open") note = T.counterPaused;
      groups.push(el("button", {
        type: "button", class: `choice${selected ? " selected" : ""}`, role: "option",
        "aria-selected": selected ? "true" : "false", dataset: { kind: t.kind, id: t.id },
        onclick: () => { state.transferChoice = t; renderTransferList(); $("transfer-search").focus(); },
        ondblclick: () => { state.transferChoice = t; submitTransfer(); },
      },
      el("span", { class: `badge ${t.kind}` }, t.prefix),
      el("span", { class: "choice-text" }, el("strong", {}, t.title), el("span", { class: "sub" }, t.sub)),
      note ? el("span", { class: "note" }, note) : null));
    }
  }
  if (!groups.length) groups.push(el("p", { class: "none" }, T.noMatch));
  list.replaceChildren(...groups);
  const selectedNode = list.querySelector(".choice.selected");
  if (selectedNode) selectedNode.scrollIntoView({ block: "nearest" });
  updateTransferGo();
}

function updateTransferGo() {
  const go = $("transfer-go");
  const t = state.transferChoice;
  go.disabled = !t || state.busy;
  go.textContent = t ? fmt(T.transferGoTo, { target: t.kind === "service" ? `${t.prefix} · ${t.title}` : t.title }) : T.transferGo;
}

function moveTransferChoice(step) {
  const query = $("transfer-search").value.trim();
  const found = transferTargets().filter((t) => !query || matches(t.hay, query));
  if (!found.length) return;
  const at = state.transferChoice ? found.findIndex((t) => t.kind === state.transferChoice.kind && t.id === state.transferChoice.id) : -1;
  const next = at < 0 ? (step > 0 ? 0 : found.length - 1) : Math.min(found.length - 1, Math.max(0, at + step));
  state.transferChoice = found[next];
  renderTransferList();
}

async function loadServiceInfo() {
  try {
    const data = await api("/api/v1/services");
    for (const s of data.services) state.serviceInfo.set(s.id, { waiting: s.waiting, open: s.open });
    if ($("transfer-dialog").open) renderTransferList();
  } catch (err) { /* counts are a nicety; the list works without them */ }
}

function openTransferDialog(ticket) {
  transferTicket = ticket;
  state.transferChoice = null;
  $("transfer-code").textContent = ticket.code;
  $("transfer-search").value = "";
  $("transfer-reason").value = "";
  showDialog($("transfer-dialog"));
  renderTransferList();
  $("transfer-search").focus();
  loadServiceInfo();
}

function submitTransfer() {
  const dialog = $("transfer-dialog");
  const target = state.transferChoice;
  const ticket = transferTicket;
  if (!ticket) return;
  if (!target) {
    showError(T.pickTarget);
    return;
  }
  const body = target.kind === "service" ? { service_id: target.id } : { counter_id: target.id };
  const reason = $("transfer-reason").value.trim();
  if (reason) body.reason = reason;
  const label = target.kind === "service" ? `${target.prefix} · ${target.title}` : target.title;
  confirmIn(dialog, async () => {
    await post(`/api/v1/tickets/${ticket.id}/transfer`, body);
    return fmt(T.transferredOk, { code: ticket.code, target: label });
  });
}

// call a specific number -----------------------------------------------

function callCandidates() {
  const query = normalize($("call-code").value.trim()).replace(/\s+/g, "");
  const waiting = (state.snapshot && state.snapshot.waiting) || [];
  if (!query) return waiting;
  return waiting.filter((t) => normalize(t.code).includes(query) || normalize(serviceName(t.service_id)).includes(query));
}

function renderCallList() {
  const found = callCandidates();
  const query = $("call-code").value.trim().toUpperCase();
  const exact = found.find((t) => t.code.toUpperCase() === query);
  if (exact) state.callChoice = exact;
  else if (state.callChoice && !found.some((t) => t.id === state.callChoice.id)) state.callChoice = null;
  if (!state.callChoice && query && found.length) state.callChoice = found[0];
  const list = $("call-list");
  const rows = found.slice(0, MAX_ROWS).map((t) => {
    const selected = state.callChoice && state.callChoice.id === t.id;
    return el("button", {
      type: "button", class: `choice${selected ? " selected" : ""}`, role: "option",
      "aria-selected": selected ? "true" : "false", dataset: { ticket: t.id, code: t.code },
      onclick: () => { state.callChoice = t; renderCallList(); $("call-reason").focus(); },
    },
    el("span", { class: "badge ticket" }, t.code),
    el("span", { class: "choice-text" }, el("strong", {}, serviceName(t.service_id)),
      el("span", { class: "sub" }, [
        `${minutesSince(t.issued_at)} ${T.minutesShort}`,
        t.priority ? T.priority : "",
        t.target_counter_id === state.counterId ? T.toThisCounter : "",
      ].filter(Boolean).join(" · "))));
  });
  if (!rows.length) {
    rows.push(el("p", { class: "none" }, query ? fmt(T.notHere, { code: query }) : T.nobodyWaiting));
  }
  list.replaceChildren(...rows);
  const selectedNode = list.querySelector(".choice.selected");
  if (selectedNode) selectedNode.scrollIntoView({ block: "nearest" });
  $("call-go").textContent = state.callChoice ? fmt(T.callGoCode, { code: state.callChoice.code }) : T.callGo;
}

function openCallDialog(ticket) {
  state.callChoice = ticket;
  $("call-code").value = "";
  $("call-reason").value = "";
  for (const chip of $("call-quick").querySelectorAll(".chip")) chip.classList.remove("selected");
  showDialog($("call-dialog"));
  renderCallList();
  if (ticket) $("call-reason").focus();
  else $("call-code").focus();
}

function submitCall() {
  const dialog = $("call-dialog");
  const ticket = state.callChoice;
  const reason = $("call-reason").value.trim();
  if (!ticket) {
    const typed = $("call-code").value.trim().toUpperCase();
    showError(typed ? fmt(T.notHere, { code: typed }) : T.needTicket);
    $("call-code").focus();
    return;
  }
  if (!reason) {
    showError(T.needReason);
    $("call-reason").focus();
    return;
  }
  const counterId = state.counterId;
  const counter = counterName(counterId);
  confirmIn(dialog, async () => {
    await post(`/api/v1/tickets/${ticket.id}/call`, { counter_id: counterId, reason });
    return fmt(T.calledOk, { code: ticket.code, counter });
  });
}

// pause -----------------------------------------------------------------

function openPauseDialog() {
  $("pause-reason").value = "";
  showDialog($("pause-dialog"));
  const first = $("pause-quick").querySelector(".chip");
  if (first) first.focus();
}

function submitPause(reason) {
  const dialog = $("pause-dialog");
  const text = (reason || "").trim();
  if (!text) {
    showError(T.needPauseReason);
    $("pause-reason").focus();
    return;
  }
  const counterId = state.counterId;
  confirmIn(dialog, async () => {
    await post(`/api/v1/counters/${encodeURIComponent(counterId)}/pause`, { reason: text });
    return fmt(T.pausedOk, { reason: text });
  });
}

// ------------------------------------------------------------------ keyboard

const KEYS = { F1: "next", F2: "recall", F3: "start", F4: "finish", F8: "skip", F9: "transfer" };

function typing(target) {
  if (!target || !(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !["button", "submit", "reset", "checkbox", "radio"].includes(target.type);
  return false;
}

function onKeyDown(event) {
  const dialog = openDialog();
  if (event.key === "Escape") {
    if (dialog) {
      event.preventDefault();
      dialog.close();
    } else if (!$("toast").hidden) $("toast").hidden = true;
    return;
  }
  const isSpace = event.code === "Space" || event.key === " ";
  const action = isSpace ? "next" : KEYS[event.key];
  if (!action) return;
  // F1 opens the browser's help and F3 its find bar: never, on this page
  if (!isSpace) event.preventDefault();
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  if (dialog || typing(event.target)) return;
  if ($("desk").hidden || !state.counterId) return;
  if (isSpace) event.preventDefault(); // and no click on a focused button
  if (event.repeat) return; // a held key is one press
  press(action);
}

function onKeyUp(event) {
  // a Space handled above must not also "click" a button that has focus
  const isSpace = event.code === "Space" || event.key === " ";
  if (isSpace && !openDialog() && !typing(event.target) && !$("desk").hidden) event.preventDefault();
}

// ------------------------------------------------------------------ live

function setLive(status) {
  const node = $("live");
  const online = status === "online";
  node.className = `live ${online ? "online" : "offline"}`;
  node.textContent = online ? T.online : T.offline;
  document.body.dataset.live = online && state.joined ? "1" : "0";
}

function startLive() {
  if (typeof window.io !== "function") {
    setLive("offline");
    return;
  }
  state.live = connectSocket({
    rooms: state.counterId ? [`counter:${state.counterId}`] : [],
    onState: (status) => {
      state.socketOnline = status === "online";
      if (!state.socketOnline) state.joined = false;
      setLive(state.socketOnline && state.joined ? "online" : "offline");
    },
    onJoined: (room, ack) => {
      if (room !== `counter:${state.counterId}`) return;
      state.joined = Boolean(ack && ack.ok);
      setLive(state.joined ? "online" : "offline");
      if (!state.joined && ack && ack.error) showError(ack.error.message || T.unexpected);
      // events sent while this console was away are lost: start again from a snapshot
      refresh();
    },
  });
  const { socket } = state.live;
  for (const name of ["ticket.issued", "ticket.called", "ticket.updated", "queue.waiting", "counter.updated"]) {
    socket.on(name, () => scheduleRefresh());
  }
}

async function syncClock() {
  try {
    const health = await api("/api/v1/health", { timeoutMs: 5000 });
    const at = Date.parse(health.now || "");
    if (Number.isFinite(at)) state.clockOffsetMs = at - Date.now();
    renderTimes();
  } catch (err) { /* the local clock will do meanwhile */ }
}

// ------------------------------------------------------------------ start

function wire() {
  $("lang").addEventListener("click", toggleLanguage);
  $("picker-lang").addEventListener("click", toggleLanguage);
  $("switch").addEventListener("click", showPicker);
  $("picker-back").addEventListener("click", () => { if (state.counterId) chooseCounter(state.counterId); });
  $("toast-close").addEventListener("click", () => { $("toast").hidden = true; });
  $("banner-resume").addEventListener("click", () => press("pause"));
  for (const button of document.querySelectorAll("#actions .action")) {
    button.addEventListener("click", () => press(button.dataset.action));
  }
  for (const dialog of document.querySelectorAll("dialog")) {
    for (const close of dialog.querySelectorAll("[data-close]")) close.addEventListener("click", () => dialog.close());
    // a click on the dimmed backdrop closes too
    dialog.addEventListener("mousedown", (event) => { if (event.target === dialog) dialog.close(); });
  }
  // transfer
  $("transfer-search").addEventListener("input", () => { state.transferChoice = null; renderTransferList(); });
  $("transfer-search").addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveTransferChoice(event.key === "ArrowDown" ? 1 : -1);
    }
  });
  $("transfer-form").addEventListener("submit", (event) => { event.preventDefault(); submitTransfer(); });
  // call a number
  $("call-code").addEventListener("input", () => { state.callChoice = null; renderCallList(); });
  $("call-code").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (state.callChoice) $("call-reason").focus();
      else submitCall();
    }
  });
  for (const chip of $("call-quick").querySelectorAll(".chip")) {
    chip.addEventListener("click", () => {
      for (const other of $("call-quick").querySelectorAll(".chip")) other.classList.toggle("selected", other === chip);
      $("call-reason").value = chip.dataset.reason;
    });
  }
  $("call-reason").addEventListener("input", () => {
    for (const chip of $("call-quick").querySelectorAll(".chip")) chip.classList.toggle("selected", chip.dataset.reason === $("call-reason").value);
  });
  $("call-form").addEventListener("submit", (event) => { event.preventDefault(); submitCall(); });
  // pause
  for (const chip of $("pause-quick").querySelectorAll(".chip")) {
    chip.addEventListener("click", () => submitPause(chip.dataset.pause));
  }
  $("pause-form").addEventListener("submit", (event) => { event.preventDefault(); submitPause($("pause-reason").value); });

  window.addEventListener("keydown", onKeyDown);
  window.addEventListener("keyup", onKeyUp);
  // never a stack trace on screen: an unexpected failure is one plain sentence
  window.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    toast(T.unexpected, "error");
  });
}

function start() {
  applyTexts();
  wire();
  $("booting").hidden = true;
  setInterval(() => { renderTimes(); }, 1000);
  setInterval(tickMinutes, 20000);
  syncClock();
  setInterval(syncClock, 10 * 60 * 1000);
  // a safety net under the live events: a slow poll, faster while the socket is down
  let lastPoll = Date.now();
  setInterval(() => {
    const every = state.joined ? POLL_ONLINE_MS : POLL_OFFLINE_MS;
    if (Date.now() - lastPoll >= every && !state.busy) {
      lastPoll = Date.now();
      refresh();
    }
  }, 1000);
  if (!myCounters.length) {
    $("no-counter").hidden = false;
    return;
  }
  const remembered = rememberedCounter();
  if (myCounters.length === 1) chooseCounter(myCounters[0].id);
  else if (remembered) chooseCounter(remembered);
  else showPicker();
}

start();
