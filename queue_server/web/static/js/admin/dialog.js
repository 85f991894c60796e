// @ts-check
// The two dialogs of the admin pages, built on <dialog> (Esc closes, focus stays inside):
//
//   import { confirmAction, showOneTimePassword } from "./dialog.js";
//   if (await confirmAction({ title: "Nonaktifkan KTP-el?", body: "Warga yang menunggu…",
//                             confirm: "Nonaktifkan", danger: true })) { ... }
//   await showOneTimePassword("budi", "x7Q…");   // resolves when the admin closes it
// Texts come from the caller (already in the page's language); buttons from common texts.
import { el } from "../dom.js";
import { common } from "./texts.js";

/** @param {{title: string, body?: string, confirm: string, danger?: boolean}} what
 *  @returns {Promise<boolean>} */
export function confirmAction(what) {
  return new Promise((resolve) => {
    const yes = el("button", { type: "button", class: what.danger ? "danger-solid" : "primary",
      "data-confirm": "" }, what.confirm);
    const no = el("button", { type: "button", class: "secondary" }, common.t("dlg.cancel"));
    const dialog = /** @type {HTMLDialogElement} */ (el("dialog", { class: "admin-dlg", role: "alertdialog" },
      el("h2", {}, what.title),
      what.body ? el("p", {}, what.body) : null,
      el("footer", {}, no, yes)));
    let answer = false;
    yes.addEventListener("click", () => { answer = true; dialog.close(); });
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/** Shows a one-time password with a copy button; it is never kept anywhere else.
 *  @param {string} name @param {string} password @returns {Promise<void>} */
export function showOneTimePassword(name, password) {
  return new Promise((resolve) => {
    const value = el("output", { class: "secret", id: "one-time-password" }, password);
    const copy = el("button", { type: "button", class: "secondary", id: "copy-password" },
      common.t("dlg.copy"));
    const close = el("button", { type: "button", class: "primary" }, common.t("dlg.close"));
    const dialog = /** @type {HTMLDialogElement} */ (el("dialog", { class: "admin-dlg", id: "password-dialog" },
      el("h2", {}, common.t("dlg.passwordTitle", { name })),
      el("div", { class: "secret-row" }, value, copy),
      el("p", { class: "once" }, common.t("dlg.once", { name })),
      el("footer", {}, close)));
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(password);
      } catch {
        // no clipboard (plain http on another machine): select the text for Ctrl+C
        const range = document.createRange();
        range.selectNodeContents(value);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
      copy.textContent = common.t("dlg.copied");
    });
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => { dialog.remove(); resolve(); });
    document.body.append(dialog);
    dialog.showModal();
    close.focus();
  });
}
