// @ts-check
// A form from a small description of its fields: typed values out (numbers, empty → null,
// one-per-line → list), the API's refusal shown in Indonesian at the field it names, the
// save button disabled while saving and "Tersimpan" after.
//
//   import { Form } from "./form.js";
//   const form = new Form($("agency-form"), [
//     { name: "id", type: "text", label: "fId", createOnly: true, attrs: { maxlength: 40 } },
//     { name: "name", type: "text", label: "fName", wide: true },
//     { name: "daily_quota", type: "integer", label: "fQuota", hint: "fQuotaHint" },  // "" → null
//     { name: "requirements", type: "lines", label: "fDocs" },                      // → [str]
//     { name: "agency_id", type: "select", label: "fAgency", options: () => [{ value, label }] },
//     { name: "agencies", type: "checkboxes", options: () => [{ value, label, group }] },
//     { name: "hours", type: "custom", custom: hoursField() },   // see CustomField
//   ], { texts, create: !id, save: async (body) => (await api.post(url, body)).agency });
//   form.fill(entity);          // the values to edit; later saves send only what changed
//   form.onSaved = (entity) => { ... };   // e.g. go to the new thing's page with ?saved=1
//   form.showSaved();           // "Tersimpan" (the page a creation led to shows it too)
// `label` / `hint` are keys of the page's texts (defineTexts), so the language toggle
// relabels them. Errors: each of an ApiError's `problems` (or its one `field`) named
// "hours.friday", "hours[friday]" or "services.ktp-el" lands in the box marked data-field with that name, else in the nearest
// parent name ("services"), else above the save button. A custom field builds its boxes with
// `fieldBox(name, label, control)` and throws `new FieldError(name, message)` from read().
import { el } from "../dom.js";
import { ApiError } from "./api.js";
import { common, onLanguage } from "./texts.js";

/** @typedef {{value: string, label: string, group?: string}} Option */
/** @typedef {{node: HTMLElement, read: () => any, write: (value: any) => void}} CustomField */
/** @typedef {{
 *   name: string,
 *   type: "text" | "integer" | "number" | "textarea" | "lines" | "select" | "checkbox" | "checkboxes" | "custom" | "section",
 *   label?: string, hint?: string, required?: boolean, wide?: boolean, createOnly?: boolean,
 *   attrs?: Record<string, string | number | boolean>, options?: () => Option[],
 *   custom?: CustomField,
 * }} Field */
/** @typedef {import("../texts.js").Texts<any>} AnyTexts */

export class FieldError extends Error {
  /** @param {string} field @param {string} message */
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** A labelled box for one field, where its error message goes.
 *  @param {string} name @param {HTMLElement | null} label @param {...HTMLElement} controls */
export function fieldBox(name, label, ...controls) {
  return el("div", { class: "field", dataset: { field: name } }, label, ...controls,
    el("p", { class: "field-error", role: "alert", hidden: true }));
}

/** "hours[friday]" → "hours.friday"; "requirements[2]" → "requirements.2".
 *  @param {string} field */
function dotted(field) {
  return field.replace(/\[([^\]]*)\]/g, ".$1").replace(/^\./, "");
}

/** @param {string} text @param {string} name */
function integer(text, name) {
  const value = text.trim();
  if (value === "") return null;
  if (!/^-?\d+$/.test(value)) throw new FieldError(name, common.t("form.integer"));
  return Number(value);
}

/** @param {string} text @param {string} name */
function decimal(text, name) {
  const value = text.trim().replace(",", ".");
  if (value === "") return null;
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new FieldError(name, common.t("form.number"));
  return Number(value);
}

export class Form {
  /** @param {HTMLFormElement | HTMLElement} root
   *  @param {Field[]} fields
   *  @param {{texts: AnyTexts, create: boolean, save: (body: Record<string, any>) => Promise<any>,
   *           submitLabel?: string}} options */
  constructor(root, fields, options) {
    this.root = /** @type {HTMLFormElement} */ (root);
    this.fields = fields;
    this.texts = options.texts;
    this.create = options.create;
    this.save = options.save;
    /** @type {Record<string, any>} */
    this.original = {};
    /** @type {(entity: any) => void} */
    this.onSaved = () => {};
    /** @type {Map<string, HTMLElement>} controls by field name */
    this.controls = new Map();
    this.root.noValidate = true;  // the API judges; its messages are the ones shown
    this.grid = el("div", { class: "form-grid" });
    this.button = el("button", { type: "submit", class: "primary", id: "save" });
    this.status = el("span", { class: "form-status", role: "status" });
    this.formError = el("p", { class: "field-error form-error", role: "alert", hidden: true });
    this.submitKey = options.submitLabel || (this.create ? "form.create" : "form.save");
    this.root.replaceChildren(this.grid,
      el("div", { class: "form-foot" }, this.formError, el("div", { class: "form-buttons" }, this.button, this.status)));
    for (const field of fields) this.grid.append(this.build(field));
    this.relabel();
    this.root.addEventListener("submit", (event) => { event.preventDefault(); this.submit(); });
    this.root.addEventListener("input", () => { this.status.textContent = ""; });
    onLanguage(() => this.relabel());
  }

  /** @param {Field} field */
  build(field) {
    const { name, type } = field;
    if (type === "section") {
      return el("h2", { class: "form-section", dataset: { t: field.label } }, this.label(field.label));
    }
    const id = `f-${name.replace(/[^\w-]/g, "-")}`;
    const label = field.label ? el("label", { for: id, dataset: { t: field.label } }, this.label(field.label)) : null;
    /** @type {HTMLElement} */
    let control;
    if (type === "custom" && field.custom) {
      control = field.custom.node;
    } else if (type === "textarea" || type === "lines") {
      control = el("textarea", { id, name, rows: 5, ...field.attrs });
    } else if (type === "select") {
      control = el("select", { id, name, ...field.attrs });
    } else if (type === "checkbox") {
      control = el("input", { id, name, type: "checkbox", ...field.attrs });
    } else if (type === "checkboxes") {
      control = el("div", { id, class: "checks", role: "group" });
    } else {
      const numeric = type === "integer" || type === "number";
      control = el("input", { id, name, type: "text", inputmode: numeric ? (type === "integer" ? "numeric" : "decimal") : null,
        autocomplete: "off", spellcheck: numeric ? "false" : null, ...field.attrs });
    }
    this.controls.set(name, control);
    const hint = field.hint ? el("p", { class: "hint", dataset: { t: field.hint } }, this.label(field.hint)) : null;
    const box = type === "checkbox"
      ? fieldBox(name, el("label", { class: "check" }, control, label ? el("span", { dataset: { t: field.label } }, this.label(field.label)) : null), ...(hint ? [hint] : []))
      : fieldBox(name, label, control, ...(hint ? [hint] : []));
    if (field.wide || type === "lines" || type === "textarea" || type === "checkboxes" || type === "custom") {
      box.classList.add("wide");
    }
    return box;
  }

  /** @param {string | undefined} key */
  label(key) {
    return key ? (this.texts.has(key) ? this.texts.t(key) : key) : "";
  }

  relabel() {
    this.button.textContent = common.t(/** @type {any} */ (this.submitKey));
    for (const field of this.fields) {
      if (field.type === "select" || field.type === "checkboxes") this.fillOptions(field);
    }
  }

  /** (Re)builds the choices of a select or a group of checkboxes, keeping what is chosen.
   *  @param {Field} field */
  fillOptions(field) {
    const control = this.controls.get(field.name);
    if (!control || !field.options) return;
    const chosen = this.readField(field, true);
    const options = field.options();
    if (field.type === "select") {
      control.replaceChildren(...options.map((o) => el("option", { value: o.value }, o.label)));
    } else {
      /** @type {Map<string, HTMLElement>} */
      const groups = new Map();
      const nodes = [];
      for (const o of options) {
        const box = el("label", { class: "check" },
          el("input", { type: "checkbox", value: o.value, name: field.name }), el("span", {}, o.label));
        if (o.group === undefined) { nodes.push(box); continue; }
        let group = groups.get(o.group);
        if (!group) {
          group = el("fieldset", { class: "check-group" }, el("legend", {}, o.group));
          groups.set(o.group, group);
          nodes.push(group);
        }
        group.append(box);
      }
      control.replaceChildren(...nodes);
      if (!options.length) control.append(el("p", { class: "muted small" }, "—"));
    }
    this.writeField(field, chosen);
  }

  /** @param {Record<string, any>} entity */
  fill(entity) {
    this.original = structuredClone(entity);
    for (const field of this.fields) {
      if (field.type === "section") continue;
      this.writeField(field, entity[field.name]);
      const control = this.controls.get(field.name);
      if (field.createOnly && control) control.toggleAttribute("readonly", !this.create);
    }
  }

  /** @param {Field} field @param {any} value */
  writeField(field, value) {
    const control = /** @type {any} */ (this.controls.get(field.name));
    if (!control) return;
    switch (field.type) {
      case "custom": field.custom?.write(value); break;
      case "checkbox": control.checked = Boolean(value); break;
      case "lines": control.value = Array.isArray(value) ? value.join("\n") : ""; break;
      case "checkboxes": {
        const set = new Set(Array.isArray(value) ? value : []);
        for (const box of control.querySelectorAll("input[type=checkbox]")) box.checked = set.has(box.value);
        break;
      }
      default: control.value = value === null || value === undefined ? "" : String(value);
    }
  }

  /** The typed value of one field; `loose` never throws (for keeping choices on relabel).
   *  @param {Field} field @param {boolean} [loose] */
  readField(field, loose = false) {
    const control = /** @type {any} */ (this.controls.get(field.name));
    const { name } = field;
    switch (field.type) {
      case "custom": return loose ? undefined : field.custom?.read();
      case "checkbox": return Boolean(control.checked);
      case "lines": return String(control.value).split("\n").map((s) => s.trim()).filter(Boolean);
      case "checkboxes": return [...control.querySelectorAll("input[type=checkbox]")]
        .filter((box) => box.checked).map((box) => box.value);
      case "integer": return loose ? control.value : integer(control.value, name);
      case "number": return loose ? control.value : decimal(control.value, name);
      default: {
        const text = String(control.value).trim();
        if (!loose && field.required && !text) throw new FieldError(name, common.t("form.required"));
        return field.type === "select" ? text : (text === "" && !field.required ? null : text);
      }
    }
  }

  /** Every field's typed value; the first local problem is thrown as a FieldError. */
  values() {
    /** @type {Record<string, any>} */
    const out = {};
    /** @type {FieldError[]} */
    const problems = [];
    for (const field of this.fields) {
      if (field.type === "section") continue;
      try {
        out[field.name] = this.readField(field);
      } catch (err) {
        if (err instanceof FieldError) problems.push(err); else throw err;
      }
    }
    return { out, problems };
  }

  clearErrors() {
    for (const node of this.root.querySelectorAll(".field-error")) {
      node.textContent = "";
      /** @type {HTMLElement} */ (node).hidden = true;
    }
    for (const node of this.root.querySelectorAll(".field.invalid")) node.classList.remove("invalid");
  }

  /** Shows `message` at the field the API named, or its nearest named parent, or the foot.
   *  @param {string | null} field @param {string} message */
  showError(field, message) {
    let box = null;
    if (field) {
      const parts = dotted(field).split(".");
      while (parts.length && !box) {
        box = this.root.querySelector(`[data-field="${CSS.escape(parts.join("."))}"]`);
        parts.pop();
      }
    }
    const slot = box ? box.querySelector(":scope > .field-error") : this.formError;
    if (!slot) return;
    // several messages for one place (or none found) are all kept
    slot.textContent = slot.textContent && !(/** @type {HTMLElement} */ (slot).hidden) ? `${message} ${slot.textContent}` : message;
    /** @type {HTMLElement} */ (slot).hidden = false;
    if (box) {
      box.classList.add("invalid");
      const input = /** @type {HTMLElement | null} */ (box.querySelector("input:not([type=checkbox]), select, textarea"));
      input?.focus();
      box.scrollIntoView({ block: "nearest" });
    }
  }

  async submit() {
    this.clearErrors();
    this.status.textContent = "";
    const { out, problems } = this.values();
    if (problems.length) {
      for (const p of [...problems].reverse()) this.showError(p.field, p.message);
      return;
    }
    /** @type {Record<string, any>} */
    const body = {};
    for (const field of this.fields) {
      if (field.type === "section" || (field.createOnly && !this.create)) continue;
      const value = out[field.name];
      if (this.create || JSON.stringify(value) !== JSON.stringify(this.original[field.name])) {
        body[field.name] = value;
      }
    }
    if (!Object.keys(body).length) {
      this.status.textContent = common.t("form.nothing");
      return;
    }
    this.button.disabled = true;
    this.button.textContent = common.t("form.saving");
    this.root.setAttribute("aria-busy", "true");
    try {
      const saved = await this.save(body);
      if (saved) this.fill(saved);
      this.showSaved();
      this.onSaved(saved);
    } catch (err) {
      this.status.className = "form-status";
      if (!(err instanceof ApiError)) this.showError(null, common.t("shell.unexpected"));
      else if (err.problems.length) {
        // every bad field at once, the first one focused (shown last)
        for (const p of [...err.problems].reverse()) this.showError(p.field, p.message);
      } else this.showError(err.field, err.message);
    } finally {
      this.button.disabled = false;
      this.root.removeAttribute("aria-busy");
      this.relabelButton();
    }
  }

  /** "Tersimpan" beside the button: after a save, or on the page a creation led to. */
  showSaved() {
    this.status.textContent = common.t("form.saved");
    this.status.className = "form-status saved";
  }

  relabelButton() {
    this.button.textContent = common.t(/** @type {any} */ (this.submitKey));
  }
}
