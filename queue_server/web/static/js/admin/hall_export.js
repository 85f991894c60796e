// @ts-check
// Ekspor: the page is its explanation and the download link; opening "Pratinjau" fetches the
// same file to show it here (it is text/plain, so not through api.js, which reads JSON).
import { $ } from "../dom.js";
import { notice, start } from "./shell.js";
import { common } from "./texts.js";
import { texts } from "./hall_texts.js";

let fetched = false;

async function preview() {
  if (fetched) return;
  fetched = true;
  $("export-text").textContent = common.t("shell.loading");
  const answer = await fetch("/api/v1/admin/config.toml", { credentials: "same-origin", cache: "no-store" });
  if (!answer.ok) {
    fetched = false;
    $("export-text").textContent = "";
    notice(common.t("shell.unexpected"), "error");
    return;
  }
  const text = await answer.text();
  $("export-text").textContent = text;
  $("export-lines").textContent = `(${texts.t("exp.lines", { n: text.split("\n").length })})`;
}

start(() => {
  $("export-preview").addEventListener("toggle", () => {
    if (/** @type {HTMLDetailsElement} */ (/** @type {unknown} */ ($("export-preview"))).open) preview();
  });
});
