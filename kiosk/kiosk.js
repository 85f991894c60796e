// The ticket kiosk: agency → service → (priority) → ticket, in at most three taps.
// It never shows a stack trace or a blank page: every failure becomes a plain sentence,
// and a lost server is waited for behind a "reconnecting" overlay.
import qrcode from "/vendor/qrcode.mjs";
import {
  ApiError, EventGate, api, connectSocket, deviceToken, el, forgetDeviceToken, hue, initials,
  startPairing, uuid,
} from "/static/js/loket.js";

const TEXT = {
  id: {
    loading: "Memuat layanan…",
    reconnecting: "Menyambungkan kembali ke server…",
    chooseAgency: "Silakan pilih instansi",
    chooseAgencyLead: "Sentuh instansi yang ingin Anda tuju",
    chooseService: "Pilih layanan",
    waiting: (n) => `${n} menunggu`,
    eta: (m) => (m === null || m === undefined ? "" : m === 0 ? "langsung dilayani" : `± ${m} menit`),
    back: "‹ Kembali",
    closed: "Tutup",
    priorityTitle: "Jenis antrian",
    priorityLead: "Lansia, penyandang disabilitas dan ibu hamil didahulukan",
    regular: "Antrian biasa",
    regularSub: "Ambil nomor antrian",
    lansia: "Lansia", lansiaSub: "usia 60 tahun ke atas",
    disabilitas: "Penyandang disabilitas", disabilitasSub: "didampingi atau tidak",
    ibu_hamil: "Ibu hamil", ibu_hamilSub: "atau membawa bayi",
    yourNumber: "Nomor antrian Anda",
    ahead: "Di depan Anda",
    people: (n) => `${n} orang`,
    wait: "Perkiraan tunggu",
    minutes: (m) => (m === null || m === undefined ? "–" : m === 0 ? "segera" : `± ${m} menit`),
    scan: "Pindai untuk memantau antrian dari ponsel",
    printing: "Sedang mencetak tiket…",
    printed: "Silakan ambil tiket Anda",
    printFailed: "Printer bermasalah — foto layar ini atau pindai kode QR",
    noPrinter: "Foto layar ini atau pindai kode QR",
    priority: "PRIORITAS",
    finish: "Selesai",
    issueFailed: "Gagal mengambil nomor. Silakan coba lagi.",
    pairTitle: "Kios belum dipasangkan",
    pairBody: "Admin memasukkan kode ini di halaman Perangkat (atau memindai kode QR):",
    pairCli: "Atau buka sekali /kiosk?device_token=TOKEN (queue-server token create --device NAMA --kind kiosk).",
    revoked: "Token kios ini tidak berlaku lagi (dicabut atau salah).",
    toggle: "EN",
  },
  en: {
    loading: "Loading services…",
    reconnecting: "Reconnecting to the server…",
    chooseAgency: "Please choose an agency",
    chooseAgencyLead: "Touch the agency you need",
    chooseService: "Choose a service",
    waiting: (n) => `${n} waiting`,
    eta: (m) => (m === null || m === undefined ? "" : m === 0 ? "served now" : `~${m} min`),
    back: "‹ Back",
    closed: "Closed",
    priorityTitle: "Queue type",
    priorityLead: "Seniors, people with disabilities and pregnant women are served first",
    regular: "Regular queue",
    regularSub: "Take a number",
    lansia: "Senior citizen", lansiaSub: "aged 60 or over",
    disabilitas: "Disability", disabilitasSub: "with or without a companion",
    ibu_hamil: "Pregnant", ibu_hamilSub: "or carrying a baby",
    yourNumber: "Your number",
    ahead: "People ahead",
    people: (n) => `${n}`,
    wait: "Estimated wait",
    minutes: (m) => (m === null || m === undefined ? "–" : m === 0 ? "now" : `~${m} min`),
    scan: "Scan to follow your queue on your phone",
    printing: "Printing your ticket…",
    printed: "Please take your ticket",
    printFailed: "Printer problem — take a photo of this screen or scan the QR code",
    noPrinter: "Take a photo of this screen or scan the QR code",
    priority: "PRIORITY",
    finish: "Done",
    issueFailed: "Could not get a number. Please try again.",
    pairTitle: "This kiosk is not paired yet",
    pairBody: "An admin enters this code on the Devices page (or scans the QR code):",
    pairCli: "Or open /kiosk?device_token=TOKEN once (queue-server token create --device NAME --kind kiosk).",
    revoked: "This kiosk's token is no longer valid (revoked or wrong).",
    toggle: "ID",
  },
};

const IDLE_MS = { choose: 30000, ticketPrinted: 15000, ticketProblem: 60000 };
const PRINT_POLL_MS = 2000;

const state = {
  lang: document.body.dataset.language === "en" ? "en" : "id",
  token: deviceToken("kiosk"),
  services: [],
  agency: null, // agency id chosen
  service: null, // service chosen
  issueKey: null, // Idempotency-Key of the ticket being taken: a double tap reuses it
  busy: false,
  ticket: null,
  print: null,
  idleTimer: null,
  pollTimer: null,
  screen: "loading",
  gate: new EventGate(),
  live: null,
};

const app = document.getElementById("app");
const t = (key, ...args) => {
  const value = TEXT[state.lang][key];
  return typeof value === "function" ? value(...args) : value;
};

// ------------------------------------------------------------------ screens

function show(name, node) {
  state.screen = name;
  app.replaceChildren(node);
  document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = t(n.dataset.t); });
  document.getElementById("lang").textContent = t("toggle");
  node.dataset.screen = name;
}

function agencies() {
  const byAgency = new Map();
  for (const s of state.services) {
    const entry = byAgency.get(s.agency.id) || { agency: s.agency, waiting: 0, open: 0 };
    entry.waiting += s.waiting;
    entry.open += s.open ? 1 : 0;
    byAgency.set(s.agency.id, entry);
  }
  return [...byAgency.values()];
}

function renderAgencies() {
  const tiles = agencies().map(({ agency, waiting }) => el("button", {
    class: "tile", type: "button", dataset: { agency: agency.id },
    onclick: () => chooseAgency(agency.id),
  },
  el("div", { class: "badge", style: `background: hsl(${hue(agency.short_name)} 55% 38%)` }, initials(agency.short_name)),
  el("div", { class: "name" }, agency.short_name),
  el("div", { class: "count" }, t("waiting", waiting))));
  show("agencies", el("section", { class: "screen" },
    el("h1", {}, t("chooseAgency")),
    el("p", { class: "lead" }, t("chooseAgencyLead")),
    el("div", { class: "grid" }, tiles)));
}

function renderServices() {
  const services = state.services.filter((s) => s.agency.id === state.agency);
  if (!services.length) return home();
  const agency = services[0].agency;
  const rows = services.map((s) => {
    const name = state.lang === "en" ? s.name_en : s.name;
    const reason = state.lang === "en" ? s.closed_message_en : s.closed_message;
    const attrs = {
      class: `service${s.open ? "" : " closed"}`, type: "button", dataset: { service: s.id },
      "aria-disabled": s.open ? null : "true",
    };
    if (s.open) attrs.onclick = () => chooseService(s.id);
    return el("button", attrs,
      el("div", { class: "prefix" }, s.prefix),
      el("div", {},
        el("div", { class: "title" }, name),
        s.open ? el("div", { class: "sub" }, t("eta", s.eta_minutes))
          : el("div", { class: "reason" }, `${t("closed")}: ${reason || ""}`)),
      el("div", { class: "wait" }, el("strong", {}, String(s.waiting)), t("waiting", "").trim()));
  });
  show("services", el("section", { class: "screen" },
    el("div", { class: "head" },
      el("button", { class: "back", type: "button", onclick: home }, t("back")),
      el("div", {}, el("h1", {}, agency.short_name), el("p", { class: "lead" }, t("chooseService")))),
    el("div", { class: "list" }, rows)));
  armIdle(IDLE_MS.choose);
}

function renderPriority(message = null) {
  const s = state.services.find((x) => x.id === state.service);
  if (!s) return home();
  const choice = (kind, cls) => el("button", {
    class: `choice ${cls || ""}`, type: "button", dataset: { kind: kind || "regular" },
    onclick: (ev) => takeTicket(kind, ev.currentTarget),
  }, t(kind || "regular"), el("small", {}, t(`${kind || "regular"}Sub`)));
  show("priority", el("section", { class: "screen" },
    el("div", { class: "head" },
      el("button", { class: "back", type: "button", onclick: () => renderServices() }, t("back")),
      el("div", {}, el("h1", {}, state.lang === "en" ? s.name_en : s.name),
        el("p", { class: "lead" }, t("priorityLead")))),
    message ? el("div", { class: "message", role: "alert" }, message) : null,
    el("div", { class: "choices" },
      choice(null, "regular"), choice("lansia"), choice("disabilitas"), choice("ibu_hamil"))));
  armIdle(IDLE_MS.choose);
}

function qrSvg(text) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const holder = document.createElement("div");
  holder.innerHTML = qr.createSvgTag({ cellSize: 6, margin: 2, scalable: true });
  return holder.firstElementChild;
}

function printLine() {
  const job = state.print;
  if (job === undefined) return el("div", { class: "print pending" }, t("printing"));
  if (job === null) return el("div", { class: "print none" }, t("noPrinter"));
  if (job.status === "sent") return el("div", { class: "print sent", dataset: { print: "sent" } }, t("printed"));
  if (job.status === "failed" || job.attempts > 0) {
    return el("div", { class: "print failed", dataset: { print: "failed" } }, t("printFailed"));
  }
  return el("div", { class: "print pending", dataset: { print: "pending" } }, t("printing"));
}

function renderTicket() {
  const tk = state.ticket;
  const s = state.services.find((x) => x.id === tk.service_id) || { name: "", name_en: "", agency: { name: "" } };
  show("ticket", el("section", { class: "screen ticket" },
    el("div", { class: "card" },
      el("div", {},
        el("div", { class: "label" }, t("yourNumber")),
        el("div", { class: "code", id: "ticket-code" }, tk.code),
        el("div", { class: "svc" }, state.lang === "en" ? s.name_en : s.name),
        el("div", { class: "agency" }, s.agency.name),
        tk.priority ? el("div", { class: "priority" }, t("priority")) : null,
        el("div", { class: "facts" },
          el("div", {}, el("strong", {}, t("people", tk.people_ahead)), t("ahead")),
          el("div", {}, el("strong", {}, t("minutes", tk.eta_minutes)), t("wait"))),
        el("div", { id: "print-state" }, printLine()),
        el("div", {}, el("button", { class: "done", type: "button", onclick: home }, t("finish")))),
      el("div", { class: "qr" }, qrSvg(tk.track_url), el("span", {}, t("scan"))))));
  const problem = state.print === null || (state.print && (state.print.status === "failed" || state.print.attempts > 0));
  armIdle(state.print && state.print.status === "sent" ? IDLE_MS.ticketPrinted
    : problem ? IDLE_MS.ticketProblem : IDLE_MS.ticketProblem);
}

function updatePrint(job) {
  state.print = job;
  if (state.screen !== "ticket") return;
  const holder = document.getElementById("print-state");
  if (holder) holder.replaceChildren(printLine());
  if (job && job.status === "sent") armIdle(IDLE_MS.ticketPrinted);
  else armIdle(IDLE_MS.ticketProblem); // keep the number on screen longer when printing fails
  if (!job || job.status !== "pending") stopPrintPolling();
}

let stopPairing = null;
function renderPair(revoked = false) {
  const codeBox = el("div", { class: "pair-code", id: "pair-code" }, "…");
  const qrBox = el("div", { class: "qr" });
  show("pair", el("section", { class: "screen pair" }, el("div", { class: "card" },
    el("h1", {}, t("pairTitle")),
    revoked ? el("p", { class: "message" }, t("revoked")) : null,
    el("p", {}, t("pairBody")),
    codeBox,
    qrBox,
    el("p", { class: "lead" }, t("pairCli")))));
  if (stopPairing) stopPairing();
  stopPairing = startPairing("kiosk", (code, url) => {
    codeBox.textContent = code;
    qrBox.replaceChildren(qrSvg(url));
  });
}

// ------------------------------------------------------------------ actions

function home() {
  stopPrintPolling();
  if (state.ticket && state.live) state.live.leave(`ticket:${trackToken(state.ticket)}`);
  state.agency = null;
  state.service = null;
  state.ticket = null;
  state.issueKey = null;
  state.busy = false;
  if (state.lang !== (document.body.dataset.language === "en" ? "en" : "id")) {
    state.lang = document.body.dataset.language === "en" ? "en" : "id";
  }
  clearTimeout(state.idleTimer);
  if (!state.token) return renderPair();
  renderAgencies();
}

function chooseAgency(id) {
  state.agency = id;
  renderServices();
}

function chooseService(id) {
  const s = state.services.find((x) => x.id === id);
  if (!s || !s.open) return;
  state.service = id;
  state.issueKey = uuid(); // one key per ticket attempt: repeated taps get the same ticket
  renderPriority();
}

async function takeTicket(kind, button) {
  if (state.busy) return; // a second tap while the first is in flight does nothing
  state.busy = true;
  document.querySelectorAll(".choice, .back").forEach((b) => { b.disabled = true; });
  if (button) button.classList.add("chosen");
  try {
    const body = { service_id: state.service, language: state.lang, priority: Boolean(kind) };
    if (kind) body.priority_kind = kind;
    const data = await api("/api/v1/tickets", {
      method: "POST", token: state.token, body, headers: { "Idempotency-Key": state.issueKey },
    });
    state.ticket = data.ticket;
    state.print = undefined;
    renderTicket();
    followPrint(data.ticket);
    refreshServices();
  } catch (err) {
    state.busy = false;
    if (err instanceof ApiError && err.status === 401) {
      forgetDeviceToken("kiosk");
      state.token = null;
      return renderPair(true);
    }
    if (err instanceof ApiError && (err.code === "service_closed" || err.code === "quota_reached")) {
      await refreshServices();
      return renderServices();
    }
    // network trouble: the same Idempotency-Key makes a retry safe
    renderPriority(err instanceof ApiError && err.code !== "network" ? err.message : t("issueFailed"));
  }
}

function trackToken(ticket) {
  return ticket.track_url.split("/").pop();
}

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

function armIdle(ms) {
  clearTimeout(state.idleTimer);
  state.idleTimer = setTimeout(home, ms);
}

async function refreshServices() {
  try {
    const data = await api("/api/v1/services");
    state.services = data.services;
    setOffline(false);
    return true;
  } catch (err) {
    setOffline(true);
    return false;
  }
}

function applyWaiting(waiting) {
  for (const s of state.services) {
    if (waiting[s.id] !== undefined) s.waiting = waiting[s.id];
  }
  // update the numbers in place: no flicker, and the idle timer keeps running
  if (state.screen === "agencies") {
    for (const { agency, waiting: n } of agencies()) {
      const count = app.querySelector(`[data-agency="${CSS.escape(agency.id)}"] .count`);
      if (count) count.textContent = t("waiting", n);
    }
  } else if (state.screen === "services") {
    for (const s of state.services) {
      const strong = app.querySelector(`[data-service="${CSS.escape(s.id)}"] .wait strong`);
      if (strong) strong.textContent = String(s.waiting);
    }
  }
}

let offlineTimer = null;
function setOffline(offline) {
  const overlay = document.getElementById("offline");
  clearTimeout(offlineTimer);
  if (!offline) {
    overlay.classList.add("hidden");
    return;
  }
  // a blip of a second is not worth covering the screen for
  offlineTimer = setTimeout(() => overlay.classList.remove("hidden"), 2500);
}

const TZ = document.body.dataset.timezone || "Asia/Jakarta";
const ZONE_LABEL = document.body.dataset.zoneLabel || "";

function tick() {
  // the hall's clock (WIB), whatever time zone the kiosk PC was set to
  const now = new Date();
  const locale = state.lang === "en" ? "en-GB" : "id-ID";
  const day = new Intl.DateTimeFormat(locale, { timeZone: TZ, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(now);
  const time = new Intl.DateTimeFormat(locale, { timeZone: TZ, hour: "2-digit", minute: "2-digit", hour12: false }).format(now).replace(".", ":");
  document.getElementById("clock").textContent = `${day} · ${time} ${ZONE_LABEL}`.trim();
}

// ------------------------------------------------------------------ start

document.getElementById("lang").addEventListener("click", () => {
  state.lang = state.lang === "id" ? "en" : "id";
  tick();
  ({ agencies: renderAgencies, services: renderServices, priority: () => renderPriority(),
    ticket: renderTicket, pair: renderPair })[state.screen]?.();
});
document.addEventListener("contextmenu", (ev) => ev.preventDefault());
window.addEventListener("error", (ev) => { console.error(ev.error || ev.message); });

async function start() {
  tick();
  setInterval(tick, 10000);
  if (!state.token) return renderPair();
  // the waiting list refreshes itself: sockets push counts, a slow poll catches the rest
  while (!(await refreshServices())) await new Promise((r) => setTimeout(r, 3000));
  home();
  state.live = connectSocket({
    token: state.token,
    rooms: ["display:all"],
    onState: (status, err) => {
      if (status === "online") {
        setOffline(false);
        refreshServices().then(() => { if (state.screen === "agencies") renderAgencies(); });
      } else {
        setOffline(true);
        if (err && err.message && /refused|unauthori/i.test(err.message)) {
          // the token was revoked: forget it and ask to be paired again
          forgetDeviceToken("kiosk");
          state.token = null;
          setOffline(false);
          renderPair(true);
        }
      }
    },
  });
  const { socket } = state.live;
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
  setInterval(async () => {
    if (await refreshServices()) {
      if (state.screen === "agencies") renderAgencies();
    }
  }, 30000);
  // a new server version (after an update) reloads the page at the next quiet moment
  setInterval(async () => {
    try {
      const health = await api("/api/v1/health");
      if (health.version !== document.body.dataset.version && state.screen === "agencies") location.reload();
    } catch (err) { /* offline overlay already says so */ }
  }, 60000);
}

start();
