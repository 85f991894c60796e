// @ts-check
// The admin shell: the language toggle of the side bar, the page's data, and one place for
// short notices. Every admin page's entry module imports it (or the page loads it alone):
//
//   import { page, notice, start } from "./shell.js";
//   page.principal.role                 // "admin" | "supervisor"
//   page.entityId                       // the thing a form page edits (null: a new one)
//   page.agencies                       // the active agencies this person works within
//   notice("Tersimpan", "ok");          // a short line at the top of the page
//   start(async () => { ...load and render... });   // a failure becomes one plain sentence
import { $ } from "../dom.js";
import { ApiError } from "./api.js";
import { common, currentLang, onLanguage, setLanguage } from "./texts.js";

/** @typedef {{name: string, role: "admin" | "supervisor", agencies: string[], counters: string[]}} AdminPrincipal */
/** @typedef {{id: string, name: string, name_en: string, short_name: string, active: boolean}} Agency */
/** @typedef {{principal: AdminPrincipal, entityId: string | null, agencies: Agency[],
 *   site: {name: string, short_name: string}}} PageData */

/** @type {PageData} */
export const page = JSON.parse($("admin-data").textContent || "{}");

export const isAdmin = page.principal.role === "admin";

/** A short line under the page title; errors stay until replaced, others fade.
 *  @param {string} text @param {"ok" | "error" | "info"} [kind] */
export function notice(text, kind = "info") {
  const box = $("admin-notice");
  box.textContent = text;
  box.className = `notice ${kind}`;
  box.hidden = !text;
  clearTimeout(Number(box.dataset.timer || 0));
  if (kind !== "error" && text) {
    box.dataset.timer = String(setTimeout(() => { box.hidden = true; }, 6000));
  }
}

/** The sentence to show for a failure: the API's own message, or a plain one.
 *  @param {unknown} err */
export function messageOf(err) {
  return err instanceof ApiError ? err.message : common.t("shell.unexpected");
}

/** Runs the page's loading; a failure is a notice, never a stack trace.
 *  @param {() => Promise<void> | void} load */
export async function start(load) {
  try {
    await load();
  } catch (err) {
    notice(messageOf(err), "error");
    if (!(err instanceof ApiError)) console.warn(err);
  } finally {
    document.body.classList.add("ready");
  }
}

function renderToggle() {
  const button = $("admin-lang");
  button.textContent = currentLang() === "en" ? "Bahasa Indonesia" : "English";
  button.setAttribute("lang", currentLang() === "en" ? "id" : "en");
}

$("admin-lang").addEventListener("click", () => {
  setLanguage(currentLang() === "en" ? "id" : "en");
});
onLanguage(renderToggle);
renderToggle();
window.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  notice(messageOf(event.reason), "error");
});
