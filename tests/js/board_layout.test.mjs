// The lobby TV's layout arithmetic (display/board_layout.js), under node's test runner;
// tests/browser/test_tv_layout.py copies the module beside this file and runs it.
import assert from "node:assert/strict";
import test from "node:test";

import { MIN_SCALE, TILE_EM, counterGrid, pageRange, shrinkSteps, wholeItems } from "./board_layout.mjs";

const FONT = 20;
const tile = (scale = 1) => ({ w: TILE_EM.width * FONT * scale, h: TILE_EM.height * FONT * scale });

test("tiles that fit at full size stay full size, on one page, no wider than needed", () => {
  const layout = counterGrid({ width: tile().w * 8, height: tile().h * 3, count: 10, fontPx: FONT, gapPx: 0 });
  assert.deepEqual(layout, { scale: 1, columns: 8, rows: 2, perPage: 10, pages: 1 });
  const few = counterGrid({ width: tile().w * 8, height: tile().h * 3, count: 3, fontPx: FONT, gapPx: 0 });
  assert.equal(few.columns, 3);
});

test("tiles shrink before they page: the largest size that shows every counter", () => {
  // 6 × 2 at full size holds 12; 22 need smaller tiles
  const layout = counterGrid({ width: tile().w * 6, height: tile().h * 2.9, count: 22, fontPx: FONT, gapPx: 0 });
  assert.equal(layout.pages, 1);
  assert.ok(layout.scale < 1 && layout.scale >= MIN_SCALE);
  assert.ok(layout.columns * layout.rows >= 22);
  const columns = Math.floor(tile().w * 6 / tile(layout.scale).w);
  const rows = Math.floor(tile().h * 2.9 / tile(layout.scale).h);
  assert.ok(columns * rows >= 22, "the chosen size really holds them");
  const larger = layout.scale + 0.05;
  assert.ok(Math.floor(tile().w * 6 / tile(larger).w) * Math.floor(tile().h * 2.9 / tile(larger).h) < 22,
    "one step larger would not");
});

test("past the smallest readable size the counters page, pages filled evenly", () => {
  const box = { width: tile(MIN_SCALE).w * 8, height: tile(MIN_SCALE).h * 2, fontPx: FONT, gapPx: 0 };
  const layout = counterGrid({ ...box, count: 22 }); // 16 a page at the smallest: 11 + 11
  assert.deepEqual(layout, { scale: MIN_SCALE, columns: 8, rows: 2, perPage: 11, pages: 2 });
  const sixty = counterGrid({ ...box, count: 60 });
  assert.equal(sixty.pages, 4);
  const seen = new Set();
  for (let page = 0; page < sixty.pages; page++) {
    const { start, end } = pageRange(sixty, page, 60);
    assert.ok(end - start <= 16);
    for (let i = start; i < end; i++) seen.add(i);
  }
  assert.equal(seen.size, 60, "every counter is on some page");
  assert.deepEqual(pageRange(sixty, sixty.pages, 60), pageRange(sixty, 0, 60), "the rotation wraps");
});

test("gaps between tiles count", () => {
  const tight = counterGrid({ width: tile().w * 4, height: tile().h, count: 4, fontPx: FONT, gapPx: 0 });
  const spaced = counterGrid({ width: tile().w * 4, height: tile().h, count: 4, fontPx: FONT, gapPx: 10 });
  assert.equal(tight.scale, 1);
  assert.ok(spaced.scale < 1);
});

test("a list keeps only the items that fit whole, and none after a cut one", () => {
  const box = { bottom: 300, right: 500 };
  const items = [{ bottom: 100, right: 400 }, { bottom: 200, right: 400 }, { bottom: 310, right: 400 },
    { bottom: 250, right: 400 }];
  assert.equal(wholeItems(items, box), 2);
  assert.equal(wholeItems([{ bottom: 100, right: 520 }], box), 0, "too wide is cut too");
  assert.equal(wholeItems(items.slice(0, 2), box), 2);
});

test("text shrinks in steps from its own size down to the floor", () => {
  const steps = shrinkSteps(40, 0.5);
  assert.equal(steps[0], 40);
  assert.ok(steps.every((px, i) => i === 0 || px < steps[i - 1]));
  assert.ok(steps.at(-1) >= 20);
});
