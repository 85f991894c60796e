// @ts-check
// Live updates: a Socket.IO connection that re-joins its rooms, a gate that drops replayed
// events, and the HTTP poll every surface keeps beside the socket for when it is down.
import { EventOrder } from "./event_order.js";

/** @typedef {import("socket.io-client").Socket} Socket */
/** @typedef {{ok?: boolean, error?: {code?: string, message?: string}}} JoinAck */

/**
 * @typedef {object} LiveOptions
 * @property {string | null} [token] device token; staff pages use their session cookie
 * @property {string[]} [rooms]
 * @property {(status: "online" | "offline", err?: Error) => void} [onState]
 * @property {(room: string, ack: JoinAck | undefined) => void} [onJoined]
 * @property {(err: Error, retry: () => void) => void} [onRefused] the server refused the
 *   socket's credentials (socket.io gives up then; `retry` connects again), e.g.
 *   screen.js's `whenSocketRefused`
 * @property {EventOrder} [order] the page's event gate (one is made if not given)
 * @property {(eventId: number) => void} [onBehind] the page missed a message (a heartbeat
 *   names an event it never heard, or one came late): resync from the snapshot; calls
 *   are coalesced, see `resyncer`
 */

/** A Socket.IO connection that re-joins its rooms after every reconnect and tells the page,
 *  so the page can resync from a fresh snapshot (events sent while it was away are lost).
 *  `io` is the socket.io client, a classic script from /vendor loaded before the modules.
 *  @param {LiveOptions} options */
export function connectSocket({ token, rooms = [], onState = () => {}, onJoined = () => {},
  onRefused = () => {}, order = new EventOrder(), onBehind = () => {} }) {
  const socket = io({
    auth: token ? { token } : {},
    transports: ["websocket", "polling"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: 8000,
  });
  const wanted = new Set(rooms);
  /** @param {string} room */
  const join = (room) => socket.emit("join", { room }, (/** @type {JoinAck} */ ack) => onJoined(room, ack));
  socket.on("connect", () => {
    onState("online");
    wanted.forEach(join);
  });
  socket.on("disconnect", (reason) => {
    onState("offline");
    // the server dropped a device's socket (its token was revoked): socket.io would not come
    // back by itself; connecting once more lets the server say yes, or refuse the token
    if (reason === "io server disconnect" && token) socket.connect();
  });
  socket.on("connect_error", (err) => {
    onState("offline", err);
    // a refusal by the server, not a network failure: only then is the socket inactive
    if (!socket.active) onRefused(err, () => socket.connect());
  });
  // every message counts as heard, whether or not the page has a handler for it
  socket.onAny((name, body) => {
    if (name !== "heartbeat" && body && typeof body.event_id === "number") order.hear(body.event_id);
  });
  socket.on("heartbeat", (/** @type {{event_id?: number}} */ beat) => {
    if (beat && order.behind(beat.event_id)) onBehind(beat.event_id);
  });
  order.onGap = (eventId) => onBehind(eventId || order.last);
  return {
    socket,
    order,
    /** @param {string} room */
    join(room) {
      wanted.add(room);
      if (socket.connected) join(room);
    },
    /** @param {string} room */
    leave(room) {
      wanted.delete(room);
      if (socket.connected) socket.emit("leave", { room });
    },
  };
}

/** The gate every page keeps between its snapshot and the live events (event_order.js). */
export { EventOrder as EventGate } from "./event_order.js";

/** One resync at a time: a call while one runs makes one more run after it, never a pile
 *  (several rooms' heartbeats may say "behind" together).
 *  @param {() => unknown} resync
 *  @returns {() => void} */
export function resyncer(resync) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        try {
          await resync();
        } catch { /* the page shows its own errors; the next heartbeat asks again */ }
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => { run(); };
}

/**
 * @typedef {object} PollOptions
 * @property {(how: {resumed: boolean}) => unknown} poll fetches a snapshot over HTTP;
 *   `resumed` is true on the first poll after the live feed was lost
 * @property {() => boolean} isLive whether live events are arriving (socket joined)
 * @property {number} onlineMs how often to poll while live (Infinity: not at all)
 * @property {number} offlineMs how often while not live
 * @property {number} [graceMs] how long the feed may be down before polling starts
 * @property {() => boolean} [canPoll] false to skip a round (a request is in flight)
 */

/** The HTTP poll under the live socket: a slow safety net while events arrive, the screen's
 *  lifeline while they do not (a proxy without websockets, a flaky network).
 *  @param {PollOptions} options
 *  @returns {() => void} stops polling */
export function fallbackPoll({ poll, isLive, onlineMs, offlineMs, graceMs = 0, canPoll = () => true }) {
  let lastPoll = Date.now();
  let downSince = /** @type {number | null} */ (Date.now());
  let resumed = false; // the current offline stretch has had its first poll
  let inFlight = false;
  const run = async (/** @type {boolean} */ first) => {
    inFlight = true;
    lastPoll = Date.now();
    try {
      await poll({ resumed: first });
    } finally {
      inFlight = false;
    }
  };
  const timer = setInterval(() => {
    if (inFlight || !canPoll()) return;
    const now = Date.now();
    if (isLive()) {
      downSince = null;
      resumed = false;
      if (now - lastPoll >= onlineMs) run(false);
      return;
    }
    if (downSince === null) downSince = now;
    if (now - downSince < graceMs) return;
    if (!resumed) {
      resumed = true;
      run(true);
    } else if (now - lastPoll >= offlineMs) run(false);
  }, 250);
  return () => clearInterval(timer);
}
