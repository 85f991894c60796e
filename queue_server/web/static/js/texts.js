// @ts-check
// One way to look up a page's texts on every surface: `texts.t("key", {name: value})`, where
// a text is a plain string with `{name}` placeholders. Indonesian comes first; the English
// table must have the same keys (the JS check says so), and nodes marked `data-t="key"` /
// `data-t-placeholder="key"` in the templates are filled by `apply()` on a language switch.

/** @typedef {"id" | "en"} Lang */

/** @param {unknown} value @returns {Lang} */
export function asLang(value) {
  return value === "en" ? "en" : "id";
}

/** @template {Record<string, string>} Table */
export class Texts {
  /** @param {{id: Table, en: NoInfer<{[K in keyof Table]: string}>}} tables
   *  @param {Lang} lang */
  constructor(tables, lang) {
    this.tables = tables;
    /** @type {Lang} */
    this.lang = lang;
  }

  /** The text for `key` with its `{placeholders}` filled in.
   *  @param {keyof Table & string} key
   *  @param {Record<string, string | number | null | undefined>} [values]
   *  @returns {string} */
  t(key, values = {}) {
    const template = this.tables[this.lang][key] ?? this.tables.id[key] ?? "";
    return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  }

  /** For keys made from data (a priority kind, a link's path).
   *  @param {string} key
   *  @returns {key is keyof Table & string} */
  has(key) {
    return Object.prototype.hasOwnProperty.call(this.tables.id, key);
  }

  /** The locale for numbers and dates in this language. */
  get locale() {
    return this.lang === "en" ? "en-GB" : "id-ID";
  }

  /** Fills the marked nodes under `root` and the page's lang attribute. */
  apply(root = document) {
    document.documentElement.lang = this.lang;
    for (const node of root.querySelectorAll("[data-t]")) {
      const key = /** @type {HTMLElement} */ (node).dataset.t || "";
      if (this.has(key)) node.textContent = this.t(key);
    }
    for (const node of root.querySelectorAll("[data-t-placeholder]")) {
      const key = /** @type {HTMLInputElement} */ (node).dataset.tPlaceholder || "";
      if (this.has(key)) /** @type {HTMLInputElement} */ (node).placeholder = this.t(key);
    }
  }
}
