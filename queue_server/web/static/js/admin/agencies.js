// @ts-check
// Instansi: the list of agencies, each linking to its form; deactivate / reactivate here.
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { ListView } from "./list.js";
import { start } from "./shell.js";
import { texts } from "./agency_texts.js";

/** @typedef {{id: string, name: string, name_en: string, short_name: string, active: boolean}} Agency */

start(async () => {
  /** @type {ListView<Agency>} */
  const list = new ListView($("list"), {
    texts,
    columns: [
      { title: "colName", cell: (a) => [a.name, a.name_en && a.name_en !== a.name ? el("span", { class: "sub", lang: "en" }, a.name_en) : null], className: "grow" },
      { title: "colShort", cell: (a) => a.short_name, className: "nowrap" },
      { title: "colId", cell: (a) => el("code", {}, a.id), className: "nowrap" },
    ],
    key: (a) => a.id,
    name: (a) => a.short_name || a.name,
    href: (a) => `/admin/agencies/${encodeURIComponent(a.id)}`,
    setActive: async (a, active) => (await api.patch(`/api/v1/admin/agencies/${encodeURIComponent(a.id)}`, { active })).agency,
    confirmBody: () => texts.t("agConfirm"),
  });
  const { agencies } = await api.get("/api/v1/admin/agencies");
  list.setRows(agencies);
});
