// @ts-check
// A service's opening hours in a form (form.js custom field): "Ikuti jam situs" → `null`,
// else seven day boxes ("08:00-12:00, 13:00-15:00" or "tutup"/"closed" → "closed"), each
// marked data-field="hours.<day>" so the API's error lands at the day it names.
import { el } from "../dom.js";
import { fieldBox } from "./form.js";
import { onLanguage } from "./texts.js";
import { texts } from "./service_texts.js";

export const DAYS = /** @type {const} */ (["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
const CLOSED = /^(tutup|closed|libur)$/i;

/** @param {Record<string, string> | null} siteHours the hall's own week, to start from
 *  @returns {import("./form.js").CustomField} */
export function hoursField(siteHours) {
  const follow = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: "hours-follow" }));
  /** @type {Record<string, HTMLInputElement>} */
  const inputs = {};
  const days = DAYS.map((day) => {
    const input = /** @type {HTMLInputElement} */ (el("input", { id: `hours-${day}`, autocomplete: "off", spellcheck: "false" }));
    inputs[day] = input;
    return fieldBox(`hours.${day}`, el("label", { for: input.id, dataset: { t: `day.${day}` } }, texts.t(/** @type {any} */ (`day.${day}`))), input);
  });
  const grid = el("div", { class: "hours-days" }, days);
  /** @param {string} value */
  const shown = (value) => (value === "closed" ? texts.t("closedWord") : value);
  /** @param {Record<string, string> | null} week */
  const show = (week) => { for (const day of DAYS) inputs[day].value = week ? shown(week[day] || "closed") : ""; };
  const sync = () => {
    for (const day of DAYS) inputs[day].disabled = follow.checked;
    grid.classList.toggle("following", follow.checked);
  };
  follow.addEventListener("change", () => {
    if (follow.checked) show(siteHours);
    else if (DAYS.every((d) => !inputs[d].value)) show(siteHours);
    sync();
  });
  onLanguage(() => {
    for (const day of DAYS) if (CLOSED.test(inputs[day].value.trim())) inputs[day].value = texts.t("closedWord");
  });
  const node = el("div", { class: "hours-field" },
    el("label", { class: "check" }, follow, el("span", { dataset: { t: "followSite" } }, texts.t("followSite"))),
    el("p", { class: "hint", dataset: { t: "followSiteHint" } }, texts.t("followSiteHint")),
    grid,
    el("p", { class: "hint", dataset: { t: "hoursHint" } }, texts.t("hoursHint")));
  return {
    node,
    read() {
      if (follow.checked) return null;
      /** @type {Record<string, string>} */
      const week = {};
      for (const day of DAYS) {
        const text = inputs[day].value.trim();
        week[day] = CLOSED.test(text) ? "closed" : text;
      }
      return week;
    },
    write(value) {
      follow.checked = value === null || value === undefined;
      show(follow.checked ? siteHours : value);
      sync();
    },
  };
}
