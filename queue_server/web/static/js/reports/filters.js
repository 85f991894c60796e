// @ts-check
// The period and agency/service filters of the pages that read a range of local days
// (/reports and /skm): a preset counted from the site's today or chosen dates, an agency and
// one of its services. They live in the address (?range&from&to&agency_id&service_id) so a
// reload or a shared link shows the same. The form is templates/reports/filters.html (ids
// rep-range, rep-from, rep-to, rep-agency, rep-service); the page adds its own fields.
import { $, el } from "../dom.js";
import { page } from "../admin/shell.js";
import { currentLang } from "../admin/texts.js";
import { texts } from "./texts.js";
import { presetRange } from "./format.js";

/** @typedef {{id: string, agency_id: string, name: string, name_en: string}} ServiceChoice */
/** @typedef {{from: string, to: string, agency_id: string, service_id: string}} Filters */

const control = (/** @type {string} */ id) => /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($(id)));

export class PeriodFilters {
  /** @param {string} today the site's local day @param {ServiceChoice[]} services
   *  @param {string} [preset] the range shown when the address names none */
  constructor(today, services, preset = "week") {
    this.today = today;
    this.services = services;
    this.preset = preset;
    this.range = preset;
    this.from = today;
    this.to = today;
    this.agency_id = "";
    this.service_id = "";
  }

  /** @returns {Filters} */
  get value() {
    return { from: this.from, to: this.to, agency_id: this.agency_id, service_id: this.service_id };
  }

  /** @param {URLSearchParams} query */
  read(query) {
    const range = query.get("range") || (query.get("from") ? "custom" : this.preset);
    this.range = presetRange(range, this.today) || range === "custom" ? range : this.preset;
    const preset = presetRange(this.range, this.today);
    this.from = preset ? preset.from : query.get("from") || this.today;
    this.to = preset ? preset.to : query.get("to") || this.today;
    this.agency_id = query.get("agency_id") || "";
    this.service_id = query.get("service_id") || "";
  }

  /** Adds the filters to `query` (custom dates only when no preset names them).
   *  @param {URLSearchParams} query */
  write(query) {
    query.set("range", this.range);
    if (this.range === "custom") { query.set("from", this.from); query.set("to", this.to); }
    if (this.agency_id) query.set("agency_id", this.agency_id);
    if (this.service_id) query.set("service_id", this.service_id);
    return query;
  }

  /** The agency choices (the shell's agencies this person works within) and the services of
   *  the chosen agency, in the page's language; a service of another agency is dropped. */
  fillChoices() {
    const en = currentLang() === "en";
    control("rep-agency").replaceChildren(el("option", { value: "" }, texts.t("rep.allAgencies")),
      ...page.agencies.map((/** @type {any} */ a) => el("option", { value: a.id }, en ? a.name_en : a.name)));
    const shown = this.services.filter((s) => !this.agency_id || s.agency_id === this.agency_id);
    if (!shown.some((s) => s.id === this.service_id)) this.service_id = "";
    control("rep-service").replaceChildren(el("option", { value: "" }, texts.t("rep.allServices")),
      ...shown.map((s) => el("option", { value: s.id }, en ? s.name_en : s.name)));
    this.writeForm();
  }

  writeForm() {
    control("rep-range").value = this.range;
    $("rep-from").value = this.from;
    $("rep-to").value = this.to;
    control("rep-agency").value = this.agency_id;
    control("rep-service").value = this.service_id;
  }

  /** Calls `changed` after each choice the person makes in the form.
   *  @param {() => void} changed */
  listen(changed) {
    $("rep-range").addEventListener("change", () => {
      this.range = control("rep-range").value;
      const preset = presetRange(this.range, this.today);
      if (preset) Object.assign(this, preset);
      this.writeForm();
      changed();
    });
    for (const id of ["rep-from", "rep-to"]) {
      $(id).addEventListener("change", () => {
        this.range = "custom";
        this.from = String($("rep-from").value || this.today);
        this.to = String($("rep-to").value || this.today);
        this.writeForm();
        changed();
      });
    }
    $("rep-agency").addEventListener("change", () => {
      this.agency_id = control("rep-agency").value;
      this.fillChoices();
      changed();
    });
    $("rep-service").addEventListener("change", () => {
      this.service_id = control("rep-service").value;
      changed();
    });
  }
}

/** The filters' problem under the form (the pages' #rep-error), its field marked; null
 *  clears it. Reports and SKM share the form, so they share this too.
 *  @param {string | null} message @param {string | null} [field] */
export function showError(message, field = null) {
  for (const box of $("rep-filters").querySelectorAll(".field")) box.classList.remove("invalid");
  $("rep-error").textContent = message || "";
  $("rep-error").hidden = !message;
  if (message && field) $("rep-filters").querySelector(`[data-field="${field}"]`)?.classList.add("invalid");
}
