// @ts-check
// The signature block of a printed report (the monthly report, the SKM report): the town,
// the head of the MPP and their NIP, typed once and kept in this browser for the next
// report; the block under the sheet follows what is typed.

import { $ } from "../dom.js";
import { longDate } from "./format.js";

const SIGN_KEY = "loket.reports.signature";

/** The block as typed now, the date under it the site's `today`.
 *  @param {string} today */
export function renderSignature(today) {
  const saved = JSON.parse(localStorage.getItem(SIGN_KEY) || "{}");
  const place = String(/** @type {HTMLInputElement} */ ($("prt-place")).value || "").trim();
  const head = String(/** @type {HTMLInputElement} */ ($("prt-head")).value || "").trim();
  const nip = String(/** @type {HTMLInputElement} */ ($("prt-nip")).value || "").trim();
  localStorage.setItem(SIGN_KEY, JSON.stringify({ ...saved, place, head, nip }));
  $("sig-place").textContent = place;
  $("sig-date").textContent = longDate(today);
  $("sig-name").textContent = head || "(..........................................)";
  $("sig-name").classList.toggle("named", Boolean(head));
  $("sig-nip").textContent = nip || "..............................";
}

/** Fill the fields from what this browser kept, and follow the typing.
 *  @param {string} today */
export function keepSignature(today) {
  const saved = JSON.parse(localStorage.getItem(SIGN_KEY) || "{}");
  for (const [id, key] of [["prt-place", "place"], ["prt-head", "head"], ["prt-nip", "nip"]]) {
    const field = /** @type {HTMLInputElement} */ ($(id));
    if (saved[key]) field.value = saved[key];
    field.addEventListener("input", () => renderSignature(today));
  }
}
