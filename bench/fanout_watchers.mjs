// Watchers for bench/fanout.py: real websockets speaking Engine.IO 4 / Socket.IO 5, each
// joined to one room (a TV to display:all, a console to counter:ID, a phone to its
// ticket: room or its service: room), recording when each ticket.called (and, as
// "GROUP:order", each queue.order) arrives, per group. Node's `ws` costs a
// few microseconds per message, so with thousands of watchers on 2 cores the numbers
// measure the server, not the watchers. Times are CLOCK_MONOTONIC (process.hrtime), as
// Python's time.monotonic() reads it.
//   node bench/fanout_watchers.mjs URL SPEC.json OUT.json
// SPEC: {"groups": [{"name": "tv", "token": "lkt_…" | null, "rooms": ["display:all", …],
// "codes": [ticket code per room entry] (optional)}]} (one socket per room entry). Prints
// "ready" once every socket joined; writes OUT ({group: {event_id: [times]}}, and for a
// group with codes "GROUP:place": per socket the last queue.order's [event_id, people ahead
// of its code or null, time]) and closes every socket when stdin ends.
import { readFileSync, writeFileSync } from "node:fs";
import WebSocket from "ws";

const [url, specPath, out] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const wsUrl = `${url.replace("http://", "ws://")}/socket.io/?EIO=4&transport=websocket`;
const eventId = /"event_id":\s*(\d+)/;
const received = {};
const sockets = [];
const wanted = spec.groups.reduce((n, g) => n + g.rooms.length, 0);
let ready = 0;
let finished = false;

const now = () => Number(process.hrtime.bigint()) / 1e9;

function finish() {
  if (finished) return;
  finished = true;
  writeFileSync(out, JSON.stringify(received));
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}

function open(group, token, room, code, index) {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  const times = (received[group] ||= {});
  const orders = (received[`${group}:order`] ||= {});
  const places = code ? (received[`${group}:place`] ||= []) : null;
  let joined = false;
  ws.on("message", (raw) => {
    const data = raw.toString();
    if (data === "2") ws.send("3");
    else if (data[0] === "0") ws.send(`40${token ? JSON.stringify({ token }) : ""}`);
    else if (data.startsWith("40") && !joined) {
      joined = true;
      ws.send(`420${JSON.stringify(["join", { room }])}`);
    } else if (data.startsWith("430")) {
      if (!data.includes('"ok":true')) console.error(`join ${room} refused: ${data.slice(0, 200)}`);
      ready += 1;
      if (ready === wanted) console.log("ready");
    } else if (data.startsWith('42["ticket.called"')) {
      const t = now();
      const m = eventId.exec(data);
      if (m) (times[m[1]] ||= []).push(t);
    } else if (data.startsWith('42["queue.order"')) {
      const t = now();
      const m = eventId.exec(data);
      if (m) (orders[m[1]] ||= []).push(t);
      if (places) {  // where this phone's code stands in it, as the phone page reads it
        const [, order] = JSON.parse(data.slice(2));
        const at = order.codes.indexOf(code);
        places[index] = [order.event_id, at < 0 ? null : order.ahead[at], t];
      }
    }
  });
  ws.on("error", (err) => { console.error(`watcher error: ${err.message}`); });
  sockets.push(ws);
}

// connect in waves of 100, as a hall's screens come up
const all = spec.groups.flatMap((g) => g.rooms.map(
  (room, i) => [g.name, g.token, room, g.codes ? g.codes[i] : null, i]));
let opened = 0;
const wave = setInterval(() => {
  for (let i = 0; i < 100 && opened < all.length; i += 1, opened += 1) open(...all[opened]);
  if (opened >= all.length) clearInterval(wave);
}, 150);
process.stdin.on("data", () => {});
process.stdin.on("end", finish);
setTimeout(finish, 900 * 1000);
