// @ts-check
// How the lobby TV lays out what a hall really has (10 to 60 counters, long names): the
// counter tiles' size, columns and pages, and how many items of a list fit whole. Pure
// arithmetic over measured boxes, no DOM, so a test can drive it with numbers; display.js
// measures, asks, and applies. Nothing is ever clipped: a tile shrinks to MIN_SCALE, then
// the tiles are paged (rotated every PAGE_MS).

/** A counter tile at scale 1, in units of the counter grid's font size: two lines of the
 *  counter's name and one of its ticket code, with their padding (display.css sizes the
 *  tile from these, set as --tile-w and --tile-h). */
export const TILE_EM = { width: 6.4, height: 4.6 };
/** Below this the code is no longer readable from the back of a hall: page instead. */
export const MIN_SCALE = 0.75;
const SCALE_STEP = 0.05;
/** How long a page of counters stays before the next one. */
export const PAGE_MS = 8000;

/**
 * @typedef {object} GridLayout
 * @property {number} scale the tiles' size against TILE_EM (MIN_SCALE..1)
 * @property {number} columns
 * @property {number} rows rows a page needs
 * @property {number} perPage tiles on each page (the last one may hold fewer)
 * @property {number} pages 1 when every tile fits at once
 */

/** The largest tiles that show every counter at once; at MIN_SCALE, as many pages as it
 *  takes, each filled evenly (22 on pages of 12 would be 12 + 10, not 12 + 10 wasted rows).
 *  @param {{width: number, height: number, count: number, fontPx: number, gapPx: number}} box
 *    the grid's inner size in px, the number of tiles, the grid's font size and gap in px
 *  @returns {GridLayout} */
export function counterGrid({ width, height, count, fontPx, gapPx }) {
  const fit = (/** @type {number} */ scale) => {
    const columns = Math.max(1, Math.floor((width + gapPx) / (TILE_EM.width * fontPx * scale + gapPx)));
    const rows = Math.max(1, Math.floor((height + gapPx) / (TILE_EM.height * fontPx * scale + gapPx)));
    return { columns, rows };
  };
  const total = Math.max(0, count);
  for (let scale = 1; scale >= MIN_SCALE - 1e-9; scale -= SCALE_STEP) {
    const { columns, rows } = fit(scale);
    if (columns * rows >= total) {
      const used = Math.max(1, Math.min(columns, total));
      return { scale: round(scale), columns: used, rows: Math.max(1, Math.ceil(total / used)),
        perPage: total, pages: 1 };
    }
  }
  const { columns, rows } = fit(MIN_SCALE);
  const pages = Math.ceil(total / (columns * rows));
  const perPage = Math.ceil(total / pages);
  return { scale: MIN_SCALE, columns, rows: Math.ceil(perPage / columns), perPage, pages };
}

/** The indexes [start, end) of the tiles on one page.
 *  @param {GridLayout} layout @param {number} page @param {number} count */
export function pageRange(layout, page, count) {
  const start = (page % layout.pages) * layout.perPage;
  return { start, end: Math.min(count, start + layout.perPage) };
}

/** How many leading items of a list fit whole inside its box: items are shown in order, and
 *  one that would be cut (its bottom or right edge past the box's) is left out with all
 *  after it, so the list never ends in half a call.
 *  @param {{bottom: number, right: number}[]} items boxes measured with everything shown
 *  @param {{bottom: number, right: number}} box the list's inner box
 *  @returns {number} */
export function wholeItems(items, box) {
  const cut = items.findIndex((item) => item.bottom > box.bottom + 0.5 || item.right > box.right + 0.5);
  return cut === -1 ? items.length : cut;
}

/** The font sizes to try, largest first, for text that must fit its box: from the page's
 *  own size down to `floor` of it. Text that overflows at the smallest is the page's fault
 *  (a box too small for anything), never silently cut.
 *  @param {number} basePx @param {number} floor e.g. 0.5 @returns {number[]} */
export function shrinkSteps(basePx, floor = 0.5) {
  const steps = [];
  for (let ratio = 1; ratio >= floor - 1e-9; ratio *= 0.92) steps.push(basePx * ratio);
  return steps;
}

/** @param {number} value */
const round = (value) => Math.round(value * 100) / 100;
