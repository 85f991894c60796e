// @ts-check
// The kiosk's screens: agencies → services → queue type → ticket (and pairing). Drawing only;
// what a tap does lives in actions.js.
import { $, el } from "/static/js/dom.js";
import { qrSvg } from "/static/js/qr.js";
import { startPairing } from "/static/js/screen.js";
import {
  armIdle, backToAgencies, chooseAgency, chooseService, home, reprintTicket, takeTicket,
} from "./actions.js";
import { openCheckin } from "./booking.js";
import { openingText } from "./opening.js";
import { IDLE_MS, state } from "./state.js";
import { etaText, t, texts, waitText } from "./texts.js";

const app = $("app");

/** The agency's logo, else its badge (distinct in the hall, from the API: domain/badges.py);
 *  a logo file that fails to load (a config.toml name with no file) falls back to the badge.
 *  @param {import("./state.js").Agency} agency */
function agencyMark(agency) {
  const badge = () => el("div", { class: "badge", style: `background: hsl(${hue(agency.short_name)} 55% 38%)` }, agency.badge);
  if (!agency.logo_url) return badge();
  const logo = el("img", { class: "badge logo", src: agency.logo_url, alt: agency.badge });
  logo.addEventListener("error", () => logo.replaceWith(badge()), { once: true });
  return logo;
}

/** A stable, pleasant hue per name, for tiles without a logo. @param {string} name */
function hue(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/** @param {string} name @param {HTMLElement} node */
export function show(name, node) {
  state.screen = name;
  app.replaceChildren(node);
  texts.apply();
  $("lang").textContent = t("toggle");
  node.dataset.screen = name;
}

/** @param {import("./state.js").Service} s */
function serviceName(s) {
  return texts.lang === "en" ? s.name_en : s.name;
}

function agencies() {
  /** @type {Map<string, {agency: import("./state.js").Agency, waiting: number, open: number,
   *   closed: import("./state.js").Service[]}>} */
  const byAgency = new Map();
  for (const s of state.services) {
    const entry = byAgency.get(s.agency.id) || { agency: s.agency, waiting: 0, open: 0, closed: [] };
    entry.waiting += s.waiting;
    entry.open += s.open ? 1 : 0;
    if (!s.open) entry.closed.push(s);
    byAgency.set(s.agency.id, entry);
  }
  return [...byAgency.values()];
}

/** What a tile says under the agency's name: the waiting count while any of its services is
 *  open (and how many are closed), or "Tutup — reason" and when it opens again, muted.
 *  @param {{waiting: number, open: number, closed: import("./state.js").Service[]}} entry */
function tileStatus({ waiting, open, closed }) {
  if (open) {
    return [el("div", { class: "count" }, t("waiting", { n: waiting })),
      closed.length ? el("div", { class: "some-closed" }, t("someClosed", { n: closed.length })) : null];
  }
  const reasons = new Set(closed.map((s) => s.closed_reason));
  const [reason] = reasons;
  const key = `r_${reason}`;
  const because = reasons.size === 1 && texts.has(key)
    ? t("agencyClosedBecause", { reason: texts.t(/** @type {any} */ (key)) }) : t("agencyClosed");
  // a closed hall says when it opens once, in its card; a single agency says it on its tile
  const times = state.hall.open ? closed.map((s) => Date.parse(s.next_open_at || "")).filter(Number.isFinite) : [];
  const opens = times.length ? openingText(new Date(Math.min(...times)).toISOString()) : "";
  return [el("div", { class: "shut" }, because), opens ? el("div", { class: "opens" }, opens) : null];
}

/** The first screen's word when no service takes tickets: why, and when the hall opens. */
function hallClosedCard() {
  const hall = state.hall;
  if (hall.open) return null;
  const reason = texts.lang === "en" ? hall.closed_message_en : hall.closed_message;
  const opens = openingText(hall.next_open_at);
  return el("div", { class: "hall-closed", id: "hall-closed", role: "status" },
    reason ? el("div", { class: "reason" }, reason) : null,
    opens ? el("div", { class: "opens", id: "hall-opens" }, opens) : null);
}

/** @param {string | null} [notice] why the citizen is back here (a service went away) */
export function renderAgencies(notice = null) {
  const tiles = agencies().map(({ agency, waiting, open, closed }) => el("button", {
    class: `tile${open ? "" : " closed"}`, type: "button", dataset: { agency: agency.id },
    onclick: () => chooseAgency(agency.id), // its services say why each is closed
  },
  agencyMark(agency),
  el("div", { class: "name" }, agency.short_name),
  tileStatus({ waiting, open, closed })));
  const shut = !state.hall.open;
  show("agencies", el("section", { class: `screen${shut ? " hall-shut" : ""}` },
    el("div", { class: "head first" },
      el("div", {}, el("h1", {}, t(shut ? "hallClosed" : "chooseAgency")),
        el("p", { class: "lead" }, t(shut ? "hallClosedLead" : "chooseAgencyLead"))),
      el("button", { class: "have-booking", type: "button", id: "have-booking", onclick: openCheckin },
        t("haveBooking"), el("small", {}, t("haveBookingSub")))),
    noticeLine(notice),
    hallClosedCard(),
    el("div", { class: "grid" }, tiles)));
}

/** @param {string | null} [notice] why the citizen is back here (a service went away) */
export function renderServices(notice = null) {
  const services = state.services.filter((s) => s.agency.id === state.agency);
  if (!services.length) return notice ? backToAgencies(notice) : home();
  const agency = services[0].agency;
  const rows = services.map((s) => {
    const reason = texts.lang === "en" ? s.closed_message_en : s.closed_message;
    return el("button", {
      class: `service${s.open ? "" : " closed"}`, type: "button", dataset: { service: s.id },
      "aria-disabled": s.open ? null : "true",
      onclick: () => chooseService(s.id), // a closed one refuses the tap there
    },
    el("div", { class: "prefix" }, s.prefix),
    el("div", {},
      el("div", { class: "title" }, serviceName(s)),
      s.open ? el("div", { class: "sub" }, etaText(s))
        : el("div", { class: "reason" }, `${t("closed")}: ${reason || ""}`)),
    el("div", { class: "wait" }, el("strong", {}, String(s.waiting)), t("waitingLabel")));
  });
  show("services", el("section", { class: "screen" },
    el("div", { class: "head" },
      el("button", { class: "back", type: "button", onclick: home }, t("back")),
      el("div", {}, el("h1", {}, agency.short_name), el("p", { class: "lead" }, t("chooseService")))),
    noticeLine(notice),
    el("div", { class: "list" }, rows)));
  armIdle(IDLE_MS.choose);
}

/** @param {string | null} [message] why the last try failed */
export function renderPriority(message = null) {
  const s = state.services.find((x) => x.id === state.service);
  if (!s) return home();
  /** @param {string | null} kind a priority kind, null for the regular queue @param {string} [cls] */
  const choice = (kind, cls) => el("button", {
    class: `choice ${cls || ""}`, type: "button", dataset: { kind: kind || "regular" },
    onclick: (/** @type {MouseEvent} */ ev) => takeTicket(kind, /** @type {HTMLElement} */ (ev.currentTarget)),
  }, texts.t(/** @type {any} */ (kind || "regular")), el("small", {}, texts.t(/** @type {any} */ (`${kind || "regular"}Sub`))));
  const docs = requirementsList(s);
  show("priority", el("section", { class: "screen" },
    el("div", { class: "head" },
      el("button", { class: "back", type: "button", onclick: () => renderServices() }, t("back")),
      el("div", {}, el("h1", {}, serviceName(s)),
        el("p", { class: "lead" }, t("priorityLead")))),
    message ? el("div", { class: "message", role: "alert" }, message) : null,
    el("div", { class: `priority-body${docs ? " with-requirements" : ""}` },
      docs,
      el("div", { class: "choices" },
        choice(null, "regular"), choice("lansia"), choice("disabilitas"), choice("ibu_hamil")))));
  armIdle(IDLE_MS.choose);
}

/** A short line saying why the screen changed under the citizen's finger. @param {string | null} notice */
function noticeLine(notice) {
  return notice ? el("div", { class: "message notice", role: "alert", id: "notice" }, notice) : null;
}

/** The documents to bring (persyaratan), above the queue choices: nothing when the service
 *  asks for none. The names are the hall's own, shown as they are in both languages.
 *  @param {import("./state.js").Service} s */
function requirementsList(s) {
  const docs = (s.requirements || []).filter((d) => d && d.trim());
  if (!docs.length) return null;
  return el("section", {
    class: `requirements${docs.length > 6 ? " many" : ""}`, id: "requirements",
    "aria-labelledby": "requirements-title", dataset: { count: String(docs.length) },
  },
  el("h2", { id: "requirements-title" }, t("requirementsTitle")),
  el("ul", {}, docs.map((d) => el("li", {}, d))));
}

function printLine() {
  const job = state.print;
  if (job === undefined) return el("div", { class: "print pending" }, t("printing"));
  if (job === null) return el("div", { class: "print none" }, t("noPrinter"));
  if (job.status === "sent") return el("div", { class: "print sent", dataset: { print: "sent" } }, t("printed"));
  if (job.status === "failed" || job.attempts > 0) {
    // the citizen may ask for the ticket again here (their own, for 15 minutes: the server
    // decides, domain/kiosk_reprint.py); a refusal is said under the button
    return el("div", { class: "print-problem" },
      el("div", { class: "print failed", dataset: { print: "failed" } }, t("printFailed")),
      el("button", {
        class: "reprint", type: "button", id: "reprint", disabled: state.reprinting,
        onclick: (/** @type {MouseEvent} */ ev) => reprintTicket(/** @type {HTMLButtonElement} */ (ev.currentTarget)),
      }, t("reprint")),
      state.reprintNote ? el("div", { class: "message", id: "reprint-note", role: "alert" }, state.reprintNote) : null);
  }
  return el("div", { class: "print pending", dataset: { print: "pending" } }, t("printing"));
}

export function renderTicket() {
  const tk = state.ticket;
  const s = state.services.find((x) => x.id === tk.service_id) || { name: "", name_en: "", agency: { name: "" } };
  show("ticket", el("section", { class: "screen ticket" },
    el("div", { class: "card" },
      el("div", {},
        el("div", { class: "label" }, t("yourNumber")),
        el("div", { class: "code", id: "ticket-code" }, tk.code),
        el("div", { class: "svc" }, texts.lang === "en" ? s.name_en : s.name),
        el("div", { class: "agency" }, s.agency.name),
        tk.priority ? el("div", { class: "priority" }, t("priority")) : null,
        tk.booking_code ? el("div", { class: "booked", id: "booked-mark" }, t("booked")) : null,
        el("div", { class: "facts" },
          el("div", {}, el("strong", {}, t("people", { n: tk.people_ahead })), t("ahead")),
          el("div", {}, el("strong", {}, waitText(tk)), t("wait"))),
        el("div", { id: "print-state" }, printLine()),
        el("div", {}, el("button", { class: "done", type: "button", onclick: home }, t("finish")))),
      el("div", { class: "qr" }, qrSvg(tk.track_url), el("span", {}, t("scan"))))));
  // the number stays on screen longer when printing did not work
  armIdle(state.print && state.print.status === "sent" ? IDLE_MS.ticketPrinted : IDLE_MS.ticketProblem);
}

/** The print line of the ticket screen, in place. */
export function renderPrintLine() {
  const holder = document.getElementById("print-state");
  if (holder) holder.replaceChildren(printLine());
}

/** @type {(() => void) | null} */
let stopPairing = null;
export function renderPair() {
  const codeBox = el("div", { class: "pair-code", id: "pair-code" }, "…");
  const qrBox = el("div", { class: "qr" });
  show("pair", el("section", { class: "screen pair" }, el("div", { class: "card" },
    el("h1", {}, t("pairTitle")),
    el("p", {}, t("pairBody")),
    codeBox,
    qrBox,
    el("p", { class: "lead" }, t("pairCli")))));
  if (stopPairing) stopPairing();
  stopPairing = startPairing("kiosk", (code, url) => {
    codeBox.textContent = code;
    qrBox.replaceChildren(qrSvg(url));
  });
}

/** New waiting counts, updated in place: no flicker, and the idle timer keeps running.
 *  @param {Record<string, number>} waiting service id -> people waiting */
export function applyWaiting(waiting) {
  for (const s of state.services) {
    if (waiting[s.id] !== undefined) s.waiting = waiting[s.id];
  }
  if (state.screen === "agencies") {
    for (const { agency, waiting: n } of agencies()) {
      const count = app.querySelector(`[data-agency="${CSS.escape(agency.id)}"] .count`);
      if (count) count.textContent = t("waiting", { n });
    }
  } else if (state.screen === "services") {
    for (const s of state.services) {
      const strong = app.querySelector(`[data-service="${CSS.escape(s.id)}"] .wait strong`);
      if (strong) strong.textContent = String(s.waiting);
    }
  }
}
