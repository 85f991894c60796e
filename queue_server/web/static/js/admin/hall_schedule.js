// @ts-check
// Jadwal: the weekly hours (one line a day; "tutup"/"closed" for a closed day), the holidays
// (hall_holidays.js) and the next closed days. Every save is a PUT of the whole schedule
// {hours, holidays}: the part being saved with the rest as the server last gave it.
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { start } from "./shell.js";
import { onLanguage } from "./texts.js";
import { texts } from "./hall_texts.js";
import { Holidays, formatDay } from "./hall_holidays.js";

const URL = "/api/v1/admin/schedule";
const DAYS = /** @type {const} */ (["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);

/** @typedef {import("./hall_holidays.js").Holiday} Holiday */
/** @typedef {{hours: Record<string, string>, holidays: Holiday[],
 *    next_closed?: {date: string, name: string, reason: string}[]}} Schedule */

/** @type {Schedule} */
let saved = { hours: {}, holidays: [] };

/** The API's "closed" as the page writes it ("tutup" in Bahasa Indonesia), and back.
 *  @param {string} value */
function shownHours(value) {
  return value === "closed" ? texts.t("sch.closed") : value;
}

/** @param {string} value */
function apiHours(value) {
  return /^(tutup|closed)$/i.test(value.trim()) ? "closed" : value.trim();
}

/** @param {Schedule} schedule */
function hoursEntity(schedule) {
  return Object.fromEntries(DAYS.map((d) => [`hours.${d}`, shownHours(schedule.hours[d] ?? "closed")]));
}

/** @param {Record<string, any>} body @returns {Promise<Schedule>} */
async function put(body) {
  const answer = await api.put(URL, { hours: saved.hours, holidays: saved.holidays, ...body });
  // the answer is the schedule as stored; next_closed is only in a GET when it is missing
  saved = answer && answer.next_closed ? answer : await api.get(URL);
  renderNextClosed();
  return saved;
}

function renderNextClosed() {
  const list = $("next-closed");
  const days = saved.next_closed || [];
  list.replaceChildren(...days.map((d) => el("li", { dataset: { date: d.date } },
    el("span", { class: "when" }, formatDay(d.date)),
    el("span", { class: "what" }, d.name || reasonLabel(d.reason)),
    d.name ? el("span", { class: "badge" }, reasonLabel(d.reason)) : null)));
  if (!days.length) list.append(el("li", { class: "muted" }, texts.t("sch.nextNone")));
}

/** @param {string} reason */
function reasonLabel(reason) {
  const key = `sch.reason.${reason}`;
  return texts.has(key) ? texts.t(key) : reason;
}

start(async () => {
  saved = await api.get(URL);
  const form = new Form($("hours-form"), DAYS.map((day) => ({
    name: `hours.${day}`, type: /** @type {const} */ ("text"), label: `day.${day}`, required: true,
    hint: day === "friday" ? "sch.fridayHint" : undefined,
    attrs: { maxlength: 120, spellcheck: false, placeholder: "08:00-12:00, 13:00-16:00" },
  })), {
    texts, create: false,
    save: async (body) => {
      const hours = { ...saved.hours };
      for (const [key, value] of Object.entries(body)) hours[key.slice("hours.".length)] = apiHours(String(value));
      return hoursEntity(await put({ hours }));
    },
  });
  form.fill(hoursEntity(saved));
  $("hours-form").hidden = false;

  const holidays = new Holidays(async (list) => (await put({ holidays: list })).holidays);
  holidays.set(saved.holidays);
  renderNextClosed();
  onLanguage(() => {
    renderNextClosed();
    // a closed day follows the language unless the admin is editing it
    for (const day of DAYS) {
      const input = /** @type {HTMLInputElement} */ ($(`f-hours-${day}`));
      if (/^(tutup|closed)$/i.test(input.value)) input.value = texts.t("sch.closed");
    }
    form.original = hoursEntity(saved);
  });
});
