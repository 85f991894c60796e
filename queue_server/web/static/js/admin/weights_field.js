// @ts-check
// The services of a counter with their weights (form.js custom field): a checkbox and a
// weight per service of the hall, grouped by agency, the counter's own agency first; the
// value is {service_id: weight}. Each row is data-field="services.<id>" for the API's error.
import { el } from "../dom.js";
import { FieldError, fieldBox } from "./form.js";
import { localName } from "./lookups.js";
import { common, onLanguage } from "./texts.js";
import { texts } from "./counter_texts.js";

/** @typedef {import("./lookups.js").ServiceConfig} ServiceConfig */
/** @typedef {import("./shell.js").Agency} Agency */

/** @param {ServiceConfig[]} services @param {Agency[]} agencies
 *  @param {() => string} ownAgency the agency chosen in the form (its group comes first) */
export function weightsField(services, agencies, ownAgency) {
  /** @type {Map<string, {box: HTMLInputElement, weight: HTMLInputElement, row: HTMLElement}>} */
  const rows = new Map();
  const groups = el("div", { class: "weights" });
  const search = el("input", { type: "search", class: "weights-search", id: "weights-search",
    dataset: { tPlaceholder: "filterServices" }, placeholder: texts.t("filterServices") });
  const order = new Map(agencies.map((a, i) => [a.id, i]));

  for (const s of services) {
    const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: `svc-${s.id}`, value: s.id }));
    const weight = /** @type {HTMLInputElement} */ (el("input", { class: "weight", id: `weight-${s.id}`, inputmode: "decimal",
      autocomplete: "off", value: "1", "aria-label": `${texts.t("weight")} ${s.name}` }));
    const name = el("span", { class: "svc-name" });
    const row = fieldBox(`services.${s.id}`, null,
      el("div", { class: `weight-row${s.active ? "" : " inactive"}` },
        el("label", { class: "check", for: box.id }, box, el("span", { class: "badge prefix" }, s.prefix), name),
        el("label", { class: "weight-label", for: weight.id }, el("span", { dataset: { t: "weight" } }, texts.t("weight")), weight)));
    box.addEventListener("change", () => { weight.disabled = !box.checked; row.classList.toggle("on", box.checked); });
    rows.set(s.id, { box, weight, row });
  }

  function render() {
    const byAgency = new Map();
    for (const s of services) {
      const list = byAgency.get(s.agency_id) || [];
      list.push(s);
      byAgency.set(s.agency_id, list);
      const name = rows.get(s.id).row.querySelector(".svc-name");
      name.textContent = s.active ? localName(s) : `${localName(s)} (${common.t("list.inactive")})`;
    }
    const own = ownAgency();
    const ids = [...byAgency.keys()].sort((a, b) => (a === own ? -1 : b === own ? 1 : (order.get(a) ?? 999) - (order.get(b) ?? 999)));
    groups.replaceChildren(...ids.map((id) => {
      const agency = agencies.find((a) => a.id === id);
      return el("fieldset", { class: "weight-group", dataset: { agency: id } },
        el("legend", {}, agency ? `${agency.short_name} — ${localName(agency)}` : id),
        byAgency.get(id).map((/** @type {ServiceConfig} */ s) => rows.get(s.id).row));
    }));
    if (!services.length) groups.append(el("p", { class: "muted" }, texts.t("noServices")));
    filter();
  }

  function filter() {
    const words = String(search.value).toLowerCase().split(/\s+/).filter(Boolean);
    for (const { row } of rows.values()) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((w) => text.includes(w));
    }
  }
  search.addEventListener("input", filter);
  onLanguage(render);
  render();

  return {
    node: el("div", { class: "weights-field" },
      el("p", { class: "hint", dataset: { t: "fServicesHint" } }, texts.t("fServicesHint")), search, groups),
    /** Regroups when the counter's agency changes. */
    render,
    read() {
      /** @type {Record<string, number>} */
      const out = {};
      for (const [id, { box, weight }] of rows) {
        if (!box.checked) continue;
        const text = weight.value.trim().replace(",", ".");
        if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) throw new FieldError(`services.${id}`, common.t("form.number"));
        out[id] = Number(text);
      }
      return out;
    },
    /** @param {Record<string, number> | undefined} value */
    write(value) {
      for (const [id, { box, weight, row }] of rows) {
        const has = value ? Object.prototype.hasOwnProperty.call(value, id) : false;
        box.checked = has;
        weight.value = has ? String(value[id]) : "1";
        weight.disabled = !has;
        row.classList.toggle("on", has);
      }
    },
  };
}
