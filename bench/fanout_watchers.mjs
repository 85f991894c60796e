// Watchers for bench/fanout.py: N real websockets speaking Engine.IO 4 / Socket.IO 5, each
// joined to display:all, recording when each ticket.called arrives. Node's `ws` costs a few
// microseconds per message, so with 2,000 watchers on 2 cores the numbers measure the
// server, not the watchers. Times are CLOCK_MONOTONIC (process.hrtime), as Python's
// time.monotonic() reads it.
//   node bench/fanout_watchers.mjs URL TOKEN COUNT CALLS OUT.json
import { writeFileSync } from "node:fs";
import WebSocket from "ws";

const [url, token, countText, callsText, out] = process.argv.slice(2);
const count = Number(countText);
const calls = Number(callsText);
const wsUrl = `${url.replace("http://", "ws://")}/socket.io/?EIO=4&transport=websocket`;
const eventId = /"event_id":\s*(\d+)/;
const received = new Map();
let ready = 0;
let finished = false;
const sockets = [];

const now = () => Number(process.hrtime.bigint()) / 1e9;

function finish() {
  if (finished) return;
  finished = true;
  writeFileSync(out, JSON.stringify(Object.fromEntries(received)));
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}

function open() {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  let joined = false;
  ws.on("message", (raw) => {
    const data = raw.toString();
    if (data === "2") ws.send("3");
    else if (data[0] === "0") ws.send(`40${JSON.stringify({ token })}`);
    else if (data.startsWith("40") && !joined) {
      joined = true;
      ws.send('420["join",{"room":"display:all"}]');
    } else if (data.startsWith("430")) {
      ready += 1;
      if (ready === count) console.log("ready");
    } else if (data.startsWith('42["ticket.called"')) {
      const t = now();
      const m = eventId.exec(data);
      if (!m) return;
      const times = received.get(m[1]) || [];
      times.push(t);
      received.set(m[1], times);
      if (received.size >= calls && [...received.values()].every((v) => v.length >= count)) finish();
    }
  });
  ws.on("error", (err) => { console.error(`watcher error: ${err.message}`); });
  sockets.push(ws);
}

// connect in waves, as a hall's screens come up
let opened = 0;
const wave = setInterval(() => {
  for (let i = 0; i < 100 && opened < count; i += 1, opened += 1) open();
  if (opened >= count) clearInterval(wave);
}, 150);
setTimeout(finish, (120 + calls * 3) * 1000);
