// Shared helpers of Loket's browser surfaces (kiosk, TV display, console, phone page).
// Plain ES module: no build step; third-party code comes from /vendor (npm, served locally).

/** The device token of this screen. Opened once as ?device_token=…, it is kept in
 *  localStorage and dropped from the address bar so it never shows on screen or in history. */
export function deviceToken(kind) {
  const key = `loket.token.${kind}`;
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("device_token");
  if (fromUrl) {
    localStorage.setItem(key, fromUrl);
    url.searchParams.delete("device_token");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return localStorage.getItem(key);
}

export function forgetDeviceToken(kind) {
  localStorage.removeItem(`loket.token.${kind}`);
}

export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** fetch() with the bearer token, JSON in and out, the API's error envelope as ApiError,
 *  and a timeout so a dead network never leaves a screen waiting forever. */
export async function api(path, { method = "GET", body, token, headers = {}, timeoutMs = 8000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const allHeaders = { Accept: "application/json", ...headers };
  if (token) allHeaders.Authorization = `Bearer ${token}`;
  if (body !== undefined) allHeaders["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method, headers: allHeaders, signal: controller.signal, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, "network", "Tidak terhubung ke server");
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || "http_error",
      error.message || `HTTP ${response.status}`, error.field || null);
  }
  return data;
}

/** A Socket.IO connection that re-joins its rooms after every reconnect and tells the page,
 *  so the page can resync from a fresh snapshot (events sent while it was away are lost). */
export function connectSocket({ token, rooms = [], onState = () => {}, onJoined = () => {} }) {
  // eslint-disable-next-line no-undef
  const socket = io({
    auth: token ? { token } : {},
    transports: ["websocket", "polling"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: 8000,
  });
  const wanted = new Set(rooms);
  const join = (room) => socket.emit("join", { room }, (ack) => onJoined(room, ack));
  socket.on("connect", () => {
    onState("online");
    wanted.forEach(join);
  });
  socket.on("disconnect", () => onState("offline"));
  socket.on("connect_error", (err) => onState("offline", err));
  return {
    socket,
    join(room) {
      wanted.add(room);
      if (socket.connected) join(room);
    },
    leave(room) {
      wanted.delete(room);
      if (socket.connected) socket.emit("leave", { room });
    },
  };
}

/** Keeps only events newer than the last applied id, so a replay or duplicate after a
 *  reconnect is ignored; several messages of one event share its id, so name is part of the key. */
export class EventGate {
  constructor() {
    this.last = 0;
    this.seen = new Set();
  }
  reset(eventId) {
    this.last = eventId || 0;
    this.seen.clear();
  }
  accept(name, eventId) {
    if (!eventId) return true;
    if (eventId < this.last) return false;
    const key = `${name}:${eventId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > 500) this.seen = new Set([...this.seen].slice(-200));
    this.last = Math.max(this.last, eventId);
    return true;
  }
}

export function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Initials for an agency tile: "BPJS Kesehatan" → "BK", "Dukcapil" → "DU". */
export function initials(name) {
  const words = name.replace(/[^A-Za-z0-9 ]/g, " ").split(/\s+/).filter(Boolean);
  if (words.length === 1) return words[0].slice(0, 2).toUpperCase();
  return words.slice(0, 3).map((w) => w[0]).join("").toUpperCase();
}

/** A stable, pleasant hue per name, for tiles without a logo. */
export function hue(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/** Pairing an unpaired screen: ask the server for a short code, show it (and a QR code of
 *  the admin page with the code filled in), and wait until an admin approves it; the token
 *  then goes to localStorage and the page reloads itself. Survives reloads meanwhile. */
export function startPairing(kind, show, { pollMs = 3000 } = {}) {
  const key = `loket.pairing.${kind}`;
  let stopped = false;
  async function fresh() {
    const made = await api("/api/v1/pairing", { method: "POST", body: { kind } });
    localStorage.setItem(key, JSON.stringify(made));
    return made;
  }
  async function loop() {
    let pairing = null;
    try {
      pairing = JSON.parse(localStorage.getItem(key) || "null");
    } catch (err) {
      pairing = null;
    }
    while (!stopped) {
      try {
        if (!pairing) pairing = await fresh();
        show(pairing.code, `${window.location.origin}/admin/devices?code=${encodeURIComponent(pairing.code)}`);
        const status = await api(`/api/v1/pairing/${encodeURIComponent(pairing.secret)}`);
        if (status.status === "approved") {
          localStorage.setItem(`loket.token.${kind}`, status.token);
          localStorage.removeItem(key);
          window.location.reload();
          return;
        }
        if (status.status !== "pending") {
          localStorage.removeItem(key);
          pairing = null;
          continue;
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          localStorage.removeItem(key);
          pairing = null;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
  loop();
  return () => { stopped = true; };
}
