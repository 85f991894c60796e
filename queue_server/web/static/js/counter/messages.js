// @ts-check
// Where the console tells the officer something: a toast, or the open dialog's error line.
import { $, el } from "../dom.js";
import { ApiError } from "../loket.js";
import { render } from "./render.js";
import { errorText, state } from "./state.js";
import { t } from "./texts.js";

/** @type {ReturnType<typeof setTimeout> | undefined} */
let toastTimer;

/** @param {string} message @param {"ok" | "info" | "error"} [kind] */
export function toast(message, kind = "ok") {
  const node = $("toast");
  $("toast-text").textContent = message;
  node.className = `toast ${kind}`;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, kind === "error" ? 9000 : 4000);
}

/** @returns {HTMLDialogElement | null} */
export function openDialog() {
  return document.querySelector("dialog[open]");
}

/** An error goes where the officer is looking: inside the open dialog, else a toast.
 *  @param {unknown} err an error, or a sentence */
export function showError(err) {
  if (err instanceof ApiError && err.status === 401) return sessionEnded();
  const message = typeof err === "string" ? err : errorText(err);
  const dialog = openDialog();
  if (dialog) {
    const line = /** @type {HTMLElement} */ (dialog.querySelector(".dialog-error"));
    line.textContent = message;
    line.hidden = false;
    return;
  }
  toast(message, "error");
}

/** @param {HTMLElement} dialog */
export function clearDialogError(dialog) {
  const line = /** @type {HTMLElement} */ (dialog.querySelector(".dialog-error"));
  line.textContent = "";
  line.hidden = true;
}

/** Signed out elsewhere (or the session expired): everything stops, the sign-in link stays. */
export function sessionEnded() {
  state.sessionEnded = true;
  const node = $("toast");
  $("toast-text").replaceChildren(t("sessionEnded"), " ",
    el("a", { href: `/login?next=${encodeURIComponent("/counter")}` }, t("signIn")));
  node.className = "toast error";
  node.hidden = false;
  clearTimeout(toastTimer);
  render();
}
