// @ts-check
// Reprinting from the console: the current ticket's button and the counter's recent tickets
// (today's latest calls, from the snapshot's `recent`). Both go through
// POST /api/v1/tickets/{id}/reprint; the copy is marked ULANG/COPY by the server.
import { $, el } from "../dom.js";
import { run } from "./actions.js";
import { post, serviceName, state, timeOfDay } from "./state.js";
import { t, texts } from "./texts.js";

/** @typedef {import("./state.js").Ticket} Ticket */

/** @param {Ticket} ticket */
export function reprint(ticket) {
  if (state.busy || state.sessionEnded) return;
  run(async () => {
    await post(`/api/v1/tickets/${ticket.id}/reprint`);
    return t("reprintQueued", { code: ticket.code });
  });
}

/** Whether a reprint can go now: a printer is configured, no request is in flight. */
function reprintable() {
  return Boolean(state.snapshot && state.snapshot.can_reprint) && !state.busy && !state.sessionEnded;
}

/** The current ticket's button and the recent list, from the snapshot. */
export function renderReprint() {
  const snap = state.snapshot;
  const current = snap ? snap.current : null;
  const button = /** @type {HTMLButtonElement} */ ($("current-reprint"));
  button.hidden = !current;
  button.disabled = !reprintable();
  button.title = snap && !snap.can_reprint ? t("noPrinter")
    : current ? t("reprintTitle", { code: current.code }) : "";
  renderRecent(snap ? snap.recent || [] : null);
}

/** @param {Ticket[] | null} recent null: the counter's snapshot is still loading */
function renderRecent(recent) {
  $("recent-count").textContent = recent ? String(recent.length) : "–";
  const list = $("recent-list");
  if (!recent) {
    list.replaceChildren(el("li", { class: "none" }, t("loading")));
    return;
  }
  if (!recent.length) {
    list.replaceChildren(el("li", { class: "none" }, t("noRecent")));
    return;
  }
  const allowed = reprintable();
  list.replaceChildren(...recent.map((ticket) => {
    const status = `st.${ticket.status}`;
    return el("li", { class: "row", dataset: { ticket: ticket.id, code: ticket.code } },
      el("span", { class: "code" }, ticket.code),
      el("span", { class: "what" },
        el("span", { class: "svc" }, serviceName(ticket.service_id)),
        el("span", { class: "when" }, `${timeOfDay(ticket.called_at)} · ${texts.has(status) ? texts.t(status) : ticket.status}`)),
      el("button", {
        type: "button", class: "mini reprint-mini", dataset: { reprint: ticket.id },
        disabled: !allowed,
        title: state.snapshot && !state.snapshot.can_reprint ? t("noPrinter") : t("reprintTitle", { code: ticket.code }),
        onclick: () => reprint(ticket),
      }, t("reprintShort")));
  }));
}

export function wireReprint() {
  $("current-reprint").addEventListener("click", () => {
    const current = state.snapshot && state.snapshot.current;
    if (current) reprint(current);
  });
}
