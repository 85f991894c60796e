// @ts-check
// The keyboard: F1/Space call next, F2 recall, F3 start, F4 finish, F8 no-show, F9 transfer,
// Esc closes. Keys rest while the officer types or a dialog is open; a held key is one press.
import { $ } from "../dom.js";
import { press } from "./actions.js";
import { openDialog } from "./messages.js";
import { state } from "./state.js";

/** @type {Record<string, import("./rules.js").Action>} */
const KEYS = { F1: "next", F2: "recall", F3: "start", F4: "finish", F8: "skip", F9: "transfer" };

/** @param {EventTarget | null} target */
function typing(target) {
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !["button", "submit", "reset", "checkbox", "radio"].includes(/** @type {HTMLInputElement} */ (target).type);
  return false;
}

/** @param {KeyboardEvent} event */
export function onKeyDown(event) {
  window.__loketConsole.keys += 1; // tests wait on it to see a key was handled, acted on or not
  const dialog = openDialog();
  if (event.key === "Escape") {
    if (dialog) {
      event.preventDefault();
      dialog.close();
    } else if (!$("toast").hidden) $("toast").hidden = true;
    return;
  }
  const isSpace = event.code === "Space" || event.key === " ";
  const action = isSpace ? "next" : KEYS[event.key];
  if (!action) return;
  // F1 opens the browser's help and F3 its find bar: never, on this page
  if (!isSpace) event.preventDefault();
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  if (dialog || typing(event.target)) return;
  if ($("desk").hidden || !state.counterId) return;
  if (isSpace) event.preventDefault(); // and no click on a focused button
  if (event.repeat) return; // a held key is one press
  press(action);
}

/** @param {KeyboardEvent} event */
export function onKeyUp(event) {
  // a Space handled above must not also "click" a button that has focus
  const isSpace = event.code === "Space" || event.key === " ";
  if (isSpace && !openDialog() && !typing(event.target) && !$("desk").hidden) event.preventDefault();
}
