// @ts-check
// Log audit: the events of the chosen local days, actor and type, newest first, 50 at a time
// ("Muat lebih banyak" follows next_cursor). The filters live in the address (?from&to&actor
// &type) so a reload or a shared link shows the same. Admin changes show before → after.
import { $, el } from "../dom.js";
import { api, ApiError } from "./api.js";
import { messageOf, start } from "./shell.js";
import { currentLang, onLanguage } from "./texts.js";
import { texts } from "./hall_texts.js";
import {
  EVENT_GROUPS, actorQuery, changedFields, isAdminChange, isKnownType, localParts, splitActor,
  summary, typeLabel,
} from "./hall_audit_format.js";

/** @typedef {import("./hall_audit_format.js").AuditEvent} AuditEvent */
/** @typedef {{from: string, to: string, actor: string, type: string}} Filters */

const { today, zone } = JSON.parse($("audit-data").textContent || "{}");
const state = {
  /** @type {AuditEvent[]} */ events: [],
  /** @type {string | null} */ cursor: null,
  loading: false,
  /** @type {Filters} */ filters: { from: "", to: "", actor: "", type: "" },
};

/** @param {string} day @param {number} delta */
function shiftDay(day, delta) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

/** The last seven local days, unless the address says otherwise. @returns {Filters} */
function filtersFromAddress() {
  const query = new URLSearchParams(location.search);
  return { from: query.get("from") || shiftDay(today, -6), to: query.get("to") || today,
    actor: query.get("actor") || "", type: query.get("type") || "" };
}

function writeFilters() {
  const { from, to, actor, type } = state.filters;
  $("audit-from").value = from;
  $("audit-to").value = to;
  $("audit-actor").value = actor.startsWith("user:") ? actor.slice(5) : actor;
  fillTypes(type);
}

/** @param {string} chosen */
function fillTypes(chosen) {
  const lang = currentLang();
  const select = /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($("audit-type")));
  const groups = EVENT_GROUPS.map((g) => el("optgroup", { label: lang === "en" ? g.en : g.id },
    Object.keys(g.types).map((type) => el("option", { value: type }, typeLabel(type, lang)))));
  const unknown = chosen && !isKnownType(chosen) ? el("option", { value: chosen }, chosen) : null;
  select.replaceChildren(el("option", { value: "" }, texts.t("aud.allTypes")), unknown, ...groups);
  select.value = chosen;
}

/** @returns {Filters} */
function readFilters() {
  return { from: String($("audit-from").value || ""), to: String($("audit-to").value || ""),
    actor: actorQuery(String($("audit-actor").value || "")), type: String($("audit-type").value || "") };
}

/** @param {string | null} message @param {string | null} [field] */
function showError(message, field = null) {
  for (const box of $("audit-filters").querySelectorAll(".field")) box.classList.remove("invalid");
  $("audit-error").textContent = message || "";
  $("audit-error").hidden = !message;
  if (message && field) $("audit-filters").querySelector(`[data-field="${field}"]`)?.classList.add("invalid");
}

let request = 0;  // a newer filter supersedes a page still loading for the old one

/** @param {boolean} more */
async function load(more) {
  if (more && state.loading) return;
  const mine = ++request;
  state.loading = true;
  document.body.dataset.loading = "1";
  $("audit-more").disabled = true;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value) query.set(key, value);
  if (more && state.cursor) query.set("cursor", state.cursor);
  try {
    const page = await api.get(`/api/v1/admin/audit?${query}`);
    if (mine !== request) return;
    showError(null);
    state.events = more ? [...state.events, ...page.events] : page.events;
    state.cursor = page.next_cursor;
    if (!more) $("audit").querySelector("tbody").replaceChildren();
    $("audit").querySelector("tbody").append(...page.events.map(row));
    renderFoot();
    fillActors();
  } catch (err) {
    if (mine === request) showError(messageOf(err), err instanceof ApiError ? err.field : null);
  } finally {
    if (mine === request) {
      state.loading = false;
      $("audit-more").disabled = false;
      document.body.dataset.loading = "0";
    }
  }
}

function renderFoot() {
  $("audit-col-time").textContent = texts.t("aud.colTime", { zone });
  const n = state.events.length;
  $("audit-more").hidden = !state.cursor;
  $("audit-count").textContent = n ? `${texts.t("aud.shown", { n })}${state.cursor ? "" : ` · ${texts.t("aud.end")}`}` : "";
  $("audit-empty").hidden = n > 0;
  $("audit-empty").textContent = texts.t("aud.none");
}

function fillActors() {
  const seen = [...new Set(state.events.map((e) => e.actor))].sort();
  $("audit-actors").replaceChildren(...seen.map((a) => el("option", { value: a.startsWith("user:") ? a.slice(5) : a })));
}

/** @param {AuditEvent} event */
function row(event) {
  const lang = currentLang();
  const { day, time } = localParts(event.at);
  const who = splitActor(event.actor);
  const kindKey = `aud.kind.${who.kind}`;
  const admin = isAdminChange(event);
  return el("tr", { class: admin ? "admin-change" : "", dataset: { id: event.id, type: event.type } },
    el("td", { class: "time" }, time, el("span", { class: "day" }, day)),
    el("td", { class: "actor" },
      el("button", { type: "button", title: texts.t("aud.filterActor", { actor: event.actor }),
        onclick: () => filterOn({ ...state.filters, actor: event.actor }) }, who.name),
      who.kind && texts.has(kindKey) && texts.t(kindKey) ? el("span", { class: "kind" }, texts.t(kindKey)) : null),
    el("td", { class: "type" }, typeLabel(event.type, lang),
      isKnownType(event.type) ? el("span", { class: "raw" }, event.type) : null),
    el("td", { class: "what" }, event.ticket_code ? el("strong", {}, event.ticket_code) : null,
      event.ticket_code && event.counter_id ? " · " : null,
      event.counter_id ? el("span", {}, event.counter_id) : null),
    el("td", { class: "detail" }, admin ? diff(event) : summary(event, lang)));
}

const LIST_SHOWN = 4;  // items of a changed list (holidays) shown before "and N more"

/** The changed fields of an admin change, before → after (a creation: its values).
 *  @param {AuditEvent} event */
function diff(event) {
  const data = event.data || {};
  const created = !data.before;
  return [
    el("div", { class: "entity" }, el("code", {}, data.entity), " ", String(data.id ?? ""),
      created ? [" ", el("span", { class: "badge" }, texts.t("aud.created"))] : null),
    el("ul", { class: "diff" }, changedFields(event, currentLang()).map((c) => el("li", { dataset: { field: c.field } },
      el("span", { class: "field-name" }, c.field),
      c.added || c.removed
        ? el("span", { class: "values items" }, items(c.removed || [], "before", "−"), items(c.added || [], "after", "+"))
        : el("span", { class: "values" },
          created ? null : [el("span", { class: "before" }, c.before || "—"), el("span", { class: "arrow" }, "→")],
          el("span", { class: "after" }, c.after || "—"))))),
  ];
}

/** Items added to or removed from a list, the first few and how many more.
 *  @param {string[]} lines @param {"before" | "after"} kind @param {string} sign */
function items(lines, kind, sign) {
  if (!lines.length) return null;
  const rest = lines.length - LIST_SHOWN;
  return [
    ...lines.slice(0, rest > 1 ? LIST_SHOWN : lines.length).map((line) => el("span", { class: `item ${kind}` }, `${sign} ${line}`)),
    rest > 1 ? el("span", { class: "item more muted" }, texts.t("aud.moreItems", { n: rest })) : null,
  ];
}

/** @param {Filters} filters */
function filterOn(filters) {
  state.filters = filters;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  history.replaceState(null, "", `${location.pathname}?${query}`);
  writeFilters();
  load(false);
}

start(async () => {
  state.filters = filtersFromAddress();
  writeFilters();
  $("audit-filters").addEventListener("submit", (event) => { event.preventDefault(); filterOn(readFilters()); });
  $("audit-reset").addEventListener("click", () => filterOn({ from: shiftDay(today, -6), to: today, actor: "", type: "" }));
  $("audit-more").addEventListener("click", () => load(true));
  onLanguage(() => {
    fillTypes(String($("audit-type").value || ""));
    $("audit").querySelector("tbody").replaceChildren(...state.events.map(row));
    renderFoot();
  });
  await load(false);
});
