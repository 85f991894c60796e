// @ts-check
// Layanan: every service the person may manage, filtered by agency and searched; each links
// to its form; deactivate / reactivate here (waiting citizens can still be called).
import { $, el } from "../dom.js";
import { api } from "./api.js";
import { ListView } from "./list.js";
import { agencyShort, byId, loadAgencies, loadServices, localName } from "./lookups.js";
import { start } from "./shell.js";
import { onLanguage } from "./texts.js";
import { texts } from "./service_texts.js";

/** @typedef {import("./lookups.js").ServiceConfig} ServiceConfig */

/** @param {number | null} n */
const quota = (n) => (n === null ? el("span", { class: "muted" }, texts.t("unlimited")) : String(n));
/** @param {number | null} n */
const minutes = (n) => (n === null ? el("span", { class: "muted" }, "–") : texts.t("minutes", { n }));

start(async () => {
  const [agencyList, services] = await Promise.all([loadAgencies(), loadServices()]);
  const agencies = byId(agencyList);
  /** @type {ListView<ServiceConfig>} */
  const list = new ListView($("list"), {
    texts,
    columns: [
      { title: "colName", cell: (s) => [localName(s), el("span", { class: "sub" }, s.id)], className: "grow" },
      { title: "colPrefix", cell: (s) => el("span", { class: "badge prefix" }, s.prefix), className: "nowrap" },
      { title: "colAgency", cell: (s) => agencyShort(agencies, s.agency_id), className: "nowrap" },
      { title: "colQuota", cell: (s) => quota(s.daily_quota), className: "num" },
      { title: "colOnline", cell: (s) => (s.online_quota === null ? "–" : String(s.online_quota)), className: "num" },
      { title: "colMaxWait", cell: (s) => minutes(s.max_wait_minutes), className: "num" },
      { title: "colMinutes", cell: (s) => minutes(s.service_minutes), className: "num" },
      { title: "colHours", cell: (s) => (s.hours ? texts.t("ownHours") : el("span", { class: "muted" }, texts.t("siteHours"))), className: "nowrap" },
    ],
    key: (s) => s.id,
    name: (s) => localName(s),
    href: (s) => `/admin/services/${encodeURIComponent(s.id)}`,
    setActive: async (s, active) => (await api.patch(`/api/v1/admin/services/${encodeURIComponent(s.id)}`, { active })).service,
    confirmBody: () => texts.t("svConfirm"),
  });
  const filter = el("select", { id: "agency-filter", "aria-label": texts.t("colAgency") });
  const fillFilter = () => {
    const chosen = filter.value;
    const used = new Set(services.map((s) => s.agency_id));
    filter.replaceChildren(el("option", { value: "" }, texts.t("svAllAgencies")),
      ...agencyList.filter((a) => used.has(a.id)).map((a) => el("option", { value: a.id }, `${a.short_name} — ${localName(a)}`)));
    filter.value = chosen;
  };
  fillFilter();
  filter.addEventListener("change", () => list.setFilter((s) => !filter.value || s.agency_id === filter.value));
  list.toolbar.append(filter);
  onLanguage(fillFilter);
  list.setRows(services);
});
