// @ts-check
// A searchable table of things that are deactivated, never deleted: a search box filtering
// on any text shown in a row, "12 dari 40", inactive rows greyed with "Aktifkan lagi", and
// "Nonaktifkan" behind a confirmation.
//
//   import { ListView } from "./list.js";
//   const list = new ListView($("list"), {
//     texts,                                        // the page's texts (column titles)
//     columns: [
//       { title: "colName", cell: (a) => a.name, className: "grow" },
//       { title: "colId", cell: (a) => el("code", {}, a.id) },
//     ],
//     key: (a) => a.id, name: (a) => a.name,
//     href: (a) => `/admin/agencies/${a.id}`,       // the first column links there
//     setActive: async (a, active) => (await api.patch(url(a), { active })).agency,
//     confirmBody: (a) => "Warga yang sudah menunggu tetap bisa dipanggil.",  // optional
//   });
//   list.setRows(agencies);                         // again after any reload
//   list.setFilter((a) => a.agency_id === chosen);  // an extra filter beside the search
// The toolbar (`list.toolbar`) takes extra controls: list.toolbar.append(select).
import { el } from "../dom.js";
import { confirmAction } from "./dialog.js";
import { notice, messageOf } from "./shell.js";
import { common, onLanguage } from "./texts.js";

/** @template Row @typedef {{title: string, cell: (row: Row) => any, className?: string}} Column */
/** @typedef {import("../texts.js").Texts<any>} AnyTexts */

/** @template {{active: boolean}} Row */
export class ListView {
  /** @param {HTMLElement} root
   *  @param {{texts: AnyTexts, columns: Column<Row>[], key: (row: Row) => string,
   *    name: (row: Row) => string, href?: (row: Row) => string,
   *    setActive?: (row: Row, active: boolean) => Promise<Row>,
   *    confirmBody?: (row: Row) => string}} options */
  constructor(root, options) {
    this.root = root;
    this.options = options;
    /** @type {Row[]} */
    this.rows = [];
    /** @type {(row: Row) => boolean} */
    this.filter = () => true;
    this.search = /** @type {HTMLInputElement} */ (el("input", { type: "search", class: "list-search",
      id: "list-search", "aria-label": common.t("list.search"), dataset: { tPlaceholder: "list.search" },
      placeholder: common.t("list.search"), oninput: () => this.applyFilter() }));
    this.count = el("span", { class: "list-count", role: "status", id: "list-count" });
    this.toolbar = el("div", { class: "list-toolbar" }, this.search);
    this.head = el("thead");
    this.body = el("tbody");
    this.empty = el("p", { class: "list-empty muted", hidden: true });
    root.replaceChildren(el("div", { class: "list-bar" }, this.toolbar, this.count),
      el("div", { class: "table-wrap" }, el("table", { class: "list" }, this.head, this.body)), this.empty);
    onLanguage(() => this.render());
  }

  /** @param {Row[]} rows */
  setRows(rows) {
    this.rows = rows;
    this.render();
  }

  /** @param {(row: Row) => boolean} filter */
  setFilter(filter) {
    this.filter = filter;
    this.applyFilter();
  }

  render() {
    const { texts, columns } = this.options;
    const title = (/** @type {string} */ key) => (texts.has(key) ? texts.t(key) : key);
    this.search.setAttribute("aria-label", common.t("list.search"));
    this.head.replaceChildren(el("tr", {},
      columns.map((c) => el("th", { class: c.className }, title(c.title))),
      this.options.setActive ? el("th", { class: "actions" }) : null));
    // active first, each group in the order the API gave
    const ordered = [...this.rows.filter((r) => r.active), ...this.rows.filter((r) => !r.active)];
    this.body.replaceChildren(...ordered.map((row) => this.renderRow(row)));
    this.applyFilter();
  }

  /** @param {Row} row */
  renderRow(row) {
    const { columns, href, key } = this.options;
    const cells = columns.map((c, i) => {
      let content = c.cell(row);
      if (i === 0 && href) content = el("a", { href: href(row) }, content);
      if (i === 0 && !row.active) content = [content, " ", el("span", { class: "badge off" }, common.t("list.inactive"))];
      return el("td", { class: c.className }, content);
    });
    const tr = el("tr", { class: row.active ? "" : "inactive", dataset: { key: key(row) } }, cells);
    if (this.options.setActive) {
      const button = row.active
        ? el("button", { type: "button", class: "row-action danger" }, common.t("list.deactivate"))
        : el("button", { type: "button", class: "row-action" }, common.t("list.reactivate"));
      button.addEventListener("click", () => this.toggle(row, /** @type {HTMLButtonElement} */ (button)));
      tr.append(el("td", { class: "actions" }, button));
    }
    tr.dataset.text = tr.textContent.toLowerCase();
    return tr;
  }

  /** @param {Row} row @param {HTMLButtonElement} button */
  async toggle(row, button) {
    const { name, setActive, confirmBody } = this.options;
    if (!setActive) return;
    const activate = !row.active;
    if (!activate) {
      const ok = await confirmAction({ title: common.t("list.confirmTitle", { name: name(row) }),
        body: confirmBody ? confirmBody(row) : undefined, confirm: common.t("list.deactivate"), danger: true });
      if (!ok) return;
    }
    button.disabled = true;
    try {
      const saved = await setActive(row, activate);
      this.rows = this.rows.map((r) => (r === row ? saved : r));
      this.render();
      notice(common.t(activate ? "list.reactivated" : "list.deactivated", { name: name(saved) }), "ok");
    } catch (err) {
      button.disabled = false;
      notice(messageOf(err), "error");
    }
  }

  applyFilter() {
    const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const byKey = new Map(this.rows.map((r) => [this.options.key(r), r]));
    let shown = 0;
    let eligible = 0;
    for (const node of this.body.children) {
      const tr = /** @type {HTMLElement} */ (node);
      const row = byKey.get(tr.dataset.key || "");
      const inFilter = row !== undefined && this.filter(row);
      if (inFilter) eligible += 1;
      const visible = inFilter && words.every((w) => (tr.dataset.text || "").includes(w));
      tr.hidden = !visible;
      if (visible) shown += 1;
    }
    this.count.textContent = common.t("list.count", { shown, total: eligible });
    this.empty.hidden = shown > 0;
    this.empty.textContent = this.rows.length ? common.t("list.noMatch") : common.t("list.empty");
  }
}
