// @ts-check
// What an unattended screen (kiosk, lobby TV, survey tablet) does for itself: keep its device token, pair
// itself with an admin's approval, and reload after a server update.
import { ApiError, api } from "./loket.js";

/** The device token of this screen. Opened once as ?device_token=…, it is kept in
 *  localStorage and dropped from the address bar so it never shows on screen or in history.
 *  @param {"kiosk" | "display" | "survey"} kind
 *  @returns {string | null} */
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

/** @param {"kiosk" | "display" | "survey"} kind */
export function forgetDeviceToken(kind) {
  localStorage.removeItem(`loket.token.${kind}`);
}

let pairingAgain = false;

/** The one way back to pairing for a paired screen whose token the server no longer takes
 *  (revoked at /admin/devices or by the CLI, or unknown after a demo restart minted new
 *  ones): forget the token and reload, so the page starts unpaired and shows its code.
 *  A network loss never comes here: that screen keeps its token and reconnects.
 *  @param {"kiosk" | "display" | "survey"} kind */
export function pairAgain(kind) {
  if (pairingAgain) return; // a poll, the socket and a heartbeat may all notice at once
  pairingAgain = true;
  forgetDeviceToken(kind);
  window.location.reload();
}

/** For a paired screen's API calls: a 401 means the token is dead, so `pairAgain`.
 *  @param {"kiosk" | "display" | "survey"} kind @param {unknown} err
 *  @returns {boolean} true when the screen is going back to pairing */
export function pairAgainOn401(kind, err) {
  if (!(err instanceof ApiError && err.status === 401)) return false;
  pairAgain(kind);
  return true;
}

/** connectSocket's `onRefused` for a paired screen: the server refused the socket, so ask
 *  the API once (a heartbeat) whether the token is dead; a 401 goes back to pairing, any
 *  other answer (the server starting, a network hiccup) tries the socket again shortly.
 *  @param {"kiosk" | "display" | "survey"} kind @param {string | null} token
 *  @returns {(err: Error, retry: () => void) => void} */
export function whenSocketRefused(kind, token, { retryMs = 3000 } = {}) {
  return async (_err, retry) => {
    try {
      await api("/api/v1/devices/heartbeat", { method: "POST", body: { page: kind }, token });
    } catch (err) {
      if (pairAgainOn401(kind, err)) return;
    }
    setTimeout(retry, retryMs);
  };
}

/** Pairing an unpaired screen: ask the server for a short code, show it (and a QR code of
 *  the admin page with the code filled in), and wait until an admin approves it; the token
 *  then goes to localStorage and the page reloads itself. Survives reloads meanwhile.
 *  @param {"kiosk" | "display" | "survey"} kind
 *  @param {(code: string, adminUrl: string) => void} show
 *  @returns {() => void} stops waiting */
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
      let waitMs = pollMs;
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
        // too many codes wait (from this address or in all): ask again when the server said
        if (err instanceof ApiError && err.status === 429 && err.retryAfter) {
          waitMs = Math.max(pollMs, err.retryAfter * 1000);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
  loop();
  return () => { stopped = true; };
}

/** A new server version (after an update) reloads the page at the next quiet moment.
 *  @param {() => boolean} isQuiet e.g. the kiosk is on its start screen, the TV is silent */
export function reloadWhenUpdated(isQuiet, { everyMs = 60000 } = {}) {
  const running = document.body.dataset.version;
  setInterval(async () => {
    try {
      const health = await api("/api/v1/health");
      if (health.version !== running && isQuiet()) window.location.reload();
    } catch (err) { /* the page's offline badge already says so */ }
  }, everyMs);
}
