// @ts-check
// Choosing the counter this officer works at (remembered on this computer per user).
import { $, el } from "../dom.js";
import { refresh, startLive } from "./live.js";
import { render } from "./render.js";
import { DATA, agencyShort, myCounters, serviceName, servicePrefix, state } from "./state.js";

const counterKey = `loket.console.counter.${DATA.user || "-"}`;

/** @returns {string | null} */
export function rememberedCounter() {
  const id = localStorage.getItem(counterKey);
  return myCounters.some((c) => c.id === id) ? id : null;
}

export function renderPicker() {
  const list = $("picker-list");
  list.replaceChildren(...myCounters.map((c) => el("button", {
    type: "button", class: `pick${c.id === state.counterId ? " current" : ""}`,
    dataset: { pick: c.id }, onclick: () => chooseCounter(c.id),
  },
  el("span", { class: "pick-name" }, c.name),
  el("span", { class: "pick-agency" }, agencyShort(c.agency_id)),
  el("span", { class: "pick-services" }, c.service_ids.map((id) => el("span", { class: "pick-svc" },
    el("b", {}, servicePrefix(id)), ` ${serviceName(id)}`))))));
  $("picker-back").hidden = !state.counterId;
}

export function showPicker() {
  renderPicker();
  $("picker").hidden = false;
  $("desk").hidden = true;
  const first = /** @type {HTMLElement | null} */ ($("picker-list").querySelector(".pick.current")
    || $("picker-list").querySelector(".pick"));
  if (first) first.focus();
}

/** @param {string} id */
export function chooseCounter(id) {
  const previous = state.counterId;
  localStorage.setItem(counterKey, id);
  $("picker").hidden = true;
  $("desk").hidden = false;
  if (previous === id) return;
  state.counterId = id;
  state.snapshot = null;
  state.appliedSeq = state.refreshSeq;
  state.joined = false;
  document.body.dataset.counter = id;
  document.body.dataset.live = "0";
  render();
  if (state.live) {
    if (previous) state.live.leave(`counter:${previous}`);
    state.live.join(`counter:${id}`);
  } else {
    startLive();
  }
  refresh();
}
