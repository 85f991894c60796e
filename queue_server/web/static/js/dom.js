// @ts-check
// The two DOM helpers every surface uses: `$` by id and `el` to build nodes.

/** Any element of our pages: inputs, buttons and dialogs are looked up by id alike.
 *  @typedef {HTMLElement & Partial<HTMLInputElement> & Partial<HTMLButtonElement>
 *    & Partial<HTMLDialogElement>} Control */

/** The element with this id. A missing one is a bug of the page, said at once.
 *  @param {string} id
 *  @returns {Control} */
export function $(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is not on this page`);
  return /** @type {Control} */ (node);
}

/** An element with attributes, `on…` listeners, `class`, `dataset`, `style`, and children
 *  (strings, nodes, arrays of them; null/false are left out).
 *  @param {string} tag
 *  @param {Record<string, any>} [attrs]
 *  @param {...any} children
 *  @returns {Control} */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    // through the CSSOM: the Content-Security-Policy refuses style="" attributes
    else if (key === "style") node.style.cssText = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return /** @type {Control} */ (node);
}
