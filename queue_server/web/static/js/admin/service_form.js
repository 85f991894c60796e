// @ts-check
// Layanan: create or edit one service — prefix, names, quotas, times, its own opening hours
// or the site's, the documents to bring, and its online booking slots.
import { $ } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { hoursField } from "./hours_field.js";
import { agencyOptions, loadAgencies, loadServices } from "./lookups.js";
import { isAdmin, notice, page, start } from "./shell.js";
import { common } from "./texts.js";
import { texts } from "./service_texts.js";

const URL = "/api/v1/admin/services";
// empty (null) everywhere: the service takes no bookings, which is also a new service's default
const SLOT_FIELDS = ["slot_minutes", "slot_capacity", "booking_days_ahead"];

/** The hall's week to start a service's own hours from; a supervisor cannot read it.
 *  @returns {Promise<Record<string, string> | null>} */
async function siteHours() {
  if (!isAdmin) return null;
  try {
    return (await api.get("/api/v1/admin/schedule")).hours || null;
  } catch {
    return null;
  }
}

start(async () => {
  const id = page.entityId;
  const [agencies, services, week] = await Promise.all([loadAgencies(), id ? loadServices() : [], siteHours()]);
  const service = id ? services.find((s) => s.id === id) : null;
  if (id && !service) { notice(common.t("shell.notFound"), "error"); return; }
  const form = new Form($("service-form"), [
    { name: "identity", type: "section", label: "secIdentity" },
    { name: "agency_id", type: "select", label: "fAgency", wide: true, options: () => agencyOptions(agencies, service?.agency_id) },
    { name: "id", type: "text", label: "fId", hint: "fIdHint", createOnly: true, attrs: { maxlength: 40 } },
    { name: "prefix", type: "text", label: "fPrefix", hint: "fPrefixHint", attrs: { maxlength: 3, class: "prefix-input" } },
    { name: "name", type: "text", label: "fName", attrs: { maxlength: 200 } },
    { name: "name_en", type: "text", label: "fNameEn", attrs: { maxlength: 200 } },
    { name: "quota", type: "section", label: "secQuota" },
    { name: "daily_quota", type: "integer", label: "fQuota", hint: "fQuotaHint" },
    { name: "online_quota", type: "integer", label: "fOnline", hint: "fOnlineHint" },
    { name: "max_wait_minutes", type: "integer", label: "fMaxWait", hint: "fMaxWaitHint" },
    { name: "service_minutes", type: "number", label: "fMinutes", hint: "fMinutesHint" },
    { name: "hoursSection", type: "section", label: "secHours" },
    { name: "hours", type: "custom", custom: hoursField(week) },
    { name: "slots", type: "section", label: "secSlots" },
    { name: "slot_minutes", type: "integer", label: "fSlotMinutes", hint: "fSlotMinutesHint" },
    { name: "slot_capacity", type: "integer", label: "fSlotCapacity", hint: "fSlotCapacityHint" },
    { name: "booking_days_ahead", type: "integer", label: "fDaysAhead", hint: "fDaysAheadHint" },
    { name: "docs", type: "section", label: "secDocs" },
    { name: "requirements", type: "lines", label: "fDocs", hint: "fDocsHint", attrs: { rows: 6 } },
  ], {
    texts, create: !id,
    save: async (body) => {
      if (typeof body.prefix === "string") body.prefix = body.prefix.toUpperCase();
      if (!id) for (const name of SLOT_FIELDS) if (body[name] === null) delete body[name];
      return (id ? await api.patch(`${URL}/${encodeURIComponent(id)}`, body) : await api.post(URL, body)).service;
    },
  });
  form.onSaved = (saved) => {
    if (!id) location.replace(`/admin/services/${encodeURIComponent(saved.id)}?saved=1`);
  };
  /** @type {Record<string, null>} */
  const noSlots = {};
  for (const name of SLOT_FIELDS) noSlots[name] = null;
  form.fill(service ? { ...noSlots, ...service } : {
    ...noSlots,
    agency_id: agencies.find((a) => a.active)?.id || "", id: "", prefix: "", name: "", name_en: "",
    daily_quota: null, online_quota: null, max_wait_minutes: null, service_minutes: 10,
    hours: null, requirements: [],
  });
  if (new URLSearchParams(location.search).has("saved")) form.showSaved();
  $("service-form").hidden = false;
});
