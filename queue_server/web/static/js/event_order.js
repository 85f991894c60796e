// @ts-check
// The order rule of live events, the one copy every live page uses (through live.js): which
// message to apply, which is a duplicate, and when the page has missed something and must
// resync from its snapshot. Pure: no socket, no DOM, no clock of its own (node runs its test).
//
// Ids: every message carries the `event_id` of the committed event it tells (several messages
// of one event share it). A room is sent only some events, so the ids a page sees have holes
// that mean nothing; what the page can check is the server's `heartbeat {room, event_id, at}`:
// `event_id` is the newest event that room was sent (docs/architecture.md, "Live updates that
// converge"). A page that never heard that id missed a message and resyncs.

/** How old a call learned by a resync may be and still be spoken (once, only the newest). */
export const RESYNC_SPEAK_SECONDS = 30;
const KEEP = 500; // ids remembered past the snapshot; older ones count as heard

export class EventOrder {
  constructor() {
    /** everything up to this id is in the page's snapshot */
    this.floor = 0;
    /** the newest id applied */
    this.last = 0;
    /** @type {Set<string>} `name:id` of the messages applied since the floor */
    this.seen = new Set();
    /** @type {Set<number>} ids of any message that arrived since the floor */
    this.heard = new Set();
    /** ids at or below this were heard or forgotten: never a reason to resync */
    this.forgotten = 0;
  }

  /** The page applied a snapshot that includes everything up to `eventId`.
   *  @param {number | undefined} eventId */
  reset(eventId) {
    this.floor = eventId || 0;
    this.last = this.floor;
    this.forgotten = Math.min(this.forgotten, this.floor);
    this.seen = new Set([...this.seen].filter((key) => Number(key.split(":").pop()) > this.floor));
    this.heard = new Set([...this.heard].filter((id) => id > this.floor));
  }

  /** Whether a snapshot was read before the newest message the page applied (an HTTP
   *  answer that a live message overtook, e.g. a poll sent while the socket came back):
   *  applying it would put the page back in time, and no heartbeat would undo that, since
   *  the page has heard the newer message. Such a snapshot is dropped, and read again where
   *  the page needs it.
   *  @param {number | undefined} eventId the snapshot's `event_id` */
  outdated(eventId) {
    return typeof eventId === "number" && eventId < this.last;
  }

  /** A page without the snapshot's id resyncs because of `eventId`: its fetch, begun after
   *  that event was sent, includes it.
   *  @param {number} eventId */
  caughtUp(eventId) {
    const last = this.last;
    if (eventId > this.floor) this.reset(eventId);
    this.last = Math.max(last, this.last);
  }

  /** A message arrived (whether or not the page has a use for it).
   *  @param {number | undefined} eventId */
  hear(eventId) {
    if (!eventId || eventId <= this.floor) return;
    this.heard.add(eventId);
    if (this.heard.size > KEEP) {
      const ids = [...this.heard].sort((a, b) => a - b);
      const cut = ids.length - KEEP / 2;
      this.forgotten = Math.max(this.forgotten, ids[cut - 1]);
      this.heard = new Set(ids.slice(cut));
    }
  }

  /** What to do with a message: "apply"; "duplicate" (in the snapshot, or applied already:
   *  drop it); "late" (older than one applied and never applied: something was missed or
   *  overtaken, so drop it and resync, as the snapshot puts it in its place).
   *  @param {string} name @param {number | undefined} eventId
   *  @returns {"apply" | "duplicate" | "late"} */
  verdict(name, eventId) {
    if (!eventId) return "apply";
    if (eventId <= this.floor || this.seen.has(`${name}:${eventId}`)) return "duplicate";
    if (eventId < this.last) return "late";
    return "apply";
  }

  /** The verdict, remembered: true to apply. A "late" one calls `onGap`.
   *  @param {string} name @param {number | undefined} eventId */
  accept(name, eventId) {
    const verdict = this.verdict(name, eventId);
    this.hear(eventId);
    if (verdict === "late") this.onGap(eventId);
    if (verdict !== "apply") return false;
    if (!eventId) return true;
    this.seen.add(`${name}:${eventId}`);
    if (this.seen.size > KEEP) this.seen = new Set([...this.seen].slice(-KEEP / 2));
    this.last = Math.max(this.last, eventId);
    return true;
  }

  /** Whether the page has this event: in its snapshot, heard, or too old to matter.
   *  @param {number} eventId */
  knows(eventId) {
    return eventId <= this.floor || eventId <= this.forgotten || this.heard.has(eventId);
  }

  /** A heartbeat said its room was last sent `eventId`: true when this page does not know
   *  it, i.e. it missed a message and must resync.
   *  @param {number | undefined} eventId */
  behind(eventId) {
    return Boolean(eventId) && !this.knows(eventId);
  }

  /** Set by the page (live.js's `connectSocket` does): called when a message came late.
   *  @param {number | undefined} eventId */
  onGap(eventId) { void eventId; }
}

/**
 * After a resync, the one call to speak: the newest of the calls the page had not heard of,
 * if it was made in the last RESYNC_SPEAK_SECONDS; the rest are shown, never spoken late.
 * @template {{event_id: number, at: string}} C
 * @param {C[]} calls the snapshot's calls
 * @param {(eventId: number) => boolean} heardBefore
 * @param {number} nowMs the hall's clock
 * @returns {C | null}
 */
export function callToSpeakAfterResync(calls, heardBefore, nowMs) {
  let newest = /** @type {C | null} */ (null);
  for (const call of calls) {
    if (heardBefore(call.event_id)) continue;
    if (newest === null || call.event_id > newest.event_id) newest = call;
  }
  if (newest === null) return null;
  const age = (nowMs - Date.parse(newest.at)) / 1000;
  return Number.isFinite(age) && age <= RESYNC_SPEAK_SECONDS ? newest : null;
}
