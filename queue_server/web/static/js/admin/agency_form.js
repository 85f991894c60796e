// @ts-check
// Instansi: create or edit one agency.
import { $ } from "../dom.js";
import { api } from "./api.js";
import { Form } from "./form.js";
import { common } from "./texts.js";
import { notice, page, start } from "./shell.js";
import { texts } from "./agency_texts.js";

const URL = "/api/v1/admin/agencies";

/** The logo of an agency already made: the image itself goes up as the request body, and
 *  the server reads its kind from its bytes (domain/logo_files.py).
 *  @param {string} id @param {string | null} logo its file name, if any */
function logoSection(id, logo) {
  const preview = /** @type {HTMLImageElement} */ ($("logo-preview"));
  const file = /** @type {HTMLInputElement} */ ($("logo-file"));
  const message = $("logo-message");
  /** @param {string | null} name */
  const show = (name) => {
    preview.hidden = !name;
    $("logo-none").hidden = Boolean(name);
    if (name) preview.src = `/media/logos/${encodeURIComponent(name)}`;
  };
  /** @param {string} text @param {"ok" | "error"} kind */
  const say = (text, kind) => {
    message.textContent = text;
    message.className = kind;
    message.hidden = false;
  };
  $("logo-upload").addEventListener("click", async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) { say(texts.t("logoChoose"), "error"); return; }
    try {
      const { agency } = await api.upload(`${URL}/${encodeURIComponent(id)}/logo`, chosen);
      show(agency.logo);
      say(texts.t("logoSaved"), "ok");
    } catch (err) {
      say(err instanceof Error ? err.message : String(err), "error");
    }
  });
  show(logo);
  $("agency-logo").hidden = false;
}

start(async () => {
  const id = page.entityId;
  const form = new Form($("agency-form"), [
    { name: "id", type: "text", label: "fId", hint: "fIdHint", createOnly: true, attrs: { maxlength: 40 } },
    { name: "short_name", type: "text", label: "fShort", hint: "fShortHint", attrs: { maxlength: 40 } },
    { name: "name", type: "text", label: "fName", wide: true, attrs: { maxlength: 200 } },
    { name: "name_en", type: "text", label: "fNameEn", wide: true, attrs: { maxlength: 200 } },
    { name: "badge", type: "text", label: "fBadge", hint: "fBadgeHint", attrs: { maxlength: 3 } },
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
    logoSection(id, agency.logo);
  } else {
    form.fill({ id: "", name: "", name_en: "", short_name: "" });
  }
  if (new URLSearchParams(location.search).has("saved")) form.showSaved();
  $("agency-form").hidden = false;
});
