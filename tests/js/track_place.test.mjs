// The phone's reading of its service room (queue_server/web/static/js/track_place.js),
// under node's test runner; tests/web/test_track_place_js.py copies the module beside this
// file and runs it.
import assert from "node:assert/strict";
import test from "node:test";

import { placeIn } from "./track_place.mjs";

const message = {
  service_id: "ktp-el", event_id: 40,
  codes: ["A004", "A002", "A007"], ahead: [0, 0, 2], eta_minutes: [0, 3, 9],
  eta_text: ["segera", "± 3 menit", "± 9 menit"], eta_text_en: ["soon", "~3 min", "~9 min"],
};
const mine = { code: "A007", serviceId: "ktp-el", waiting: true, newestId: 31 };

test("a waiting ticket takes its own line: people ahead and the server's estimate", () => {
  assert.deepEqual(placeIn(message, mine), { verdict: "place", place: {
    people_ahead: 2, eta_minutes: 9, eta_text: "± 9 menit", eta_text_en: "~9 min" } });
  // two counters may each call one first: the number is the server's, not the index
  assert.equal(placeIn(message, { ...mine, code: "A002" }).place.people_ahead, 0);
});

test("another service's message, or a ticket no longer waiting, is not about it", () => {
  assert.equal(placeIn({ ...message, service_id: "ikd-kia" }, mine).verdict, "other");
  assert.equal(placeIn(message, { ...mine, waiting: false }).verdict, "other");
});

test("older than the snapshot or the last message is stale; the same id is a new reading", () => {
  assert.equal(placeIn(message, { ...mine, newestId: 41 }).verdict, "stale");
  assert.equal(placeIn(message, { ...mine, newestId: 40 }).verdict, "place");
});

test("a waiting ticket missing from its service's list means its own news is still to come", () => {
  assert.equal(placeIn(message, { ...mine, code: "A001" }).verdict, "missing");
});
