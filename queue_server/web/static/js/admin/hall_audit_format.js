// @ts-check
// How one audit event reads: the label of its type, who did it, when (the hall's local
// time, as the API writes it), and for an administration change (data with entity, before
// and after) the fields that changed, before → after. Pure functions, no DOM.

/** @typedef {{id: number, type: string, at: string, actor: string,
 *    ticket_code: string|null, counter_id: string|null, service_id?: string|null,
 *    data: Record<string, any>|null}} AuditEvent */
/** A changed field: its value before and after, or for a list of records (holidays) the
 *  items added and removed.
 *  @typedef {{field: string, before: string|null, after: string|null,
 *    added?: string[], removed?: string[]}} FieldChange */

/** The known types, grouped as the type filter lists them; Indonesian, then English. */
export const EVENT_GROUPS = [
  { id: "Antrian", en: "Queue", types: {
    issued: ["Tiket diambil", "Ticket issued"],
    called: ["Dipanggil", "Called"],
    recalled: ["Dipanggil ulang", "Called again"],
    started: ["Mulai dilayani", "Service started"],
    finished: ["Selesai dilayani", "Service finished"],
    skipped: ["Tidak hadir", "No-show"],
    cancelled: ["Dibatalkan", "Cancelled"],
    transferred: ["Dialihkan", "Transferred"],
    counter_paused: ["Loket istirahat", "Counter paused"],
    counter_resumed: ["Loket dilanjutkan", "Counter resumed"],
  } },
  { id: "Perubahan admin", en: "Admin changes", types: {
    "agency.created": ["Instansi ditambahkan", "Agency created"],
    "agency.updated": ["Instansi diubah", "Agency changed"],
    "service.created": ["Layanan ditambahkan", "Service created"],
    "service.updated": ["Layanan diubah", "Service changed"],
    "counter.created": ["Loket ditambahkan", "Counter created"],
    "counter.updated": ["Loket diubah", "Counter changed"],
    "zone.created": ["Zona layar ditambahkan", "Display zone created"],
    "zone.updated": ["Zona layar diubah", "Display zone changed"],
    "user.created": ["Akun ditambahkan", "Account created"],
    "user.updated": ["Akun diubah", "Account changed"],
    "user.password_reset": ["Sandi direset", "Password reset"],
    "site.updated": ["Situs diubah", "Site changed"],
    "schedule.updated": ["Jadwal diubah", "Schedule changed"],
  } },
  { id: "Akun & perangkat", en: "Accounts & devices", types: {
    signed_in: ["Masuk", "Signed in"],
    signed_out: ["Keluar", "Signed out"],
    sign_in_failed: ["Gagal masuk", "Sign-in failed"],
    sign_in_refused: ["Masuk ditolak", "Sign-in refused"],
    password_changed: ["Sandi diganti", "Password changed"],
    user_created: ["Akun dibuat (CLI)", "Account made (CLI)"],
    token_created: ["Token dibuat", "Token created"],
    token_revoked: ["Token dicabut", "Token revoked"],
    pairing_approved: ["Pemasangan disetujui", "Pairing approved"],
    device_paired: ["Perangkat terpasang", "Device paired"],
    device_revoked: ["Perangkat dicabut", "Device revoked"],
  } },
  { id: "Sistem", en: "System", types: {
    database_restored: ["Data dipulihkan dari cadangan", "Restored from a backup"],
  } },
  { id: "Printer", en: "Printer", types: {
    printed: ["Tiket dicetak", "Ticket printed"],
    print_failed: ["Gagal mencetak", "Print failed"],
    reprint_requested: ["Cetak ulang diminta", "Reprint requested"],
  } },
];

/** @type {Record<string, [string, string]>} */
const LABELS = Object.assign({}, ...EVENT_GROUPS.map((g) => g.types));

/** The label of a type in a language; an unknown type is shown as it is stored.
 *  @param {string} type @param {"id"|"en"} lang */
export function typeLabel(type, lang) {
  const label = LABELS[type];
  return label ? label[lang === "en" ? 1 : 0] : type;
}

/** @param {string} type */
export function isKnownType(type) {
  return Object.prototype.hasOwnProperty.call(LABELS, type);
}

/** "user:rina" → {kind: "user", name: "rina"}; "anonymous" → {kind: "", name: "anonymous"}.
 *  @param {string} actor */
export function splitActor(actor) {
  const at = actor.indexOf(":");
  return at < 0 ? { kind: "", name: actor } : { kind: actor.slice(0, at), name: actor.slice(at + 1) };
}

/** What the actor box holds → the API's `actor`: a bare name is an account ("rina" is
 *  "user:rina"); "device:kiosk-1" and "printer:default" are kept as typed.
 *  @param {string} typed */
export function actorQuery(typed) {
  const value = typed.trim();
  if (!value) return "";
  return value.includes(":") ? value : `user:${value}`;
}

/** The API's local time "2026-03-09T08:15:02+07:00" as {day: "2026-03-09", time: "08:15:02"}:
 *  the hall's own clock, whatever the browser's zone.
 *  @param {string} iso */
export function localParts(iso) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? { day: match[1], time: match[2] } : { day: iso, time: "" };
}

/** Whether the event is an administration change with before/after.
 *  @param {AuditEvent} event */
export function isAdminChange(event) {
  const data = event.data || {};
  return typeof data.entity === "string" && "after" in data;
}

/** A value as one short line: lists joined, objects as `key=value` pairs, null as null
 *  (the page shows "—").
 *  @param {unknown} value @param {"id"|"en"} [lang] @returns {string|null} */
export function shown(value, lang = "id") {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return value.length ? value.map((v) => shown(v, lang) ?? "—").join(", ") : "[]";
  }
  if (typeof value === "object") {
    const pairs = Object.entries(/** @type {Record<string, unknown>} */ (value));
    return pairs.length ? pairs.map(([k, v]) => `${k}=${shown(v, lang) ?? "—"}`).join(", ") : "{}";
  }
  if (typeof value === "boolean") return value ? (lang === "en" ? "yes" : "ya") : (lang === "en" ? "no" : "tidak");
  return String(value);
}

/** @param {unknown} value */
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An item of a list of records as one line: a holiday "2026-12-25 Hari Raya Natal".
 *  @param {unknown} item @param {"id"|"en"} lang */
function itemLine(item, lang) {
  if (isPlainObject(item)) {
    const { date, name } = /** @type {Record<string, unknown>} */ (item);
    if (typeof date === "string") return `${date} ${name ?? ""}`.trim();
  }
  return shown(item, lang) ?? "—";
}

/** The fields an administration change touched, in the order of `after`: a field whose
 *  value differs (all of `after` for a creation); an object (the week's hours, a counter's
 *  services) as one change per key that differs ("hours.friday"); a list of records (the
 *  holidays) as the items added and removed.
 *  @param {AuditEvent} event @param {"id"|"en"} [lang] @returns {FieldChange[]} */
export function changedFields(event, lang = "id") {
  const data = event.data || {};
  const created = !data.before;
  /** @type {FieldChange[]} */
  const out = [];
  /** @param {string} path @param {unknown} before @param {unknown} after @param {boolean} top */
  const compare = (path, before, after, top) => {
    if (!created && JSON.stringify(before) === JSON.stringify(after)) return;
    if (!created && top && isPlainObject(before) && isPlainObject(after)) {
      const b = /** @type {Record<string, unknown>} */ (before);
      const a = /** @type {Record<string, unknown>} */ (after);
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare(`${path}.${key}`, b[key], a[key], false);
      return;
    }
    const records = [before, after].some((v) => Array.isArray(v) && v.some(isPlainObject));
    if (!created && records) {
      const lines = (/** @type {unknown} */ v) => (Array.isArray(v) ? v.map((i) => itemLine(i, lang)) : []);
      const had = new Set(lines(before));
      const has = new Set(lines(after));
      out.push({ field: path, before: null, after: null,
        added: [...has].filter((l) => !had.has(l)), removed: [...had].filter((l) => !has.has(l)) });
      return;
    }
    out.push({ field: path, before: created ? null : shown(before, lang), after: shown(after, lang) });
  };
  /** @type {Record<string, unknown>} */
  const before = data.before || {};
  /** @type {Record<string, unknown>} */
  const after = data.after || {};
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) compare(key, before[key], after[key], true);
  return out;
}

const JUMPS_SHOWN = 3; // of a restore's sequences moved ahead (one per service): the CLI printed all

/** A short line for an event without before/after: its ticket, counter or device.
 *  @param {AuditEvent} event @param {"id"|"en"} [lang] @returns {string} */
export function summary(event, lang = "id") {
  const data = event.data || {};
  const parts = [];
  if (event.type === "transferred") {
    // from where to where: service (counter) → service (counter)
    const at = (/** @type {unknown} */ service, /** @type {unknown} */ counter) => (counter ? `${service} (${counter})` : String(service ?? "—"));
    parts.push(`${at(data.from_service, data.from_counter ?? event.counter_id)} → ${at(data.to_service ?? event.service_id, data.to_counter)}`);
  } else if (event.type === "database_restored") {
    // which copy came back, and where today's numbering goes on (queue-server restore)
    parts.push(String(data.backup ?? "—"), `${data.tickets ?? "?"} ${lang === "en" ? "tickets" : "tiket"}`);
    const jumps = Array.isArray(data.jumps) ? data.jumps : [];
    const listed = jumps.length > JUMPS_SHOWN + 1 ? JUMPS_SHOWN : jumps.length;
    for (const jump of jumps.slice(0, listed)) parts.push(`${jump.from} → ${jump.to}`);
    if (jumps.length > listed) parts.push(lang === "en" ? `and ${jumps.length - listed} more` : `dan ${jumps.length - listed} lainnya`);
    if (data.set_aside) parts.push(`${lang === "en" ? "old database kept as" : "database lama disimpan sebagai"} ${data.set_aside}`);
  } else if (event.ticket_code && event.service_id) parts.push(event.service_id);
  // a call-next closes the counter's previous citizen by itself: say it was not a press
  if (data.auto) parts.push(lang === "en" ? "automatic, at the next call" : "otomatis, saat nomor berikutnya dipanggil");
  if (data.priority === true) {
    const kind = typeof data.priority_kind === "string" ? ` (${data.priority_kind.replace(/_/g, " ")})` : "";
    parts.push(`${lang === "en" ? "priority" : "prioritas"}${kind}`);
  }
  if (data.device) parts.push(String(data.device));
  if (data.printer && event.type !== "printed") parts.push(String(data.printer));
  if (data.error) parts.push(String(data.error));
  if (data.reason) parts.push(String(data.reason));
  if (data.ip) parts.push(String(data.ip));
  return parts.join(" · ");
}
