// @ts-check
// The TV board's measuring hand: it reads the boxes the browser laid out, asks
// board_layout.js what fits, and applies it (tile size and columns, the page of counters
// shown, the calls and waiting lines that fit whole, text shrunk into its box). Every
// change goes through the CSSOM (the page's CSP refuses style attributes).
import { PAGE_MS, TILE_EM, counterGrid, pageRange, shrinkSteps, wholeItems } from "./board_layout.js";

/** @param {Element} node */
const overflows = (node) => node.scrollHeight > node.clientHeight || node.scrollWidth > node.clientWidth;

/** Shrinks `target`'s font (from its stylesheet size) until `box` holds its content, so a
 *  long agency or counter name is smaller, never cut. A box that is not laid out (hidden)
 *  is left for when it shows.
 *  @param {HTMLElement} box @param {HTMLElement} [target] the node whose font shrinks
 *  @param {number} [floor] */
export function fitText(box, target = box, floor = 0.45) {
  if (target.style.fontSize) target.style.fontSize = "";
  if (!box.isConnected || box.clientHeight === 0 || !overflows(box)) return;
  const base = parseFloat(getComputedStyle(target).fontSize);
  for (const px of shrinkSteps(base, floor).slice(1)) {
    target.style.fontSize = `${px.toFixed(1)}px`;
    if (!overflows(box)) return;
  }
}

/** Shows the leading children of `list` that fit whole inside it and hides the rest.
 *  @param {HTMLElement} list @param {(child: HTMLElement) => void} [fit] fits one child first */
export function showWhole(list, fit = () => {}) {
  const children = /** @type {HTMLElement[]} */ ([...list.children]);
  for (const child of children) {
    if (child.hidden) child.hidden = false;
    fit(child);
  }
  const box = list.getBoundingClientRect();
  const inner = { bottom: box.top + list.clientHeight, right: box.left + list.clientWidth };
  const keep = wholeItems(children.map((c) => c.getBoundingClientRect()), inner);
  children.forEach((child, i) => { if (i >= keep) child.hidden = true; });
}

/** The counter tiles: as large as every one of them fits, else pages that rotate. Tiles
 *  stay in the grid (hidden off their page), so a steady screen keeps its DOM. */
export class CounterPager {
  /** @param {HTMLElement} grid @param {HTMLElement} pageLabel "2/3" while paging
   *  @param {{pageMs?: number, fitTile: (tile: HTMLElement) => void}} options */
  constructor(grid, pageLabel, { pageMs = PAGE_MS, fitTile }) {
    this.grid = grid;
    this.pageLabel = pageLabel;
    this.fitTile = fitTile;
    this.page = 0;
    this.layout = counterGrid({ width: 1, height: 1, count: 0, fontPx: 1, gapPx: 0 });
    grid.style.setProperty("--tile-h", `${TILE_EM.height}em`);
    grid.style.setProperty("--tile-w", `${TILE_EM.width}em`);
    setInterval(() => {
      if (this.layout.pages > 1) this.show(this.page + 1);
    }, pageMs);
  }

  /** After the tiles or the screen changed: size, columns and pages from the grid's box. */
  relayout() {
    const grid = this.grid;
    const holder = /** @type {HTMLElement} */ (grid.parentElement);
    const fontPx = parseFloat(getComputedStyle(holder).fontSize);
    const style = getComputedStyle(grid);
    const gapPx = parseFloat(style.rowGap) || 0;
    // the grid takes the section's space under its heading (display.css: flex 1)
    const width = grid.clientWidth;
    const height = grid.clientHeight;
    const count = grid.children.length;
    this.layout = counterGrid({ width, height, count, fontPx, gapPx });
    grid.style.fontSize = `${(fontPx * this.layout.scale).toFixed(2)}px`;
    grid.style.gridTemplateColumns = `repeat(${this.layout.columns}, minmax(0, 1fr))`;
    this.show(this.page);
  }

  /** @param {number} page */
  show(page) {
    const tiles = /** @type {HTMLElement[]} */ ([...this.grid.children]);
    this.page = page % this.layout.pages;
    const { start, end } = pageRange(this.layout, this.page, tiles.length);
    tiles.forEach((tile, i) => {
      const on = i >= start && i < end;
      if (tile.hidden === on) tile.hidden = !on;
      if (on) this.fitTile(tile);
    });
    const label = this.layout.pages > 1 ? `${this.page + 1}/${this.layout.pages}` : "";
    if (this.pageLabel.textContent !== label) this.pageLabel.textContent = label;
    this.grid.dataset.page = String(this.page);
    this.grid.dataset.pages = String(this.layout.pages);
  }
}
