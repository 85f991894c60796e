// Globals of the pages, for the JS check (tsc) only: the socket.io client is a classic script
// from /vendor, and test/debug hooks hang on window.
declare const io: typeof import("socket.io-client").io;

interface Window {
  __loketConsole: { snapshots: number; requests: number; keys: number; refreshFailures: number; state: unknown };
  __loketDisplay: {
    audio: { url: string; result: string; at: number }[];
    spoken: { event_id: number; code: string; text: string }[];
    snapshots: number;
    resyncs?: number; // snapshots fetched because a heartbeat said the screen missed something
    status?: () => Record<string, unknown>;
  };
  /** the page's follower of `catalog.updated` (kiosk, TV, console): version, fetches, ignored */
  __loketCatalog: import("../catalog.js").CatalogFollower;
}
