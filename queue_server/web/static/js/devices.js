// @ts-check
// The admin's devices page: the counter choice is asked only when the code typed is a
// survey tablet's (a kiosk or a TV serves the whole hall). Without this script the choice
// simply stays visible, and the server says which code needs it.
import { $ } from "./dom.js";

/** The kind of each pending request by its code, from the table the page lists. */
function pendingKinds() {
  /** @type {Map<string, string>} */
  const kinds = new Map();
  for (const row of document.querySelectorAll("tr[data-pending]")) {
    const { pending, kind } = /** @type {HTMLElement} */ (row).dataset;
    kinds.set(pending, kind);
  }
  return kinds;
}

/** "k7q4mz" and "K7Q-4MZ" are the same code, as the server reads it. @param {string} raw */
function normalise(raw) {
  const code = raw.trim().toUpperCase().replace(/\s+/g, "");
  return code.length === 6 && !code.includes("-") ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}

function start() {
  const code = /** @type {HTMLInputElement} */ ($("pair-code"));
  const counter = /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($("pair-counter")));
  const label = $("pair-counter-label");
  const kinds = pendingKinds();
  const follow = () => {
    const kind = kinds.get(normalise(code.value));
    // an unknown code (a request newer than this page) keeps the choice: the server decides
    const survey = kind === undefined || kind === "survey";
    label.style.display = survey ? "" : "none"; // staff.css shows labels as blocks: not `hidden`
    counter.required = kind === "survey";
    if (!survey) counter.value = "";
  };
  code.addEventListener("input", follow);
  follow();
}

start();
