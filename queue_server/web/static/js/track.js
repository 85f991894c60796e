// The citizen's phone page, opened from the QR code on the ticket: status, people ahead,
// estimated wait, and — big — the counter when called. Live over Socket.IO, polling as
// the fallback; vibrates and chimes when called if the phone allows it.
import { api, connectSocket } from "/static/js/loket.js";

const TEXT = {
  id: {
    yourNumber: "Nomor antrian Anda", ahead: "orang di depan Anda", minutes: "menit perkiraan",
    note: "Halaman ini diperbarui otomatis. Biarkan terbuka; ponsel bergetar saat Anda dipanggil.",
    offline: "Menyambungkan ulang…", waiting: "Menunggu giliran",
    called: (c) => `Silakan menuju ${c}`, serving: (c) => `Sedang dilayani di ${c}`,
    done: "Selesai dilayani. Terima kasih!", no_show: "Nomor Anda terlewat. Segera hubungi petugas.",
    cancelled: "Tiket dibatalkan.", toggle: "EN",
  },
  en: {
    yourNumber: "Your number", ahead: "people ahead", minutes: "minutes (estimate)",
    note: "This page updates itself. Keep it open; your phone vibrates when you are called.",
    offline: "Reconnecting…", waiting: "Waiting for your turn",
    called: (c) => `Please go to ${c}`, serving: (c) => `Being served at ${c}`,
    done: "Served. Thank you!", no_show: "Your number was skipped. Please see an officer.",
    cancelled: "Ticket cancelled.", toggle: "ID",
  },
};

const token = document.body.dataset.token;
let lang = document.body.dataset.lang === "en" ? "en" : "id";
let ticket = JSON.parse(document.getElementById("initial").textContent);
let alerted = ticket.status === "called";

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = TEXT[lang][key];
  return typeof v === "function" ? v(...args) : v;
};

function render() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach((n) => { n.textContent = t(n.dataset.t); });
  $("lang").textContent = t("toggle");
  $("code").textContent = ticket.code;
  $("service").textContent = lang === "en" ? ticket.service.name_en : ticket.service.name;
  const counter = ticket.counter ? ticket.counter.name : "";
  const state = $("state");
  const labels = {
    waiting: t("waiting"), called: t("called", counter), serving: t("serving", counter),
    done: t("done"), no_show: t("no_show"), cancelled: t("cancelled"),
  };
  state.textContent = labels[ticket.status] || ticket.status;
  state.className = `state ${ticket.status === "called" ? "called" : ["done"].includes(ticket.status) ? "done" : ["no_show", "cancelled"].includes(ticket.status) ? "gone" : ""}`;
  $("facts").classList.toggle("hidden", ticket.status !== "waiting");
  $("ahead").textContent = String(ticket.people_ahead);
  $("eta").textContent = ticket.eta_minutes === null || ticket.eta_minutes === undefined ? "–" : `± ${ticket.eta_minutes}`;
}

function alertCalled() {
  if (alerted) return;
  alerted = true;
  if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
  const audio = new Audio(document.body.dataset.chime);
  audio.play().catch(() => { /* the phone did not allow sound; the vibration and the screen say it */ });
}

function update(next) {
  ticket = { ...ticket, ...next };
  if (ticket.status === "called") alertCalled();
  else if (ticket.status === "waiting") alerted = false;
  render();
}

async function refresh() {
  try {
    const data = await api(`/api/v1/track/${encodeURIComponent(token)}`);
    update(data.ticket);
    $("offline").classList.add("hidden");
  } catch (err) {
    if (err.status === 404) return;
    $("offline").classList.remove("hidden");
  }
}

$("lang").addEventListener("click", () => { lang = lang === "id" ? "en" : "id"; render(); });
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

render();
const live = connectSocket({
  rooms: [`ticket:${token}`],
  onJoined: (room, ack) => { document.body.dataset.live = ack && ack.ok ? "1" : "0"; },
  onState: (status) => {
    $("offline").classList.toggle("hidden", status === "online");
    if (status === "online") refresh();
  },
});
live.socket.on("ticket.called", (ev) => update(ev.ticket));
live.socket.on("ticket.updated", (ev) => update(ev.ticket));
// people ahead change with every call of the service: a slow poll keeps them honest
setInterval(refresh, 10000);
