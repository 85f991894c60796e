// @ts-check
// The console's three dialogs: transfer (search a service or counter), call a number out of
// order (with a reason), and pause (with a reason). A dialog shows its own errors and closes
// only when the server accepted.
import { $, el } from "../dom.js";
import { api } from "../loket.js";
import { run } from "./actions.js";
import { clearDialogError, showError } from "./messages.js";
import {
  DATA, MAX_ROWS, agencies, counterName, matches, minutesSince, normalize, post,
  serviceName, servicePrefix, services, state,
} from "./state.js";
import { t, texts } from "./texts.js";

/** @typedef {import("./state.js").Ticket} Ticket */

/** @param {import("../dom.js").Control} dialog */
function showDialog(dialog) {
  clearDialogError(dialog);
  $("toast").hidden = true;
  if (!dialog.open) dialog.showModal();
}

/** A dialog's confirm: the dialog closes when the request succeeded, stays (showing the
 *  server's message) when it did not.
 *  @param {import("../dom.js").Control} dialog @param {() => Promise<string>} work */
async function confirmIn(dialog, work) {
  clearDialogError(dialog);
  const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (dialog.querySelectorAll("button:not([data-close]):not(.x)"));
  buttons.forEach((b) => { b.disabled = true; });
  const ok = await run(work);
  buttons.forEach((b) => { b.disabled = false; });
  if (dialog === $("transfer-dialog")) updateTransferGo();
  if (ok && dialog.open) dialog.close();
}

// transfer ------------------------------------------------------------

/** @type {Ticket | null} */
let transferTicket = null;

/** The counters the server allows for the ticket in the dialog (those serving its service;
 *  domain/transfers.py): the console's snapshot lists them for its current ticket.
 *  @returns {import("./state.js").CounterInfo[]} */
function allowedCounters() {
  const snapshot = state.snapshot;
  if (!transferTicket || !snapshot || !snapshot.current || snapshot.current.id !== transferTicket.id) return [];
  return snapshot.transfer_counters || [];
}

/** Every service and counter a ticket can be sent to, with the text the search looks in. */
function transferTargets() {
  const targets = /** @type {import("./state.js").TransferTarget[]} */ ([]);
  const noAgency = { name: "", short_name: "" };
  for (const s of DATA.services) {
    if (transferTicket && s.id === transferTicket.service_id) continue; // moving nowhere
    const agency = agencies[s.agency_id] || noAgency;
    targets.push({
      kind: "service", id: s.id, prefix: s.prefix, title: texts.lang === "en" && s.name_en ? s.name_en : s.name,
      sub: agency.short_name || "", hay: `${s.prefix} ${s.name} ${s.name_en} ${agency.name} ${agency.short_name} ${s.id}`,
    });
  }
  for (const c of allowedCounters()) {
    if (c.id === state.counterId) continue;
    const agency = agencies[c.agency_id] || noAgency;
    const list = c.service_ids.map((id) => `${servicePrefix(id)} ${serviceName(id)}`).join(", ");
    targets.push({
      kind: "counter", id: c.id, prefix: String(c.number), title: c.name,
      sub: `${agency.short_name || ""} · ${list}`,
      hay: `${c.name} loket ${c.number} counter ${c.id} ${agency.name} ${agency.short_name} ${c.service_ids.map((id) => `${servicePrefix(id)} ${services.get(id) ? `${services.get(id).name} ${services.get(id).name_en}` : id}`).join(" ")}`,
    });
  }
  return targets;
}

export function renderTransferList() {
  const query = $("transfer-search").value.trim();
  const found = transferTargets().filter((target) => !query || matches(target.hay, query));
  const chosen = state.transferChoice;
  if (chosen && !found.some((target) => target.kind === chosen.kind && target.id === chosen.id)) state.transferChoice = null;
  if (!state.transferChoice && query && found.length) state.transferChoice = found[0];
  const list = $("transfer-list");
  const groups = [];
  for (const [kind, label] of [["service", t("groupServices")], ["counter", t("groupCounters")]]) {
    const items = found.filter((target) => target.kind === kind);
    if (!items.length) continue;
    groups.push(el("div", { class: "group", role: "presentation" }, label));
    for (const target of items) {
      const selected = state.transferChoice && state.transferChoice.kind === target.kind && state.transferChoice.id === target.id;
      const info = kind === "service" ? state.serviceInfo.get(target.id) : null;
      const counter = kind === "counter" ? allowedCounters().find((c) => c.id === target.id) : null;
      let note = "";
      if (info) note = info.open === false ? t("serviceClosed") : t("waitingN", { n: info.waiting ?? 0 });
      if (counter && counter.status !== "open") note = t("counterPaused");
      groups.push(el("button", {
        type: "button", class: `choice${selected ? " selected" : ""}`, role: "option",
        "aria-selected": selected ? "true" : "false", dataset: { kind: target.kind, id: target.id },
        onclick: () => { state.transferChoice = target; renderTransferList(); $("transfer-search").focus(); },
        ondblclick: () => { state.transferChoice = target; submitTransfer(); },
      },
      el("span", { class: `badge ${target.kind}` }, target.prefix),
      el("span", { class: "choice-text" }, el("strong", {}, target.title), el("span", { class: "sub" }, target.sub)),
      note ? el("span", { class: "note" }, note) : null));
    }
  }
  if (!groups.length) groups.push(el("p", { class: "none" }, t("noMatch")));
  list.replaceChildren(...groups);
  const selectedNode = list.querySelector(".choice.selected");
  if (selectedNode) selectedNode.scrollIntoView({ block: "nearest" });
  updateTransferGo();
}

function updateTransferGo() {
  const go = $("transfer-go");
  const target = state.transferChoice;
  go.disabled = !target || state.busy;
  go.textContent = target ? t("transferGoTo", { target: target.kind === "service" ? `${target.prefix} · ${target.title}` : target.title }) : t("transferGo");
}

/** @param {1 | -1} step */
function moveTransferChoice(step) {
  const query = $("transfer-search").value.trim();
  const found = transferTargets().filter((target) => !query || matches(target.hay, query));
  if (!found.length) return;
  const at = state.transferChoice ? found.findIndex((target) => target.kind === state.transferChoice.kind && target.id === state.transferChoice.id) : -1;
  const next = at < 0 ? (step > 0 ? 0 : found.length - 1) : Math.min(found.length - 1, Math.max(0, at + step));
  state.transferChoice = found[next];
  renderTransferList();
}

async function loadServiceInfo() {
  try {
    const data = await api("/api/v1/services");
    for (const s of data.services) state.serviceInfo.set(s.id, { waiting: s.waiting, open: s.open });
    if ($("transfer-dialog").open) renderTransferList();
  } catch (err) { /* counts are a nicety; the list works without them */ }
}

/** @param {Ticket} ticket */
export function openTransferDialog(ticket) {
  transferTicket = ticket;
  state.transferChoice = null;
  $("transfer-code").textContent = ticket.code;
  $("transfer-search").value = "";
  $("transfer-reason").value = "";
  showDialog($("transfer-dialog"));
  renderTransferList();
  $("transfer-search").focus();
  loadServiceInfo();
}

function submitTransfer() {
  const dialog = $("transfer-dialog");
  const target = state.transferChoice;
  const ticket = transferTicket;
  if (!ticket) return;
  if (!target) {
    showError(t("pickTarget"));
    return;
  }
  /** @type {{service_id?: string, counter_id?: string, reason?: string}} */
  const body = target.kind === "service" ? { service_id: target.id } : { counter_id: target.id };
  const reason = $("transfer-reason").value.trim();
  if (reason) body.reason = reason;
  const label = target.kind === "service" ? `${target.prefix} · ${target.title}` : target.title;
  confirmIn(dialog, async () => {
    await post(`/api/v1/tickets/${ticket.id}/transfer`, body);
    return t("transferredOk", { code: ticket.code, target: label });
  });
}

// call a specific number -----------------------------------------------

function callCandidates() {
  const query = normalize($("call-code").value.trim()).replace(/\s+/g, "");
  const waiting = (state.snapshot && state.snapshot.waiting) || [];
  if (!query) return waiting;
  return waiting.filter((ticket) => normalize(ticket.code).includes(query) || normalize(serviceName(ticket.service_id)).includes(query));
}

export function renderCallList() {
  const found = callCandidates();
  const query = $("call-code").value.trim().toUpperCase();
  const exact = found.find((ticket) => ticket.code.toUpperCase() === query);
  if (exact) state.callChoice = exact;
  else if (state.callChoice && !found.some((ticket) => ticket.id === state.callChoice.id)) state.callChoice = null;
  if (!state.callChoice && query && found.length) state.callChoice = found[0];
  const list = $("call-list");
  const rows = found.slice(0, MAX_ROWS).map((ticket) => {
    const selected = state.callChoice && state.callChoice.id === ticket.id;
    return el("button", {
      type: "button", class: `choice${selected ? " selected" : ""}`, role: "option",
      "aria-selected": selected ? "true" : "false", dataset: { ticket: ticket.id, code: ticket.code },
      onclick: () => { state.callChoice = ticket; renderCallList(); $("call-reason").focus(); },
    },
    el("span", { class: "badge ticket" }, ticket.code),
    el("span", { class: "choice-text" }, el("strong", {}, serviceName(ticket.service_id)),
      el("span", { class: "sub" }, [
        `${minutesSince(ticket.issued_at)} ${t("minutesShort")}`,
        ticket.priority ? t("priority") : "",
        ticket.target_counter_id === state.counterId ? t("toThisCounter") : "",
      ].filter(Boolean).join(" · "))));
  });
  if (!rows.length) {
    rows.push(el("p", { class: "none" }, query ? t("notHere", { code: query }) : t("nobodyWaiting")));
  }
  list.replaceChildren(...rows);
  const selectedNode = list.querySelector(".choice.selected");
  if (selectedNode) selectedNode.scrollIntoView({ block: "nearest" });
  $("call-go").textContent = state.callChoice ? t("callGoCode", { code: state.callChoice.code }) : t("callGo");
}

/** @param {Ticket | null} ticket chosen from the waiting list, or none yet */
export function openCallDialog(ticket) {
  state.callChoice = ticket;
  $("call-code").value = "";
  $("call-reason").value = "";
  for (const chip of $("call-quick").querySelectorAll(".chip")) chip.classList.remove("selected");
  showDialog($("call-dialog"));
  renderCallList();
  if (ticket) $("call-reason").focus();
  else $("call-code").focus();
}

function submitCall() {
  const dialog = $("call-dialog");
  const ticket = state.callChoice;
  const reason = $("call-reason").value.trim();
  if (!ticket) {
    const typed = $("call-code").value.trim().toUpperCase();
    showError(typed ? t("notHere", { code: typed }) : t("needTicket"));
    $("call-code").focus();
    return;
  }
  if (!reason) {
    showError(t("needReason"));
    $("call-reason").focus();
    return;
  }
  const counterId = state.counterId;
  const counter = counterName(counterId);
  confirmIn(dialog, async () => {
    await post(`/api/v1/tickets/${ticket.id}/call`, { counter_id: counterId, reason });
    return t("calledOk", { code: ticket.code, counter });
  });
}

// pause -----------------------------------------------------------------

export function openPauseDialog() {
  $("pause-reason").value = "";
  showDialog($("pause-dialog"));
  const first = /** @type {HTMLElement | null} */ ($("pause-quick").querySelector(".chip"));
  if (first) first.focus();
}

/** @param {string} reason */
function submitPause(reason) {
  const dialog = $("pause-dialog");
  const text = (reason || "").trim();
  if (!text) {
    showError(t("needPauseReason"));
    $("pause-reason").focus();
    return;
  }
  const counterId = state.counterId;
  confirmIn(dialog, async () => {
    await post(`/api/v1/counters/${encodeURIComponent(counterId)}/pause`, { reason: text });
    return t("pausedOk", { reason: text });
  });
}


/** The dialogs' own controls: search, arrows, chips, submit, close. */
export function wireDialogs() {
  for (const node of document.querySelectorAll("dialog")) {
    const dialog = /** @type {HTMLDialogElement} */ (node);
    for (const close of dialog.querySelectorAll("[data-close]")) close.addEventListener("click", () => dialog.close());
    // a click on the dimmed backdrop closes too
    dialog.addEventListener("mousedown", (event) => { if (event.target === dialog) dialog.close(); });
  }
  // transfer
  $("transfer-search").addEventListener("input", () => { state.transferChoice = null; renderTransferList(); });
  $("transfer-search").addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveTransferChoice(event.key === "ArrowDown" ? 1 : -1);
    }
  });
  $("transfer-form").addEventListener("submit", (event) => { event.preventDefault(); submitTransfer(); });
  // call a number
  $("call-code").addEventListener("input", () => { state.callChoice = null; renderCallList(); });
  $("call-code").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (state.callChoice) $("call-reason").focus();
      else submitCall();
    }
  });
  const callChips = /** @type {NodeListOf<HTMLElement>} */ ($("call-quick").querySelectorAll(".chip"));
  for (const chip of callChips) {
    chip.addEventListener("click", () => {
      for (const other of callChips) other.classList.toggle("selected", other === chip);
      $("call-reason").value = chip.dataset.reason;
    });
  }
  $("call-reason").addEventListener("input", () => {
    for (const chip of callChips) chip.classList.toggle("selected", chip.dataset.reason === $("call-reason").value);
  });
  $("call-form").addEventListener("submit", (event) => { event.preventDefault(); submitCall(); });
  // pause
  for (const chip of /** @type {NodeListOf<HTMLElement>} */ ($("pause-quick").querySelectorAll(".chip"))) {
    chip.addEventListener("click", () => submitPause(chip.dataset.pause));
  }
  $("pause-form").addEventListener("submit", (event) => { event.preventDefault(); submitPause($("pause-reason").value); });
}
