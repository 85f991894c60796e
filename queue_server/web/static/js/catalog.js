// @ts-check
// Following the hall's catalogue: an administration change (a service renamed, added or
// deactivated, a counter given a service, the running text…) arrives as `catalog.updated`
// {version, event_id} and each surface refetches what it shows, without a reload.
// A burst of changes (an admin saving five things in a row) costs at most one fetch in
// flight and one after it; a version not newer than what the page has is ignored; after a
// reconnect the page refetches anyway, since messages sent while it was away are lost.

/** @typedef {import("socket.io-client").Socket} Socket */

/**
 * @typedef {object} FollowOptions
 * @property {number} [retryMs] wait before trying a failed refetch again
 * @property {number} [retries] failed refetches tried again in a row, at most
 */

export class CatalogFollower {
  /** @param {() => Promise<unknown>} refetch fetches and shows the fresh catalogue;
   *    resolves truthy once it did, falsy (or rejects) when the server could not be reached
   *  @param {FollowOptions} [options] */
  constructor(refetch, { retryMs = 3000, retries = 3 } = {}) {
    this.refetch = refetch;
    this.retryMs = retryMs;
    this.retries = retries;
    /** the newest catalogue version announced; 0 until one is */
    this.version = 0;
    /** the version the last successful refetch was asked for */
    this.shown = 0;
    this.inFlight = false;
    this.trailing = false;
    this.failures = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.retryTimer = null;
    // read by tests: how many refetches ran, how many messages were ignored as not newer
    this.fetches = 0;
    this.ignored = 0;
  }

  /** Listen on a socket. @param {Socket} socket */
  listen(socket) {
    socket.on("catalog.updated", (/** @type {{version?: number}} */ event) => this.updated(event));
    return this;
  }

  /** A `catalog.updated` message: refetch when it is newer than what the page has.
   *  @param {{version?: number} | null | undefined} event */
  updated(event) {
    const version = Number(event && event.version);
    if (!Number.isFinite(version) || version <= this.version) {
      this.ignored += 1;
      return false;
    }
    this.version = version;
    this.request();
    return true;
  }

  /** After a reconnect, or whenever the page doubts what it shows: refetch whatever the version. */
  resync() {
    this.request();
  }

  request() {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (this.inFlight) {
      this.trailing = true; // one more after the one in flight, however many were asked for
      return;
    }
    this.inFlight = true;
    this.trailing = false;
    this.run();
  }

  async run() {
    const asked = this.version;
    let ok = false;
    this.fetches += 1;
    try {
      ok = Boolean(await this.refetch());
    } catch (err) {
      ok = false;
    }
    this.inFlight = false;
    if (ok) {
      this.failures = 0;
      this.shown = Math.max(this.shown, asked);
    }
    if (this.trailing) {
      this.request();
    } else if (!ok && this.failures < this.retries) {
      // the socket told us of the change, so the server is there: a blip, try again soon
      this.failures += 1;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.request();
      }, this.retryMs);
    }
  }
}
