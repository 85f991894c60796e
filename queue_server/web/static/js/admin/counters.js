// @ts-check
// Loket: a compact table of every counter the person may manage (60 stay usable: search,
// agency filter, services as short prefixes); deactivate / reactivate here.
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { ListView } from "./list.js";
import { agencyShort, byId, loadAgencies, loadCounters, loadServices, localName } from "./lookups.js";
import { start } from "./shell.js";
import { onLanguage } from "./texts.js";
import { texts } from "./counter_texts.js";

/** @typedef {import("./lookups.js").CounterConfig} CounterConfig */

start(async () => {
  const [agencyList, counters, services] = await Promise.all([loadAgencies(), loadCounters(), loadServices()]);
  const agencies = byId(agencyList);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  /** @param {CounterConfig} c */
  const served = (c) => el("span", { class: "chips" }, Object.entries(c.services).map(([id, weight]) => {
    const s = serviceById.get(id);
    return el("span", { class: "badge", title: s ? localName(s) : id },
      s ? `${s.prefix} ${localName(s)}` : id, weight !== 1 ? el("strong", {}, ` ×${weight}`) : null);
  }));
  /** @type {ListView<CounterConfig>} */
  const list = new ListView($("list"), {
    texts,
    columns: [
      { title: "colName", cell: (c) => [c.name, el("span", { class: "sub" }, c.id)], className: "nowrap" },
      { title: "colNumber", cell: (c) => String(c.number), className: "num" },
      { title: "colAgency", cell: (c) => agencyShort(agencies, c.agency_id), className: "nowrap" },
      { title: "colServices", cell: served, className: "grow" },
    ],
    key: (c) => c.id,
    name: (c) => c.name,
    href: (c) => `/admin/counters/${encodeURIComponent(c.id)}`,
    setActive: async (c, active) => (await api.patch(`/api/v1/admin/counters/${encodeURIComponent(c.id)}`, { active })).counter,
    confirmBody: () => texts.t("ctConfirm"),
  });
  const filter = el("select", { id: "agency-filter", "aria-label": texts.t("colAgency") });
  const fillFilter = () => {
    const chosen = filter.value;
    const used = new Set(counters.map((c) => c.agency_id));
    filter.replaceChildren(el("option", { value: "" }, texts.t("ctAllAgencies")),
      ...agencyList.filter((a) => used.has(a.id)).map((a) => el("option", { value: a.id }, `${a.short_name} — ${localName(a)}`)));
    filter.value = chosen;
  };
  fillFilter();
  filter.addEventListener("change", () => list.setFilter((c) => !filter.value || c.agency_id === filter.value));
  list.toolbar.append(filter);
  onLanguage(fillFilter);
  list.setRows([...counters].sort((a, b) => a.number - b.number));
});
