// @ts-check
// Situs & layar: the site form (PUT /api/v1/admin/site, the whole site each time) and the
// display zones (hall_zones.js). A saved running text reaches every TV at once through
// catalog.updated; nothing here needs to tell them.
import { $ } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { start } from "./shell.js";
import { texts } from "./hall_texts.js";
import { Zones } from "./hall_zones.js";

const URL = "/api/v1/admin/site";

/** @typedef {{name: string, short_name: string, running_text: string, running_text_en: string,
 *    ticket_footer: string, public_url: string}} Site */

/** @param {any} answer @returns {Site} */
function siteOf(answer) {
  return answer && answer.site ? answer.site : answer;
}

/** The form's view of a site: an empty text is null, as the form reads an empty box.
 *  @param {Site} site */
function formValues(site) {
  return Object.fromEntries(Object.entries(site).map(([k, v]) => [k, v === "" ? null : v]));
}

start(async () => {
  /** @type {Site} */
  let saved = siteOf(await api.get(URL));
  const form = new Form($("site-form"), [
    { name: "name", type: "text", label: "sit.name", hint: "sit.nameHint", required: true, wide: true, attrs: { maxlength: 200 } },
    { name: "short_name", type: "text", label: "sit.short", hint: "sit.shortHint", required: true, attrs: { maxlength: 80 } },
    { name: "public_url", type: "text", label: "sit.url", hint: "sit.urlHint", required: false, attrs: { maxlength: 200, spellcheck: false, inputmode: "url" } },
    { name: "running_text", type: "textarea", label: "sit.running", hint: "sit.runningHint", attrs: { rows: 3, maxlength: 1000 } },
    { name: "running_text_en", type: "textarea", label: "sit.runningEn", hint: "sit.runningEnHint", attrs: { rows: 3, maxlength: 1000 } },
    { name: "ticket_footer", type: "textarea", label: "sit.footer", hint: "sit.footerHint", attrs: { rows: 2, maxlength: 500 } },
  ], {
    texts, create: false,
    save: async (body) => {
      // empty optional texts are "" for the API, not null
      const changes = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v ?? ""]));
      saved = siteOf(await api.put(URL, { ...saved, ...changes }));
      return formValues(saved);
    },
  });
  form.fill(formValues(saved));
  $("site-form").hidden = false;
  await new Zones().load();
});
