// @ts-check
// The officer's counter console: the page's entry. It renders from the console snapshot
// (GET /api/v1/counters/{id}/console), which also says which buttons work now. The parts:
//   counter/texts.js    the texts, Indonesian first
//   counter/state.js    page data, live state, lookups, POST with CSRF
//   counter/rules.js    which buttons work (the server's allowed_actions)
//   counter/render.js   drawing the snapshot
//   counter/actions.js  what a button or key does
//   counter/dialogs.js  transfer, call a number, pause
//   counter/keys.js     the keyboard
//   counter/picker.js   choosing the counter
//   counter/live.js     snapshot refresh, socket, poll, server clock
//   counter/reprint.js  reprinting the current ticket or one of the counter's recent ones
import { $ } from "./dom.js";
import { press } from "./counter/actions.js";
import { renderCallList, renderTransferList, wireDialogs } from "./counter/dialogs.js";
import { onKeyDown, onKeyUp } from "./counter/keys.js";
import { keepInStep } from "./counter/live.js";
import { toast } from "./counter/messages.js";
import { chooseCounter, rememberedCounter, renderPicker, showPicker } from "./counter/picker.js";
import { applyTexts, render, renderTimes, tickMinutes } from "./counter/render.js";
import { wireReprint } from "./counter/reprint.js";
import { myCounters, state } from "./counter/state.js";
import { switchLanguage, t } from "./counter/texts.js";

function toggleLanguage() {
  switchLanguage();
  applyTexts();
  render();
  renderPicker();
  if ($("transfer-dialog").open) renderTransferList();
  if ($("call-dialog").open) renderCallList();
}

function wire() {
  $("lang").addEventListener("click", toggleLanguage);
  $("picker-lang").addEventListener("click", toggleLanguage);
  $("switch").addEventListener("click", showPicker);
  $("picker-back").addEventListener("click", () => { if (state.counterId) chooseCounter(state.counterId); });
  $("toast-close").addEventListener("click", () => { $("toast").hidden = true; });
  $("banner-resume").addEventListener("click", () => press("pause"));
  for (const node of document.querySelectorAll("#actions .action")) {
    const button = /** @type {HTMLElement} */ (node);
    button.addEventListener("click", () => press(/** @type {import("./counter/rules.js").Action} */ (button.dataset.action)));
  }
  wireDialogs();
  wireReprint();
  window.addEventListener("keydown", onKeyDown);
  window.addEventListener("keyup", onKeyUp);
  // never a stack trace on screen: an unexpected failure is one plain sentence
  window.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    toast(t("unexpected"), "error");
  });
}

function start() {
  applyTexts();
  wire();
  $("booting").hidden = true;
  setInterval(renderTimes, 1000);
  setInterval(tickMinutes, 20000);
  keepInStep();
  if (!myCounters.length) {
    $("no-counter").hidden = false;
    return;
  }
  const remembered = rememberedCounter();
  if (myCounters.length === 1) chooseCounter(myCounters[0].id);
  else if (remembered) chooseCounter(remembered);
  else showPicker();
}

start();
