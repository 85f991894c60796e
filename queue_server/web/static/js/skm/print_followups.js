// @ts-check
// Section 6 of the printed SKM report: the follow-up plan (rencana tindak lanjut) of the
// period as GET /api/v1/skm/followups lists it, with the share done and the mean days to
// done that PEKPPP asks for; a period without a plan yet gets the heading and empty rows,
// one per unsur, to fill in by hand.
import { el } from "../dom.js";
import { longDate, num, pct } from "../reports/format.js";

/** @typedef {{element: string, action: string, owner: string, due_date: string,
 *   status: "planned" | "in_progress" | "done", done_date: string | null}} Followup */
/** @typedef {{followups: Followup[], figures: {actions: number, done: number,
 *   followed_up_pct: number | null, mean_days_to_follow_up: number | null}}} Plan */

const CODES = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];

/** @param {HTMLTableElement} table @param {Plan | null} plan
 *  @param {import("../texts.js").Texts<any>} texts */
export function followupRows(table, plan, texts) {
  const t = (/** @type {string} */ key, /** @type {any} */ values) => texts.t(key, values);
  const actions = plan?.followups || [];
  const head = el("thead", {}, el("tr", {}, ["sp.f.element", "sp.f.action", "sp.f.owner", "sp.f.due",
    "sp.f.status"].map((key) => el("th", {}, t(key)))));
  const body = actions.length
    ? actions.map((a) => el("tr", {}, el("td", {}, a.element), el("td", {}, a.action),
      el("td", {}, a.owner), el("td", {}, a.due_date ? longDate(a.due_date) : ""),
      el("td", {}, [t(`sp.s.${a.status}`), a.done_date ? ` (${longDate(a.done_date)})` : ""].join(""))))
    : CODES.map((code) => el("tr", {}, el("td", {}, code), el("td", {}), el("td", {}), el("td", {}), el("td", {})));
  const figures = plan?.figures;
  const foot = el("tfoot", {}, el("tr", {}, el("td", { colspan: 5 }, actions.length && figures
    ? t("sp.f.figures", { share: pct(figures.followed_up_pct), days: num(figures.mean_days_to_follow_up, 1) })
    : t("sp.f.byHand"))));
  table.classList.toggle("fill", !actions.length);
  table.replaceChildren(head, el("tbody", {}, body), foot);
}
