// @ts-check
// Loket: create or edit one counter — number, name, agency, and the services it calls with
// their weights.
import { $ } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { agencyOptions, loadAgencies, loadCounters, loadServices } from "./lookups.js";
import { notice, page, start } from "./shell.js";
import { common } from "./texts.js";
import { texts } from "./counter_texts.js";
import { weightsField } from "./weights_field.js";

const URL = "/api/v1/admin/counters";

start(async () => {
  const id = page.entityId;
  const [agencies, services, counters] = await Promise.all([loadAgencies(), loadServices(), loadCounters()]);
  const counter = id ? counters.find((c) => c.id === id) : null;
  if (id && !counter) { notice(common.t("shell.notFound"), "error"); return; }
  // the form's agency select, once the form is built (the field renders before it)
  const agencyOf = () => String(/** @type {HTMLSelectElement | null} */ (document.getElementById("f-agency_id"))?.value || counter?.agency_id || "");
  const weights = weightsField(services.filter((s) => s.active || (counter && s.id in counter.services)), agencies, agencyOf);
  const next = Math.max(0, ...counters.map((c) => c.number)) + 1;
  const form = new Form($("counter-form"), [
    { name: "counter", type: "section", label: "secCounter" },
    { name: "number", type: "integer", label: "fNumber", hint: "fNumberHint" },
    { name: "name", type: "text", label: "fName", hint: "fNameHint", attrs: { maxlength: 80 } },
    { name: "id", type: "text", label: "fId", hint: "fIdHint", createOnly: true, attrs: { maxlength: 40 } },
    { name: "agency_id", type: "select", label: "fAgency", wide: true, options: () => agencyOptions(agencies, counter?.agency_id) },
    { name: "servicesSection", type: "section", label: "secServices" },
    { name: "services", type: "custom", custom: weights },
  ], {
    texts, create: !id,
    save: async (body) => (id ? await api.patch(`${URL}/${encodeURIComponent(id)}`, body) : await api.post(URL, body)).counter,
  });
  form.onSaved = (saved) => {
    if (!id) location.replace(`/admin/counters/${encodeURIComponent(saved.id)}?saved=1`);
  };
  form.fill(counter || {
    number: next, name: `Loket ${next}`, id: `loket-${next}`,
    agency_id: agencies.find((a) => a.active)?.id || "", services: {},
  });
  $("f-agency_id").addEventListener("change", () => weights.render());
  weights.render();
  if (new URLSearchParams(location.search).has("saved")) form.showSaved();
  $("counter-form").hidden = false;
});
