// @ts-check
// Instansi: create or edit one agency.
import { $ } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { common } from "./texts.js";
import { notice, page, start } from "./shell.js";
import { texts } from "./agency_texts.js";

const URL = "/api/v1/admin/agencies";

start(async () => {
  const id = page.entityId;
  const form = new Form($("agency-form"), [
    { name: "id", type: "text", label: "fId", hint: "fIdHint", createOnly: true, attrs: { maxlength: 40 } },
    { name: "short_name", type: "text", label: "fShort", hint: "fShortHint", attrs: { maxlength: 40 } },
    { name: "name", type: "text", label: "fName", wide: true, attrs: { maxlength: 200 } },
    { name: "name_en", type: "text", label: "fNameEn", wide: true, attrs: { maxlength: 200 } },
  ], {
    texts, create: !id,
    save: async (body) => (id
      ? await api.patch(`${URL}/${encodeURIComponent(id)}`, body)
      : await api.post(URL, body)).agency,
  });
  form.onSaved = (agency) => {
    if (!id) location.replace(`/admin/agencies/${encodeURIComponent(agency.id)}?saved=1`);
  };
  if (id) {
    const { agencies } = await api.get(URL);
    const agency = agencies.find((/** @type {{id: string}} */ a) => a.id === id);
    if (!agency) { notice(common.t("shell.notFound"), "error"); return; }
    form.fill(agency);
  } else {
    form.fill({ id: "", name: "", name_en: "", short_name: "" });
  }
  if (new URLSearchParams(location.search).has("saved")) form.showSaved();
  $("agency-form").hidden = false;
});
