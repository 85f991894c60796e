// @ts-check
// Petugas & staf: the accounts the person may manage (a supervisor: their agencies'
// officers), each linking to its form; deactivate / reactivate here.
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { ListView } from "./list.js";
import { agencyShort, byId, loadAgencies, loadCounters } from "./lookups.js";
import { start } from "./shell.js";
import { texts } from "./people_texts.js";

/** @typedef {{name: string, display_name: string | null, role: "admin" | "supervisor" | "officer",
 *   agencies: string[], counters: string[], active: boolean, must_change_password?: boolean}} User */

start(async () => {
  const [agencyList, counters, { users }] = await Promise.all([loadAgencies(), loadCounters(), api.get("/api/v1/admin/users")]);
  const agencies = byId(agencyList);
  const counterById = new Map(counters.map((c) => [c.id, c]));
  /** @param {User} u */
  const where = (u) => {
    if (u.role === "admin") return el("span", { class: "muted" }, texts.t("everything"));
    if (u.role === "supervisor") return el("span", { class: "chips" }, u.agencies.map((a) => el("span", { class: "badge" }, agencyShort(agencies, a))));
    return el("span", { class: "chips" }, u.counters.map((id) => el("span", { class: "badge" }, counterById.get(id)?.name || id)));
  };
  /** @type {ListView<User>} */
  const list = new ListView($("list"), {
    texts,
    columns: [
      { title: "colName", cell: (u) => [u.display_name || u.name, el("span", { class: "sub" }, u.name)], className: "nowrap" },
      { title: "colRole", cell: (u) => texts.t(/** @type {any} */ (`roleName.${u.role}`)), className: "nowrap" },
      { title: "colWhere", cell: where, className: "grow" },
      { title: "colState", cell: (u) => (u.must_change_password ? el("span", { class: "badge warn" }, texts.t("mustChange")) : ""), className: "nowrap" },
    ],
    key: (u) => u.name,
    name: (u) => u.display_name || u.name,
    href: (u) => `/admin/people/${encodeURIComponent(u.name)}`,
    setActive: async (u, active) => (await api.patch(`/api/v1/admin/users/${encodeURIComponent(u.name)}`, { active })).user,
    confirmBody: () => texts.t("ppConfirm"),
  });
  list.setRows(users);
});
