// @ts-check
// Drawing the console from its snapshot: the counter bar, the current ticket, the buttons,
// the waiting and skipped lists, today's numbers. Nothing here talks to the server.
import { $, el } from "../dom.js";
import { recallSkipped } from "./actions.js";
import { openCallDialog, renderCallList } from "./dialogs.js";
import { renderReprint } from "./reprint.js";
import { legal } from "./rules.js";
import {
  DATA, MAX_ROWS, agencyShort, allCounters, clock, clockSince, minutesSince, myCounters,
  priorityLabel, serviceName, servicePrefix, state, timeOfDay,
} from "./state.js";
import { t, texts } from "./texts.js";

/** @typedef {import("./state.js").Ticket} Ticket */
/** @typedef {import("./rules.js").Action} Action */

/** The static texts of the page in the chosen language (the template is in Indonesian). */
export function applyTexts() {
  texts.apply();
  for (const node of document.querySelectorAll(".x, .toast-close")) node.setAttribute("aria-label", t("close"));
  $("actions").setAttribute("aria-label", t("actionsLabel"));
  for (const button of [$("lang"), $("picker-lang")]) {
    button.textContent = texts.lang === "en" ? "ID" : "EN";
    button.setAttribute("aria-label", texts.lang === "en" ? "Bahasa Indonesia" : "English");
  }
  // the shared staff header is rendered in Indonesian; follow the toggle here
  for (const link of document.querySelectorAll(".staff-bar nav a")) {
    const key = `nav.${link.getAttribute("href")}`;
    if (texts.has(key)) link.textContent = texts.t(key);
  }
  const logout = document.querySelector(".staff-bar nav button.link");
  if (logout && DATA.user) logout.textContent = `${t("nav.logout")} (${DATA.user})`;
}

export function render() {
  document.body.dataset.busy = state.busy ? "1" : "0";
  const snap = state.snapshot;
  const counter = allCounters.get(state.counterId);
  $("switch").hidden = myCounters.length < 2;
  if (counter) {
    $("counter-name").textContent = counter.name;
    $("counter-agency").textContent = agencyShort(counter.agency_id);
  }
  renderServicesLine(snap && snap.counter.service_ids ? snap.counter.service_ids : counter ? counter.service_ids : []);
  renderButtons();
  if (!snap) { // another counter was just chosen: nothing of the previous one stays in view
    $("paused-banner").hidden = true;
    $("counter-status").textContent = "";
    for (const id of ["waiting-count", "skipped-count"]) $(id).textContent = "–";
    renderCurrent(null);
    renderReprint();
    for (const id of ["waiting-list", "skipped-list"]) $(id).replaceChildren(el("li", { class: "none" }, t("loading")));
    return;
  }
  const status = snap.counter.status;
  const pill = $("counter-status");
  pill.textContent = status === "open" ? t("statusOpen") : status === "paused" ? t("statusPaused") : t("statusClosed");
  pill.className = `pill ${status}`;
  document.body.dataset.counterStatus = status;
  const banner = $("paused-banner");
  banner.hidden = status === "open";
  banner.querySelector("strong").textContent = status === "closed" ? t("closedTitle") : t("pausedTitle");
  $("paused-reason").textContent = snap.counter.pause_reason ? `· ${snap.counter.pause_reason}` : "";
  $("banner-resume").hidden = status !== "paused";
  $("banner-resume").disabled = state.busy || state.sessionEnded;
  renderCurrent(snap.current);
  renderWaiting(snap.waiting);
  renderSkipped(snap.skipped);
  renderStats(snap.stats);
  renderReprint();
  if ($("call-dialog").open) renderCallList(); // a number called elsewhere leaves the list
  document.title = `${counter ? counter.name : ""}${snap.current ? ` · ${snap.current.code}` : ""} · Loket`;
}

/** The services this counter calls, beside its name: an admin may give it one more (a Samsat
 *  counter borrowed by Dukcapil for a day) or take one away while the officer works.
 *  @param {string[]} ids */
function renderServicesLine(ids) {
  let node = document.getElementById("counter-services");
  if (!node) {
    node = el("span", { id: "counter-services", class: "counter-agency counter-services" });
    $("counter-agency").after(node);
  }
  const text = ids.map((id) => `${servicePrefix(id)} ${serviceName(id)}`.trim()).join(" · ");
  if (node.textContent !== text) node.textContent = text;
  node.title = text;
  node.dataset.services = ids.join(" ");
}

function renderButtons() {
  const paused = state.snapshot && state.snapshot.counter.status === "paused";
  $("pause-label").textContent = paused ? t("resume") : t("pause");
  $("btn-pause").classList.toggle("resume", Boolean(paused));
  for (const node of document.querySelectorAll("#actions .action")) {
    const button = /** @type {HTMLButtonElement} */ (node);
    const [ok, why] = legal(/** @type {Action} */ (button.dataset.action));
    button.disabled = !ok;
    button.title = ok ? "" : why;
  }
  for (const node of document.querySelectorAll("#skipped-list button[data-recall]")) {
    const button = /** @type {HTMLButtonElement} */ (node);
    button.disabled = state.busy || state.sessionEnded || button.dataset.recallable !== "1";
  }
  for (const row of document.querySelectorAll("#waiting-list .row[data-ticket]")) {
    row.classList.toggle("inert", !legal("call")[0]);
  }
}

/** @param {Ticket | null} ticket */
function renderCurrent(ticket) {
  $("current-empty").hidden = Boolean(ticket);
  $("current-ticket").hidden = !ticket;
  const card = $("current");
  card.className = `current card${ticket ? ` ${ticket.status}` : ""}`;
  card.dataset.status = ticket ? ticket.status : "none";
  card.dataset.code = ticket ? ticket.code : "";
  const snap = state.snapshot;
  const paused = snap && snap.counter.status !== "open";
  $("next-effect").textContent = !ticket ? ""
    : t(ticket.status === "serving" ? "effectFinish" : "effectSkip", { code: ticket.code });
  if (!ticket) {
    $("empty-title").textContent = paused ? t("pausedEmpty") : t("noCurrent");
    $("empty-hint").textContent = paused ? t("pausedEmptyHint") : t("noCurrentHint");
    $("empty-count").textContent = snap ? t("peopleWaiting", { n: snap.waiting.length }) : "";
    return;
  }
  $("current-code").textContent = ticket.code;
  const chip = $("current-state");
  chip.textContent = ticket.status === "serving" ? t("stateServing") : t("stateCalled");
  chip.className = `state-chip ${ticket.status}`;
  const priority = $("current-priority");
  priority.hidden = !ticket.priority;
  priority.textContent = priorityLabel(ticket.priority_kind);
  $("current-lang").hidden = ticket.language !== "en";
  $("current-service").textContent = serviceName(ticket.service_id);
  $("current-agency").textContent = agencyShort(ticket.agency_id);
  const moved = $("current-transferred");
  moved.hidden = !ticket.transferred_from;
  moved.textContent = ticket.transferred_from ? t("transferredFrom", { service: serviceName(ticket.transferred_from) }) : "";
  $("fact-phase-label").textContent = ticket.status === "serving" ? t("factServing") : t("factCalled");
  renderTimes();
}

/** The moving numbers only: called every second without rebuilding anything. */
export function renderTimes() {
  $("clock").textContent = clock.time(clock.now(), texts.locale);
  const ticket = state.snapshot && state.snapshot.current;
  if (!ticket) return;
  const calledAt = Date.parse(ticket.called_at || "");
  $("fact-issued").textContent = timeOfDay(ticket.issued_at);
  $("fact-waited").textContent = `${minutesSince(ticket.issued_at, Number.isFinite(calledAt) ? calledAt : clock.now())} ${t("minutesShort")}`;
  $("fact-phase").textContent = ticket.status === "serving" && ticket.started_at
    ? clockSince(ticket.started_at) : t("ago", { t: clockSince(ticket.called_at) });
}

/** The booking a ticket was checked in from (its queue time is the slot's start).
 *  @param {Ticket} ticket @returns {string | null} */
function bookedCode(ticket) {
  return /** @type {{booking_code?: string | null}} */ (ticket).booking_code || null;
}

/** @param {Ticket[]} waiting */
function renderWaiting(waiting) {
  $("waiting-count").textContent = String(waiting.length);
  const list = $("waiting-list");
  if (!waiting.length) {
    list.replaceChildren(el("li", { class: "none" }, t("nobodyWaiting")));
    return;
  }
  const callable = legal("call")[0];
  const rows = waiting.slice(0, MAX_ROWS).map((ticket) => el("li", {
    class: `row${ticket.priority ? " prio" : ""}${ticket.target_counter_id === state.counterId ? " targeted" : ""}${callable ? "" : " inert"}`,
    dataset: { ticket: ticket.id, code: ticket.code },
    title: t("callNumber"),
    onclick: () => { if (legal("call")[0]) openCallDialog(ticket); },
  },
  el("span", { class: "code" }, ticket.code),
  el("span", { class: "what" },
    el("span", { class: "svc" }, serviceName(ticket.service_id)),
    ticket.priority ? el("span", { class: "tag prio" }, priorityLabel(ticket.priority_kind)) : null,
    ticket.target_counter_id === state.counterId ? el("span", { class: "tag target" }, t("toThisCounter")) : null,
    bookedCode(ticket) ? el("span", { class: "tag booked", title: t("bookedTitle", { code: bookedCode(ticket) }) }, t("booked")) : null,
    ticket.transferred_from ? el("span", { class: "tag moved" }, t("fromService", { service: serviceName(ticket.transferred_from) })) : null),
  el("span", { class: "mins", dataset: { issued: ticket.issued_at } }, `${minutesSince(ticket.issued_at)} ${t("minutesShort")}`)));
  if (waiting.length > MAX_ROWS) rows.push(el("li", { class: "none" }, t("moreRows", { n: waiting.length - MAX_ROWS })));
  list.replaceChildren(...rows);
}

/** @param {import("./state.js").Skipped[]} skipped */
function renderSkipped(skipped) {
  $("skipped-count").textContent = String(skipped.filter((s) => s.recallable).length);
  const list = $("skipped-list");
  if (!skipped.length) {
    list.replaceChildren(el("li", { class: "none" }, t("noSkipped")));
    return;
  }
  const limit = (state.snapshot && state.snapshot.forfeit_after) || DATA.forfeit_after || 0;
  list.replaceChildren(...skipped.slice(0, MAX_ROWS).map((s) => {
    const ticket = s.ticket;
    const left = Math.max(0, limit - s.later_calls);
    return el("li", { class: `row${s.recallable ? "" : " forfeit"}`, dataset: { ticket: ticket.id, code: ticket.code } },
      el("span", { class: "code" }, ticket.code),
      el("span", { class: "what" },
        el("span", { class: "svc" }, serviceName(ticket.service_id)),
        s.recallable ? el("span", { class: "left" }, t("callsLeft", { n: left })) : null),
      s.recallable
        ? el("button", {
          type: "button", class: "mini", dataset: { recall: ticket.id, recallable: "1" },
          disabled: state.busy || state.sessionEnded,
          onclick: () => recallSkipped(ticket),
        }, t("recallShort"))
        : el("span", { class: "forfeit-mark" }, t("forfeited")));
  }));
}

/** @param {Record<string, number | null>} stats */
function renderStats(stats) {
  $("stat-called").textContent = String(stats.called ?? 0);
  $("stat-finished").textContent = String(stats.finished ?? 0);
  $("stat-skipped").textContent = String(stats.skipped ?? 0);
  const mean = stats.mean_service_minutes;
  $("stat-mean").textContent = mean === null || mean === undefined ? "–"
    : `${Number(mean).toLocaleString(texts.locale, { maximumFractionDigits: 1 })} ${t("minutesShort")}`;
}

/** The waiting minutes of the list, without redrawing it. */
export function tickMinutes() {
  for (const node of document.querySelectorAll("#waiting-list .mins[data-issued]")) {
    node.textContent = `${minutesSince(/** @type {HTMLElement} */ (node).dataset.issued)} ${t("minutesShort")}`;
  }
}
