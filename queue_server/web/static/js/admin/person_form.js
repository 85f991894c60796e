// @ts-check
// Petugas & staf: create an account (its one-time password shown once), edit its role and
// assignment, deactivate or reactivate it, reset its password (shown once again).
import { $ } from "../dom.js";
import { ApiError, api } from "./api.js";
import { confirmAction, showOneTimePassword } from "./dialog.js";
import { Form } from "./form.js";
import { agencyShort, byId, loadAgencies, loadCounters, localName } from "./lookups.js";
import { isAdmin, messageOf, notice, page, start } from "./shell.js";
import { common, onLanguage } from "./texts.js";
import { texts } from "./people_texts.js";

const URL = "/api/v1/admin/users";
const ROLES = isAdmin ? ["officer", "supervisor", "admin"] : ["officer"];

/** @typedef {import("./people.js").User} User */

/** The account, or null when it is unknown or not this person's to manage.
 *  @param {string} name @returns {Promise<User | null>} */
async function loadUser(name) {
  try {
    return (await api.get(`${URL}/${encodeURIComponent(name)}`)).user;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}

start(async () => {
  const name = page.entityId;
  const [agencyList, counters, user] = await Promise.all([loadAgencies(), loadCounters(), name ? loadUser(name) : null]);
  if (name && !user) { notice(common.t("shell.notFound"), "error"); return; }
  const agencies = byId(agencyList);
  /** @type {string | null} */
  let password = null;
  const form = new Form($("person-form"), [
    { name: "account", type: "section", label: "secAccount" },
    { name: "name", type: "text", label: "fName", hint: "fNameHint", createOnly: true, attrs: { maxlength: 64, autocapitalize: "none" } },
    { name: "display_name", type: "text", label: "fDisplay", hint: "fDisplayHint", attrs: { maxlength: 80 } },
    { name: "role", type: "select", label: "fRole", options: () => ROLES.map((r) => ({ value: r, label: texts.t(/** @type {any} */ (`roleName.${r}`)) })) },
    { name: "scope", type: "section", label: "secScope" },
    { name: "agencies", type: "checkboxes", label: "fAgencies", hint: "fAgenciesHint",
      options: () => agencyList.filter((a) => a.active || user?.agencies.includes(a.id)).map((a) => ({ value: a.id, label: `${a.short_name} — ${localName(a)}` })) },
    { name: "counters", type: "checkboxes", label: "fCounters", hint: "fCountersHint",
      options: () => [...counters].filter((c) => c.active || user?.counters.includes(c.id)).sort((a, b) => a.number - b.number)
        .map((c) => ({ value: c.id, label: c.name, group: agencyShort(agencies, c.agency_id) })) },
  ], {
    texts, create: !name,
    save: async (body) => {
      const role = body.role || user?.role;
      // only the assignment the role uses is kept: an officer has no agencies, and so on
      if ("agencies" in body && role !== "supervisor") body.agencies = [];
      if ("counters" in body && role !== "officer") body.counters = [];
      if (name) return (await api.patch(`${URL}/${encodeURIComponent(name)}`, body)).user;
      const made = await api.post(URL, body);
      password = made.password;
      return made.user;
    },
  });
  const roleBox = /** @type {HTMLSelectElement} */ (/** @type {unknown} */ ($("f-role")));
  const showScope = () => {
    const role = roleBox.value;
    /** @type {HTMLElement} */ (document.querySelector('[data-field="agencies"]')).hidden = role !== "supervisor";
    /** @type {HTMLElement} */ (document.querySelector('[data-field="counters"]')).hidden = role !== "officer";
  };
  roleBox.addEventListener("change", showScope);
  form.onSaved = async (saved) => {
    if (name) return;
    if (password) await showOneTimePassword(saved.display_name || saved.name, password);
    password = null;
    location.replace(`/admin/people/${encodeURIComponent(saved.name)}?saved=1`);
  };
  form.fill(user || { name: "", display_name: "", role: "officer", agencies: [], counters: [] });
  showScope();
  if (new URLSearchParams(location.search).has("saved")) form.showSaved();
  $("person-form").hidden = false;
  if (user) sideActions(user);
});

/** Status (deactivate / reactivate) and password reset beside the form of an account.
 *  @param {User} user */
function sideActions(user) {
  const who = () => user.display_name || user.name;
  const renderState = () => {
    $("person-state").textContent = texts.t(user.active ? "stateActive" : "stateInactive");
    $("person-active").textContent = common.t(user.active ? "list.deactivate" : "list.reactivate");
    $("person-active").className = user.active ? "secondary danger-outline" : "secondary";
    $("person-reset").disabled = !user.active;
  };
  $("person-active").addEventListener("click", async () => {
    const activate = !user.active;
    if (!activate && !await confirmAction({ title: common.t("list.confirmTitle", { name: who() }),
      body: texts.t("ppConfirm"), confirm: common.t("list.deactivate"), danger: true })) return;
    try {
      user = (await api.patch(`${URL}/${encodeURIComponent(user.name)}`, { active: activate })).user;
      renderState();
      notice(common.t(activate ? "list.reactivated" : "list.deactivated", { name: who() }), "ok");
    } catch (err) {
      notice(messageOf(err), "error");
    }
  });
  $("person-reset").addEventListener("click", async () => {
    if (!await confirmAction({ title: texts.t("resetConfirm", { name: who() }), body: texts.t("resetBody"),
      confirm: texts.t("reset") })) return;
    try {
      const { password } = await api.post(`${URL}/${encodeURIComponent(user.name)}/reset-password`, {});
      await showOneTimePassword(who(), password);
    } catch (err) {
      notice(messageOf(err), "error");
    }
  });
  onLanguage(renderState);
  renderState();
  $("person-side").hidden = false;
}
