// The live pages' order rule (queue_server/web/static/js/event_order.js), under node's test
// runner; tests/web/test_event_order_js.py copies the module beside this file and runs it.
import assert from "node:assert/strict";
import test from "node:test";

import { EventOrder, RESYNC_SPEAK_SECONDS, callToSpeakAfterResync } from "./event_order.mjs";

test("messages newer than the snapshot are applied, those in it are dropped", () => {
  const order = new EventOrder();
  order.reset(10);
  assert.equal(order.accept("ticket.called", 9), false);
  assert.equal(order.accept("ticket.called", 10), false);
  assert.equal(order.accept("ticket.called", 14), true);
  assert.equal(order.last, 14);
});

test("a duplicate is dropped, a second message of the same event is not", () => {
  const order = new EventOrder();
  assert.equal(order.accept("ticket.called", 5), true);
  assert.equal(order.verdict("ticket.called", 5), "duplicate");
  assert.equal(order.accept("ticket.called", 5), false);
  assert.equal(order.accept("queue.waiting", 5), true);
});

test("a message older than one applied comes late: dropped, and the page resyncs", () => {
  const order = new EventOrder();
  const gaps = [];
  order.onGap = (id) => gaps.push(id);
  order.accept("ticket.called", 20);
  assert.equal(order.verdict("ticket.called", 17), "late");
  assert.equal(order.accept("ticket.called", 17), false);
  assert.deepEqual(gaps, [17]);
  // after the resync's snapshot the replay is a plain duplicate: no second resync
  order.reset(21);
  assert.equal(order.accept("ticket.called", 17), false);
  assert.deepEqual(gaps, [17]);
});

test("a snapshot read before the newest applied message is outdated; one that includes it is not", () => {
  const order = new EventOrder();
  order.reset(10);
  assert.equal(order.outdated(10), false);
  order.accept("ticket.called", 12); // a live call overtook an HTTP answer still on its way
  assert.equal(order.outdated(11), true);
  assert.equal(order.outdated(12), false);
  assert.equal(order.outdated(13), false);
  assert.equal(order.outdated(undefined), false);
});

test("a heartbeat naming an event never heard means a gap; one heard, or in the snapshot, does not", () => {
  const order = new EventOrder();
  order.reset(100);
  assert.equal(order.behind(0), false); // a room never sent anything
  assert.equal(order.behind(90), false); // in the snapshot
  assert.equal(order.behind(100), false);
  order.hear(104); // a message the page has no use for still counts
  assert.equal(order.behind(104), false);
  assert.equal(order.behind(103), true); // the room was sent 103: this page missed it
  assert.equal(order.behind(107), true); // the heartbeat is ahead of everything applied
  order.caughtUp(107);
  assert.equal(order.behind(107), false);
  assert.equal(order.last, 107);
});

test("ids heard out of order between rooms are no gap while each is heard", () => {
  const order = new EventOrder();
  order.hear(50); // agency room
  order.hear(45); // admin room, overtaken on the way
  assert.equal(order.behind(45), false);
  assert.equal(order.behind(50), false);
});

test("the memory of heard ids stays bounded and forgotten ids never cause a resync", () => {
  const order = new EventOrder();
  for (let id = 1; id <= 2000; id += 1) order.hear(id);
  assert.ok(order.heard.size <= 500);
  assert.equal(order.behind(3), false);
  assert.equal(order.behind(2000), false);
  assert.equal(order.behind(2001), true);
});

test("after a resync only the newest call not heard before is spoken, if it is recent", () => {
  const now = Date.parse("2026-12-02T10:00:00+07:00");
  const at = (secondsAgo) => new Date(now - secondsAgo * 1000).toISOString();
  const calls = [{ event_id: 30, at: at(5) }, { event_id: 28, at: at(12) }, { event_id: 25, at: at(50) }];
  const heard = new Set([25]);
  assert.equal(callToSpeakAfterResync(calls, (id) => heard.has(id), now).event_id, 30);
  heard.add(30); // the newest was spoken live already: the older missed one is spoken
  assert.equal(callToSpeakAfterResync(calls, (id) => heard.has(id), now).event_id, 28);
  heard.add(28);
  assert.equal(callToSpeakAfterResync(calls, (id) => heard.has(id), now), null);
  const stale = [{ event_id: 40, at: at(RESYNC_SPEAK_SECONDS + 1) }];
  assert.equal(callToSpeakAfterResync(stale, () => false, now), null); // shown, not spoken late
  assert.equal(callToSpeakAfterResync([], () => false, now), null);
});
