// @ts-check
// Pengawasan (/supervisor): the agencies this person supervises — waiting now, longest wait,
// served today, each counter and service — and the alarms, raised and cleared live over
// Socket.IO (agency:ID rooms, admin:all for admins) with a short sound and a banner.
// The snapshot (GET /api/v1/supervision) is read again on every (re)connect, after queue
// events (debounced), and every 15 s whatever happens, so a lost event never lingers.
import { $, el } from "./dom.js";
import { api } from "./admin/api.js";
import { onLanguage } from "./admin/texts.js";
import { connectSocket, resyncer } from "./live.js";
import { isAdmin, messageOf, notice, page, start } from "./admin/shell.js";
import { texts } from "./supervisor_texts.js";

/** @typedef {{id: number, kind: string, agency_id: string | null, service_id: string | null,
 *   counter_id: string | null, device: string | null, since: string, message: string,
 *   acknowledged_by: string | null}} Alarm */
/** @typedef {{id: string, name?: string, status: string, pause_reason?: string | null,
 *   officer: string | null, current_ticket: string | null, idle_minutes: number | null}} CounterLine */
/** @typedef {{id: string, name?: string, waiting: number, quota_used: number, daily_quota: number | null}} ServiceLine */
/** @typedef {{id: string, name?: string, waiting: number, longest_wait_minutes: number,
 *   served_today: number, counters: CounterLine[], services: ServiceLine[]}} AgencyLine */

const REFRESH_MS = 15000;
/** @type {AgencyLine[]} */
let agencies = [];
/** @type {Map<number, Alarm>} */
const alarms = new Map();
let refreshTimer = 0;
/** @type {number | null} the alarm the banner announces, until acknowledged or cleared */
let bannerAlarm = null;

// ------------------------------------------------------------------ the snapshot

async function refresh() {
  const body = await api.get("/api/v1/supervision");
  agencies = body.agencies;
  alarms.clear();
  for (const alarm of /** @type {Alarm[]} */ (body.alarms)) alarms.set(alarm.id, alarm);
  render();
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(() => refresh().catch((err) => notice(messageOf(err), "error")), 800);
}

// ------------------------------------------------------------------ drawing

/** @param {string} iso */
function clock(iso) {
  return new Date(iso).toLocaleTimeString(texts.locale, { hour: "2-digit", minute: "2-digit" });
}

/** @param {string} key */
function label(key) {
  return texts.has(key) ? texts.t(key) : key;
}

function render() {
  renderBanner();
  renderAlarms();
  $("sup-agencies").replaceChildren(...agencies.map(agencyCard));
}

function renderAlarms() {
  const list = [...alarms.values()].sort((a, b) => a.since.localeCompare(b.since) || a.id - b.id);
  $("sup-no-alarms").hidden = list.length > 0;
  $("sup-alarm-list").replaceChildren(...list.map((alarm) => el("li", {
    class: `sup-alarm ${alarm.acknowledged_by ? "acked" : "fresh"}`, dataset: { alarm: String(alarm.id), kind: alarm.kind },
  },
  el("div", { class: "what" },
    el("strong", {}, label(`kind.${alarm.kind}`)),
    el("span", { class: "when" }, texts.t("sup.since", { time: clock(alarm.since) }))),
  el("p", { class: "message" }, alarm.message),
  alarm.acknowledged_by
    ? el("span", { class: "who" }, texts.t("sup.acked", { who: alarm.acknowledged_by }))
    : el("button", { type: "button", class: "button primary ack", onclick: () => acknowledge(alarm.id) },
      texts.t("sup.ack")))));
}

function renderBanner() {
  const banner = $("sup-banner");
  const alarm = bannerAlarm === null ? undefined : alarms.get(bannerAlarm);
  if (!alarm || alarm.acknowledged_by) {
    bannerAlarm = null;
    banner.hidden = true;
    return;
  }
  banner.textContent = `${texts.t("sup.raised", { message: label(`kind.${alarm.kind}`) })} — ${alarm.message}`;
  banner.hidden = false;
}

/** @param {"sup.waiting" | "sup.longest" | "sup.served"} key @param {string | number} value */
function figure(key, value) {
  return el("div", { class: "figure" }, el("span", { class: "value" }, String(value)),
    el("span", { class: "name" }, texts.t(key)));
}

/** @param {AgencyLine} agency */
function agencyCard(agency) {
  const known = page.agencies.find((a) => a.id === agency.id);
  const name = known ? (texts.lang === "en" ? known.name_en : known.name) : agency.name || agency.id;
  const alarmed = [...alarms.values()].some((a) => a.agency_id === agency.id);
  return el("section", { class: `sup-card${alarmed ? " alarmed" : ""}`, dataset: { agency: agency.id } },
    el("h2", {}, name),
    el("div", { class: "figures" },
      figure("sup.waiting", agency.waiting),
      figure("sup.longest", texts.t("sup.minutes", { n: agency.longest_wait_minutes })),
      figure("sup.served", agency.served_today)),
    el("h3", {}, texts.t("sup.counters")),
    agency.counters.length
      ? el("table", { class: "sup-table counters" },
        el("thead", {}, el("tr", {}, ["sup.counter", "sup.state", "sup.ticket", "sup.officer"]
          .map((key) => el("th", { scope: "col" }, label(key))))),
        el("tbody", {}, agency.counters.map(counterRow)))
      : el("p", { class: "explain" }, texts.t("sup.noCounters")),
    el("h3", {}, texts.t("sup.services")),
    el("table", { class: "sup-table services" }, el("tbody", {}, agency.services.map(serviceRow))));
}

/** @param {CounterLine} c */
function counterRow(c) {
  let state = label(`st.${c.status}`);
  if (c.status === "paused" && c.pause_reason) state += ` (${c.pause_reason})`;
  if (c.status === "open" && c.idle_minutes !== null) state += ` · ${texts.t("sup.idleFor", { n: c.idle_minutes })}`;
  return el("tr", { dataset: { counter: c.id, status: c.status } },
    el("th", { scope: "row" }, c.name || c.id),
    el("td", {}, el("span", { class: `status ${c.status}` }, state)),
    el("td", { class: "ticket" }, c.current_ticket || texts.t("sup.nobody")),
    el("td", { class: "officer" }, c.officer || texts.t("sup.nobody")));
}

/** @param {ServiceLine} s */
function serviceRow(s) {
  const share = s.daily_quota ? s.quota_used / s.daily_quota : 0;
  const quota = s.daily_quota ? `${s.quota_used} / ${s.daily_quota}` : `${s.quota_used} (${texts.t("sup.noQuota")})`;
  return el("tr", { dataset: { service: s.id } },
    el("th", { scope: "row" }, s.name || s.id),
    el("td", {}, `${texts.t("sup.waiting")}: ${s.waiting}`),
    el("td", { class: `quota${share >= 0.8 ? " high" : ""}` }, `${texts.t("sup.quota")}: ${quota}`));
}

// ------------------------------------------------------------------ alarms live

/** @param {Alarm} alarm */
function raised(alarm) {
  const fresh = !alarms.has(alarm.id);
  alarms.set(alarm.id, alarm);
  if (fresh) bannerAlarm = alarm.id;
  render();
  if (fresh) beep();
}

function beep() {
  const audio = /** @type {HTMLAudioElement} */ (/** @type {unknown} */ ($("sup-sound")));
  audio.currentTime = 0;
  audio.play().catch(() => {
    // no sound file or autoplay refused: a Web Audio tone once the page was touched
    try {
      const context = new AudioContext();
      const tone = context.createOscillator();
      tone.frequency.value = 880;
      tone.connect(context.destination);
      tone.start();
      tone.stop(context.currentTime + 0.2);
    } catch { /* a page without sound still shows the banner */ }
  });
}

/** @param {number} id */
async function acknowledge(id) {
  try {
    const { alarm } = await api.post(`/api/v1/alarms/${id}/ack`, {});
    alarms.set(alarm.id, alarm);
    render();
    notice(texts.t("sup.ackDone"), "ok");
  } catch (err) {
    notice(messageOf(err), "error");
  }
}

function connect() {
  const rooms = [...(isAdmin ? ["admin:all"] : []), ...page.agencies.map((a) => `agency:${a.id}`)];
  const resync = resyncer(() => refresh().catch((err) => notice(messageOf(err), "error")));
  const live = connectSocket({
    rooms,
    // a heartbeat names an event this page never heard (lost on the way): the snapshot
    onBehind: (eventId) => {
      live.order.caughtUp(eventId);
      resync();
    },
    onState: (state) => {
      const live = $("sup-live");
      live.className = `sup-live ${state}`;
      live.dataset.t = state === "online" ? "sup.live" : "sup.offline";
      live.textContent = texts.t(state === "online" ? "sup.live" : "sup.offline");
      if (state === "online") refresh().catch((err) => notice(messageOf(err), "error"));
    },
  });
  const { socket } = live;
  socket.on("alarm.raised", (/** @type {{alarm: Alarm}} */ ev) => raised(ev.alarm));
  socket.on("alarm.acknowledged", (/** @type {{alarm: Alarm}} */ ev) => {
    if (alarms.has(ev.alarm.id)) { alarms.set(ev.alarm.id, ev.alarm); render(); }
  });
  socket.on("alarm.cleared", (/** @type {{alarm: Alarm}} */ ev) => {
    alarms.delete(ev.alarm.id);
    render();
  });
  for (const name of ["ticket.issued", "ticket.called", "ticket.updated", "queue.waiting", "counter.updated"]) {
    socket.on(name, refreshSoon);
  }
}

onLanguage(render);
start(async () => {
  await refresh();
  connect();
  setInterval(() => refresh().catch(() => {}), REFRESH_MS);
});
