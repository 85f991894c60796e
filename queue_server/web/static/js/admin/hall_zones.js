// @ts-check
// The display zones of Situs & layar: a list (a TV shows one zone: the calls of its agencies
// and of the counters named besides) and one editor below it for a new zone or the one
// chosen (#zone-ID in the address). Zones: GET/POST /api/v1/admin/zones, PATCH …/{id}.
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { ListView } from "./list.js";
import { messageOf, notice } from "./shell.js";
import { onLanguage } from "./texts.js";
import { texts } from "./hall_texts.js";

const URL = "/api/v1/admin/zones";

/** @typedef {{id: string, name: string, agencies: string[], counters: string[]}} Zone */
/** @typedef {Zone & {active: boolean}} ZoneRow */
/** @typedef {{id: string, name: string, name_en?: string, short_name: string, active: boolean}} Agency */
/** @typedef {{id: string, name: string, number: number, agency_id: string, active: boolean}} Counter */

export class Zones {
  constructor() {
    /** @type {Zone[]} */
    this.zones = [];
    /** @type {Agency[]} */
    this.agencies = [];
    /** @type {Counter[]} */
    this.counters = [];
    /** @type {ListView<ZoneRow>} */
    this.list = new ListView($("zone-list"), {
      texts,
      columns: [
        { title: "sit.colZone", cell: (z) => [z.name, el("span", { class: "sub" }, el("code", {}, z.id))] },
        { title: "sit.colAgencies", cell: (z) => el("span", { class: "chips" },
          z.agencies.map((id) => el("span", { class: "badge" }, this.agencyShort(id)))) },
        { title: "sit.colCounters", cell: (z) => (z.counters.length
          ? z.counters.map((id) => this.counterName(id)).join(", ") : texts.t("sit.none")) },
      ],
      key: (z) => z.id, name: (z) => z.name,
      href: (z) => `#zone-${encodeURIComponent(z.id)}`,
    });
    $("zone-new").addEventListener("click", () => this.edit(null));
    window.addEventListener("hashchange", () => this.fromAddress());
    onLanguage(() => this.list.render());
  }

  async load() {
    try {
      const [zones, agencies, counters] = await Promise.all([
        api.get(URL), api.get("/api/v1/admin/agencies"), api.get("/api/v1/admin/counters")]);
      this.zones = zones.zones;
      this.agencies = agencies.agencies;
      this.counters = counters.counters;
    } catch (err) {
      notice(texts.t("sit.zonesMissing", { message: messageOf(err) }), "error");
      $("zone-new").hidden = true;
      return;
    }
    this.render();
    this.fromAddress();
  }

  render() {
    this.list.setRows(this.zones.map((z) => ({ active: true, ...z })));
  }

  /** @param {string} id */
  agencyShort(id) {
    const agency = this.agencies.find((a) => a.id === id);
    return agency ? agency.short_name || agency.name : id;
  }

  /** @param {string} id */
  counterName(id) {
    const counter = this.counters.find((c) => c.id === id);
    return counter ? counter.name : id;
  }

  fromAddress() {
    const match = /^#zone-(.+)$/.exec(location.hash);
    if (!match) return;
    const zone = this.zones.find((z) => z.id === decodeURIComponent(match[1]));
    if (zone) this.edit(zone);
  }

  /** Opens the editor on a zone, or on a new one (null).
   *  @param {Zone | null} zone */
  edit(zone) {
    const box = $("zone-editor");
    const node = el("form", { id: "zone-form", autocomplete: "off" });
    const title = el("h3", { id: "zone-form-title" },
      zone ? texts.t("sit.editZone", { name: zone.name }) : texts.t("sit.newZone"));
    const cancel = el("button", { type: "button", class: "secondary", id: "zone-cancel",
      onclick: () => this.close() }, texts.t("sit.cancelZone"));
    box.replaceChildren(title, node);
    const form = new Form(node, [
      { name: "id", type: "text", label: "sit.zoneId", hint: "sit.zoneIdHint", createOnly: true, required: true, attrs: { maxlength: 40, spellcheck: false } },
      { name: "name", type: "text", label: "sit.zoneName", required: true, wide: true, attrs: { maxlength: 120 } },
      { name: "agencies", type: "checkboxes", label: "sit.zoneAgencies", options: () => this.agencies
        .filter((a) => a.active || zone?.agencies.includes(a.id))
        .map((a) => ({ value: a.id, label: a.short_name || a.id })) },
      { name: "counters", type: "checkboxes", label: "sit.zoneCounters", hint: "sit.zoneCountersHint", options: () => this.counters
        .filter((c) => c.active || zone?.counters.includes(c.id))
        .sort((a, b) => a.number - b.number)
        .map((c) => ({ value: c.id, label: c.name, group: this.agencyShort(c.agency_id) })) },
    ], {
      texts, create: !zone,
      save: async (body) => (zone
        ? await api.patch(`${URL}/${encodeURIComponent(zone.id)}`, body)
        : await api.post(URL, body)).zone,
    });
    node.querySelector(".form-buttons")?.append(cancel);
    // the site form beside it has fields of the same names: keep every id unique
    for (const [name, control] of form.controls) {
      const label = node.querySelector(`label[for="${control.id}"]`);
      control.id = `zone-${name}`;
      label?.setAttribute("for", control.id);
    }
    form.fill(zone || { id: "", name: "", agencies: [], counters: [] });
    form.onSaved = (saved) => {
      this.zones = zone ? this.zones.map((z) => (z.id === zone.id ? saved : z)) : [...this.zones, saved];
      this.render();
      notice(texts.t("sit.zoneSaved", { name: saved.name }), "ok");
      this.close();
    };
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
    /** @type {HTMLInputElement | null} */ (node.querySelector(zone ? "input[name=name]" : "input[name=id]"))?.focus();
  }

  close() {
    $("zone-editor").hidden = true;
    $("zone-editor").replaceChildren();
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }
}
