// @ts-check
// QR codes drawn in the browser (the ticket's tracking link, the pairing link), from the npm
// package served locally.
import qrcode from "/vendor/qrcode.mjs";

/** An <svg> QR code of `text`, scalable to its box.
 *  @param {string} text
 *  @param {number} [cellSize]
 *  @returns {Element} */
export function qrSvg(text, cellSize = 6) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const holder = document.createElement("div");
  holder.innerHTML = qr.createSvgTag({ cellSize, margin: 2, scalable: true });
  return /** @type {Element} */ (holder.firstElementChild);
}
