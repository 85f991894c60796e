// @ts-check
// Status sistem (/admin/status): GET /api/v1/admin/status every 10 s, drawn as five figures
// (version, disk, database, last backup, Redis) and the tables of printers, screens and the
// log's recent errors; "Buat cadangan sekarang" POSTs /api/v1/admin/backups.
import { $, el } from "../dom.js";
import { api, ApiError } from "./api.js";
import { messageOf, notice, start } from "./shell.js";
import { onLanguage } from "./texts.js";
import { bytes, duration, hallTime, secondsBetween } from "./status_format.js";
import { texts } from "./status_texts.js";

const REFRESH_MS = 10_000;
const DISK_LOW = 0.1;  // below a tenth free the tile turns amber

/** @typedef {{file: string, made_at: string, size_bytes: number, tickets: number}} Backup */
/** @typedef {{name: string, ok: boolean | null, message: string, paper: string,
 *   pending_jobs?: number, last_success_at?: string | null}} Printer */
/** @typedef {{name: string, kind: string, counter_id: string | null, last_seen_at: string | null,
 *   page: string | null, address: string | null, silent: boolean}} Device */
/** @typedef {{at: string, level: string, logger: string, message: string, detail: string | null}} LogRecord */
/** @typedef {{version: string, now: string, started_at: string, uptime_seconds: number,
 *   data_dir: string, disk: {free_bytes: number, total_bytes: number} | null,
 *   database: {bytes: number, wal_bytes: number},
 *   backup: {last: Backup | null, stale: boolean, dir: string}, printers: Printer[],
 *   devices: Device[], message_queue: {url: string, ok: boolean, error: string | null} | null,
 *   errors: LogRecord[]}} Status */

/** @type {Status | null} */
let shown = null;
let refreshedAt = "";
let timer = 0;

/** @param {string} id @param {"ok" | "bad" | "warn" | "idle"} state
 *  @param {string} figure @param {string} sub */
function tile(id, state, figure, sub) {
  $(`tile-${id}`).className = `status-tile is-${state}`;
  $(`st-${id}`).textContent = figure;
  const subNode = document.getElementById(`st-${id}-sub`);
  if (subNode) subNode.textContent = sub;
}

/** @param {Status} s */
function renderTiles(s) {
  tile("version", "ok", s.version, "");
  $("st-started").textContent = texts.t("st.started", {
    uptime: duration(s.uptime_seconds), at: hallTime(s.started_at, s.now) });
  if (s.disk) {
    const low = s.disk.free_bytes < s.disk.total_bytes * DISK_LOW;
    tile("disk", low ? "warn" : "ok", bytes(s.disk.free_bytes),
      texts.t("st.diskOf", { total: bytes(s.disk.total_bytes), dir: s.data_dir }));
  } else {
    tile("disk", "bad", texts.t("st.diskUnknown"), s.data_dir);
  }
  tile("db", "ok", bytes(s.database.bytes), "");
  $("st-wal").textContent = texts.t("st.wal", { wal: bytes(s.database.wal_bytes) });
  const last = s.backup.last;
  if (!last) {
    tile("backup", "bad", texts.t("st.noBackup"), texts.t("st.firstBackup"));
  } else {
    const ago = texts.t("st.backupAgo", { ago: duration(secondsBetween(last.made_at, s.now)),
      tickets: last.tickets, size: bytes(last.size_bytes) });
    tile("backup", s.backup.stale ? "bad" : "ok", hallTime(last.made_at, s.now),
      s.backup.stale ? `${ago} · ${texts.t("st.backupStale")}` : ago);
  }
  const queue = s.message_queue;
  if (!queue) tile("queue", "idle", texts.t("st.queueUnused"), texts.t("st.queueUnusedSub"));
  else if (queue.ok) tile("queue", "ok", texts.t("st.queueOk"), queue.url);
  else tile("queue", "bad", texts.t("st.queueBad"), `${queue.url} · ${queue.error || ""}`);
}

/** @param {"ok" | "bad" | "idle"} kind @param {string} text */
function state(kind, text) {
  return el("span", { class: `st-state is-${kind}` }, text);
}

/** @param {string} table @param {Node[]} rows @param {string} empty @param {number} columns */
function fill(table, rows, empty, columns) {
  const body = $(table).querySelector("tbody");
  body.replaceChildren(...(rows.length ? rows
    : [el("tr", {}, el("td", { colspan: String(columns), class: "muted" }, empty))]));
}

/** @param {Status} s */
function renderTables(s) {
  fill("printers", s.printers.map((p) => el("tr", { dataset: { printer: p.name } },
    el("td", {}, p.name),
    el("td", {}, p.ok === null ? state("idle", texts.t("st.printerIdle"))
      : state(p.ok ? "ok" : "bad", p.ok ? texts.t("st.printerOk") : texts.t("st.printerBad")),
    p.ok ? null : el("span", { class: "sub" }, p.message),
    p.pending_jobs ? el("span", { class: "sub" }, texts.t("st.pending", { n: p.pending_jobs })) : null),
    el("td", {}, texts.has(`paper.${p.paper}`) ? texts.t(/** @type {any} */ (`paper.${p.paper}`)) : p.paper),
    el("td", { class: "nowrap" }, hallTime(p.last_success_at ?? null, s.now) || "–"))),
  texts.t("st.noPrinters"), 4);
  fill("devices", s.devices.map((d) => el("tr", { dataset: { device: d.name } },
    el("td", {}, d.name, d.counter_id ? el("span", { class: "sub" }, d.counter_id) : null),
    el("td", { class: "nowrap" }, texts.has(`kind.${d.kind}`) ? texts.t(/** @type {any} */ (`kind.${d.kind}`)) : d.kind),
    el("td", { class: "nowrap" }, d.last_seen_at ? hallTime(d.last_seen_at, s.now) : texts.t("st.never")),
    el("td", { class: "nowrap" }, d.address || "–"),
    el("td", {}, d.silent ? state("bad", texts.t("st.silent")) : state("ok", texts.t("st.alive"))))),
  texts.t("st.noDevices"), 5);
  fill("errors", s.errors.map((e) => el("tr", {},
    el("td", { class: "nowrap" }, hallTime(e.at, s.now)),
    el("td", {}, e.logger, el("span", { class: "sub" }, e.level)),
    el("td", { class: "grow" }, e.message, e.detail ? el("span", { class: "detail" }, e.detail) : null))),
  texts.t("st.noErrors"), 3);
}

function render() {
  if (!shown) return;
  renderTiles(shown);
  renderTables(shown);
  $("st-refreshed").textContent = texts.t("st.refreshed", { at: refreshedAt });
}

async function refresh() {
  clearTimeout(timer);
  try {
    shown = /** @type {Status} */ (await api.get("/api/v1/admin/status"));
    refreshedAt = hallTime(shown.now, shown.now);
    render();
  } catch (err) {
    $("st-refreshed").textContent = texts.t("st.stale", { message: messageOf(err) });
  } finally {
    timer = window.setTimeout(refresh, REFRESH_MS);
  }
}

async function backUpNow() {
  const button = $("backup-now");
  button.disabled = true;
  button.textContent = texts.t("st.backingUp");
  try {
    const { backup } = await api.post("/api/v1/admin/backups", {});
    notice(texts.t("st.backupMade", { file: backup.file, tickets: backup.tickets }), "ok");
    await refresh();
  } catch (err) {
    const running = err instanceof ApiError && err.code === "backup_running";
    notice(running ? texts.t("st.backupRunning") : messageOf(err), running ? "info" : "error");
  } finally {
    button.disabled = false;
    button.textContent = texts.t("st.backupNow");
  }
}

start(async () => {
  $("backup-now").addEventListener("click", backUpNow);
  onLanguage(render);
  await refresh();
});
