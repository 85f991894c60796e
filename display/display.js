// The lobby TV. It renders from the display.state snapshot, applies live events in
// event_id order (duplicates ignored), speaks only fresh calls one at a time, resyncs after
// any loss, falls back to polling, and keeps its DOM bounded for days of running.
import qrcode from "/vendor/qrcode.mjs";
import {
  ApiError, EventGate, api, connectSocket, deviceToken, el, forgetDeviceToken, startPairing,
} from "/static/js/loket.js";

const MAX_CALLS = 8;
const FRESH_SECONDS = Number(document.body.dataset.freshSeconds || 45);
const POLL_MS = 3000;
const SOCKET_GRACE_MS = 8000;
const TZ = document.body.dataset.timezone || "Asia/Jakarta";
const ZONE_LABEL = document.body.dataset.zoneLabel || "WIB";
const zone = new URL(window.location.href).searchParams.get("zone") || "all";
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
const lang = document.body.dataset.language === "en" ? "en" : "id";
const T = TEXT[lang];

const state = {
  gate: new EventGate(),
  calls: [], // newest first, at most MAX_CALLS
  counters: new Map(), // id -> {node, code, status}
  waiting: {},
  serviceNames: {},
  clockOffsetMs: 0, // server time - local time
  ready: false,
  socketOnline: false,
  pollTimer: null,
  lastPollOk: false,
  lastSnapshotAt: 0,
};

const $ = (id) => document.getElementById(id);
window.__loketDisplay = { audio: [], spoken: [], snapshots: 0 }; // read by tests and by the IT officer's console

// ------------------------------------------------------------------ clock

const timeFormat = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hour12: false });
const dateFormat = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", { timeZone: TZ, weekday: "long", day: "numeric", month: "long", year: "numeric" });

function serverNow() {
  return Date.now() + state.clockOffsetMs;
}

function tick() {
  const now = new Date(serverNow());
  $("clock").textContent = `${timeFormat.format(now).replace(".", ":")} ${ZONE_LABEL}`;
  $("date").textContent = dateFormat.format(now);
}

// ------------------------------------------------------------------ rendering

function callItem(call, index) {
  const agency = call.agency ? call.agency.short_name : "";
  return el("li", { class: index === 0 ? "current" : null, dataset: { event: call.event_id } },
    el("span", { class: "code" }, call.ticket.code, call.recall ? el("span", { class: "tag" }, T.recall) : null),
    el("span", { class: "where" }, call.counter.name),
    agency ? el("span", { class: "agency" }, agency) : null);
}

function renderCalls(freshId = null) {
  const list = $("calls");
  // at most MAX_CALLS nodes ever: the list is rebuilt from the capped array
  list.replaceChildren(...state.calls.slice(0, MAX_CALLS).map(callItem));
  const top = state.calls[0];
  $("now-code").textContent = top ? top.ticket.code : "—";
  $("now-counter").textContent = top ? top.counter.name : "";
  $("now-agency").textContent = top && top.agency ? top.agency.name : "";
  $("now-recall").classList.toggle("hidden", !(top && top.recall));
  if (freshId !== null && top && top.event_id === freshId) {
    const panel = $("now");
    panel.classList.remove("flash");
    void panel.offsetWidth; // restart the animation
    panel.classList.add("flash");
  }
}

function renderCounters(counters) {
  const grid = $("counters");
  const seen = new Set();
  for (const c of counters) {
    seen.add(c.id);
    let entry = state.counters.get(c.id);
    if (!entry) {
      const node = el("div", { class: "counter", dataset: { counter: c.id } },
        el("div", { class: "cname" }, c.name), el("div", { class: "ccode" }, "—"));
      grid.append(node);
      entry = { node };
      state.counters.set(c.id, entry);
    }
    setCounter(c.id, c.current ? c.current.code : null, c.status);
  }
  for (const [id, entry] of state.counters) {
    if (!seen.has(id)) {
      entry.node.remove();
      state.counters.delete(id);
    }
  }
}

function setCounter(id, code, status) {
  const entry = state.counters.get(id);
  if (!entry) return;
  if (status) entry.status = status;
  entry.code = code;
  const label = entry.status === "paused" ? T.paused : entry.status === "closed" ? T.closed : null;
  entry.node.className = `counter ${label ? entry.status : code ? "busy" : "idle"}`;
  entry.node.querySelector(".ccode").textContent = label || code || "—";
}

function renderWaiting() {
  const items = Object.entries(state.waiting)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([id, n]) => el("span", {}, `${state.serviceNames[id] || id} `, el("strong", {}, String(n))));
  $("waiting").replaceChildren(...(items.length ? items : [el("span", { class: "none" }, T.nobody)]));
}

function applySnapshot(snapshot) {
  window.__loketDisplay.snapshots += 1;
  state.gate.reset(snapshot.event_id);
  state.clockOffsetMs = Date.parse(snapshot.now) - Date.now();
  state.lastSnapshotAt = Date.now();
  $("zone-name").textContent = snapshot.zone && snapshot.zone.id !== "all" ? snapshot.zone.name : "";
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
}

function isFresh(call) {
  const at = Date.parse(call.at);
  return state.ready && Number.isFinite(at) && (serverNow() - at) / 1000 <= FRESH_SECONDS;
}

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
}

function onUpdated(event) {
  if (!state.gate.accept("ticket.updated", event.event_id)) return;
  const ticket = event.ticket;
  for (const [id, entry] of state.counters) {
    if (entry.code === ticket.code && ["finished", "skipped", "cancelled", "transferred"].includes(event.change)) {
      setCounter(id, null);
    }
  }
}

function onWaiting(name, event) {
  if (!state.gate.accept(name, event.event_id)) return;
  Object.assign(state.waiting, event.waiting);
  renderWaiting();
}

// ------------------------------------------------------------------ sound

class SoundQueue {
  constructor(player, chime) {
    this.player = player;
    this.chime = chime;
    this.queue = [];
    this.busy = false;
    this.blocked = false;
  }

  enqueue(call) {
    this.queue.push(call);
    this.run();
  }

  async run() {
    if (this.busy || this.blocked) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.blocked) {
        const call = this.queue[0];
        if (!isFresh(call)) { // waited too long behind others or behind the overlay
          this.queue.shift();
          continue;
        }
        const done = await this.play(call);
        if (done === "blocked") {
          this.blocked = true;
          showSoundOverlay(true);
          break;
        }
        this.queue.shift();
      }
    } finally {
      this.busy = false;
    }
  }

  async play(call) {
    // the server orders the clips: chime first, then the phrase's fragments
    const urls = call.audio && call.audio.length ? call.audio : [this.chime];
    const voice = urls.filter((url) => url !== this.chime);
    let failures = 0;
    for (const url of urls) {
      const result = await this.playUrl(url);
      if (result === "blocked") return "blocked";
      if (result !== "ended" && url !== this.chime) failures += 1;
    }
    // no voice clip could be played (no engine worked): the browser reads the text
    if (voice.length === 0 || failures >= voice.length) {
      await speak(call.text, call.ticket.language || lang);
    }
    window.__loketDisplay.spoken.push({ event_id: call.event_id, code: call.ticket.code, text: call.text });
    return "ok";
  }

  playUrl(url) {
    const player = this.player;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        player.removeEventListener("ended", onEnded);
        player.removeEventListener("error", onError);
        window.__loketDisplay.audio.push({ url, result, at: Date.now() });
        if (window.__loketDisplay.audio.length > 200) window.__loketDisplay.audio.splice(0, 100);
        resolve(result);
      };
      const onEnded = () => finish("ended");
      const onError = () => finish("error");
      const timer = setTimeout(() => finish("timeout"), 20000);
      player.addEventListener("ended", onEnded);
      player.addEventListener("error", onError);
      player.src = url;
      const attempt = player.play();
      if (attempt && attempt.catch) {
        attempt.catch((err) => finish(err && err.name === "NotAllowedError" ? "blocked" : "error"));
      }
    });
  }

  unlock() {
    this.blocked = false;
    showSoundOverlay(false);
    this.run();
  }
}

function speak(text, language) {
  return new Promise((resolve) => {
    if (!("speechSynthesis" in window) || !text) return resolve();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language === "en" ? "en-US" : "id-ID";
    utterance.rate = 0.9;
    const timer = setTimeout(resolve, 15000);
    utterance.onend = () => { clearTimeout(timer); resolve(); };
    utterance.onerror = () => { clearTimeout(timer); resolve(); };
    window.speechSynthesis.speak(utterance);
  });
}

function showSoundOverlay(show) {
  $("sound-overlay").classList.toggle("hidden", !show);
}

const sound = new SoundQueue($("player"), document.body.dataset.chime);
// what the screen is doing, for the IT officer's console and for tests
window.__loketDisplay.status = () => ({
  ready: state.ready, clockOffsetMs: state.clockOffsetMs, socketOnline: state.socketOnline,
  polling: state.pollTimer !== null, lastEventId: state.gate.last, queued: sound.queue.length,
  soundBusy: sound.busy, soundBlocked: sound.blocked,
  lastCallAgeSeconds: state.calls[0] ? (serverNow() - Date.parse(state.calls[0].at)) / 1000 : null,
});

async function probeAutoplay() {
  // a silent try at start: a browser that blocks audio shows the tap overlay now, not at
  // the first call of the day
  const player = $("player");
  const previous = player.volume;
  player.volume = 0;
  player.src = document.body.dataset.chime;
  try {
    await player.play();
    player.pause();
  } catch (err) {
    if (err && err.name === "NotAllowedError") {
      sound.blocked = true;
      showSoundOverlay(true);
    }
  } finally {
    player.volume = previous;
  }
}

$("sound-overlay").addEventListener("click", () => {
  const player = $("player");
  player.src = document.body.dataset.chime;
  player.play().then(() => sound.unlock()).catch(() => sound.unlock());
});

// ------------------------------------------------------------------ connection

function setStatus(message) {
  const node = $("status");
  node.textContent = message || "";
  node.classList.toggle("hidden", !message);
}

async function poll() {
  try {
    const snapshot = await api(`/api/v1/display/state?zone=${encodeURIComponent(zone)}`, { token });
    setStatus("");
    if (!state.ready || !state.lastPollOk) {
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
    if (err instanceof ApiError && err.status === 401) {
      // revoked or wrong: forget it and ask to be paired again
      forgetDeviceToken("display");
      window.location.reload();
    } else setStatus(T.offline);
  }
}

function startPolling() {
  if (state.pollTimer !== null) return;
  state.lastPollOk = false;
  state.pollTimer = setInterval(poll, POLL_MS);
  poll();
}

function stopPolling() {
  if (state.pollTimer === null) return;
  clearInterval(state.pollTimer);
  state.pollTimer = null;
}

async function loadServiceNames() {
  try {
    const data = await api("/api/v1/services");
    for (const s of data.services) state.serviceNames[s.id] = `${s.prefix} ${lang === "en" ? s.name_en : s.name}`;
    renderWaiting();
  } catch (err) { /* names are a nicety; numbers still show */ }
}

function showPairing() {
  const code = el("div", { class: "pair-code" }, "…");
  const qr = el("div", { class: "pair-qr" });
  document.body.append(el("div", { class: "pair-overlay", id: "pairing" },
    el("div", { class: "pair-card" }, el("h1", {}, T.pairTitle), el("p", {}, T.pairBody), code, qr)));
  startPairing("display", (value, url) => {
    code.textContent = value;
    const made = qrcode(0, "M");
    made.addData(url);
    made.make();
    qr.innerHTML = made.createSvgTag({ cellSize: 5, margin: 2, scalable: true });
  });
}

function start() {
  $("now-label").textContent = T.called;
  $("history-title").textContent = T.history;
  $("counters-title").textContent = T.serving;
  $("waiting-title").textContent = T.waiting;
  $("now-recall").textContent = T.recallBig;
  tick();
  setInterval(tick, 1000);
  loadServiceNames();
  probeAutoplay();
  if (!token) {
    showPairing();
    return;
  }
  const live = connectSocket({
    token,
    rooms: [`display:${zone}`],
    onState: (status) => {
      state.socketOnline = status === "online";
      if (state.socketOnline) {
        stopPolling();
        setStatus("");
      } else {
        setStatus(T.offline);
        // websockets down (proxy, flaky network): keep the screen alive over HTTP meanwhile
        setTimeout(() => { if (!state.socketOnline) startPolling(); }, SOCKET_GRACE_MS);
      }
    },
    onJoined: (room, ack) => {
      document.body.dataset.live = ack && ack.ok ? "1" : "0";
      if (!ack || !ack.ok) setStatus(ack && ack.error ? ack.error.message : T.offline);
    },
  });
  const { socket } = live;
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
  // never stuck: with no snapshot after a while, fetch one over HTTP
  setTimeout(() => { if (!state.ready) startPolling(); }, SOCKET_GRACE_MS);
  // a new server version reloads the screen (after the queue has gone quiet)
  setInterval(async () => {
    try {
      const health = await api("/api/v1/health");
      if (health.version !== document.body.dataset.version && !sound.busy) window.location.reload();
    } catch (err) { /* shown by the status badge */ }
  }, 60000);
}

start();
