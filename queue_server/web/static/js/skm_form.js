// @ts-check
// The SKM form (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017) as one module both the
// phone page and the survey tablet mount: one screen per unsur with four big answers, then
// the respondent profile, an optional suggestion, a summary and "Kirim". Answers are never
// lost to a network error (kept, with a retry; on the phone also across a reload), the
// server's message is shown as it is, and focus moves to each new screen's heading.
import { el } from "./dom.js";
import { ApiError, api } from "./loket.js";
import { PROFILE_TITLES, SKM_TEXT } from "./skm_form_texts.js";
import { Texts } from "./texts.js";

/** @typedef {import("./texts.js").Lang} Lang */
/** @typedef {{score: number, label: string}} Answer */
/** @typedef {{code: string, name: string, question: string, options: Answer[]}} Element */
/** @typedef {{code: string, label: string}} Choice */
/** @typedef {{field: string, label?: string, options: Choice[]}} ProfileField */
/** @typedef {{elements: Element[], profile: ProfileField[], suggestion_max?: number}} Questionnaire */
/** @typedef {{kind: "element", item: Element, n: number} | {kind: "profile", item: ProfileField, n: number}
 *    | {kind: "suggestion"} | {kind: "summary"}} Step */

/**
 * @typedef {object} FormOptions
 * @property {string} ticketToken the served ticket's tracking token
 * @property {Lang} lang
 * @property {string | null} [token] the survey tablet's device token
 * @property {string | null} [code] the ticket's code, shown above the questions
 * @property {boolean} [persist] keep unsent answers in localStorage (the citizen's own phone)
 * @property {(how: {already: boolean}) => void} [onFinished] the answer is in (or was already)
 * @property {() => void} [onActivity] any tap or key (the tablet's idle timer)
 */

const SUGGESTION_MAX = 1000; // unless the questionnaire says otherwise
const ADVANCE_MS = 280; // the pressed answer shows before the next screen comes
// the four answers' colour and face: a cue beside the words, which are the answer
const MOUTHS = ["M20 44 Q32 34 44 44", "M21 42 Q32 38 43 42", "M21 40 Q32 46 43 40", "M19 38 Q32 52 45 38"];

/** @param {number} score 1–4 */
function face(score) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 64 64");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "skm-face");
  svg.innerHTML = `<circle cx="32" cy="32" r="29"/><circle class="eye" cx="23" cy="26" r="4"/>`
    + `<circle class="eye" cx="41" cy="26" r="4"/><path d="${MOUTHS[score - 1]}"/>`;
  return svg;
}

/** Mounts the form in `root` (its content is replaced).
 *  @param {HTMLElement} root @param {FormOptions} options */
export function mountSkmForm(root, options) {
  const { ticketToken, token = null, persist = false } = options;
  const texts = new Texts(SKM_TEXT, options.lang);
  const t = texts.t.bind(texts);
  const storeKey = `loket.skm.${ticketToken}`;
  /** @type {Partial<Record<Lang, Questionnaire>>} */
  const loaded = {};
  const saved = persist ? restore() : null;
  const state = {
    answers: /** @type {Record<string, number>} */ (saved ? saved.answers : {}),
    profile: /** @type {Record<string, string | null>} */ (saved ? saved.profile : {}),
    suggestion: saved ? String(saved.suggestion || "") : "",
    step: saved ? Number(saved.step) || 0 : 0,
    sending: false,
    error: /** @type {{message: string, retry: boolean} | null} */ (null),
    done: false,
  };
  let advanceTimer = 0;
  const body = el("div", { class: "skm-body" });
  const status = el("p", { class: "skm-status", role: "status", "aria-live": "polite" });
  root.replaceChildren(el("div", { class: "skm-form", lang: texts.lang }, status, body));
  root.addEventListener("pointerdown", activity);
  root.addEventListener("keydown", onKey);

  function activity() { if (options.onActivity) options.onActivity(); }

  function restore() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (err) { return null; }
  }
  function save() {
    if (!persist) return;
    const { answers, profile, suggestion, step } = state;
    try { localStorage.setItem(storeKey, JSON.stringify({ answers, profile, suggestion, step })); } catch (err) { /* private mode */ }
  }
  function forget() { if (persist) localStorage.removeItem(storeKey); }

  /** @returns {Step[]} */
  function steps() {
    const q = loaded[texts.lang];
    return [
      ...q.elements.map((item, i) => /** @type {Step} */ ({ kind: "element", item, n: i + 1 })),
      ...q.profile.map((item, i) => /** @type {Step} */ ({ kind: "profile", item, n: i + 1 })),
      { kind: "suggestion" }, { kind: "summary" },
    ];
  }

  /** @param {{focus?: boolean}} [how] focus the first screen's question (a form just opened) */
  async function load({ focus = false } = {}) {
    if (loaded[texts.lang]) return render({ focus });
    body.replaceChildren(el("p", { class: "skm-loading" }, t("loading")));
    try {
      loaded[texts.lang] = await api(`/api/v1/skm/questionnaire?lang=${texts.lang}`);
      render({ focus });
    } catch (err) {
      body.replaceChildren(el("p", { class: "skm-error", role: "alert" }, t("loadFailed")),
        el("button", { type: "button", class: "skm-nav-btn primary", onclick: () => load({ focus: true }) }, t("reload")));
    }
  }

  /** @param {number} step */
  function go(step) {
    window.clearTimeout(advanceTimer);
    state.step = Math.max(0, Math.min(step, steps().length - 1));
    state.error = null;
    save();
    render({ focus: true });
  }

  function render({ focus = false } = {}) {
    const all = steps();
    const step = all[Math.min(state.step, all.length - 1)];
    root.firstElementChild.setAttribute("lang", texts.lang);
    const screen = step.kind === "element" ? elementScreen(step.item, step.n, all)
      : step.kind === "profile" ? profileScreen(step.item, step.n)
        : step.kind === "suggestion" ? suggestionScreen() : summaryScreen(all);
    body.replaceChildren(progress(all), screen);
    if (focus) /** @type {HTMLElement} */ (body.querySelector(".skm-title")).focus();
  }

  /** @param {Step[]} all */
  function progress(all) {
    const at = state.step + 1;
    return el("div", { class: "skm-progress", role: "progressbar", "aria-valuemin": "1",
      "aria-valuemax": String(all.length), "aria-valuenow": String(at), "aria-label": stepLabel(all[state.step]) },
    el("div", { class: "skm-progress-bar", style: `width:${Math.round((at / all.length) * 100)}%` }));
  }

  /** @param {Step} step */
  function stepLabel(step) {
    const q = loaded[texts.lang];
    if (step.kind === "element") return t("question", { n: step.n, total: q.elements.length });
    if (step.kind === "profile") return t("profileStep", { n: step.n, total: q.profile.length });
    return t(step.kind === "suggestion" ? "suggestionStep" : "summaryStep");
  }

  /** @param {string} text @param {string} [small] */
  function title(text, small) {
    return el("h2", { class: "skm-title", tabindex: "-1" }, small ? el("span", { class: "skm-kicker" }, small) : null, text);
  }

  /** @param {Element} item @param {number} n @param {Step[]} all */
  function elementScreen(item, n, all) {
    const head = el("div", { class: "skm-head" },
      options.code ? el("span", { class: "skm-ticket" }, t("ticket", { code: options.code })) : null,
      el("span", { class: "skm-count" }, stepLabel(all[state.step])));
    const id = `skm-q-${item.code}`;
    const group = el("div", { class: "skm-options", role: "group", "aria-labelledby": id },
      item.options.map((o) => choiceButton(o.label, state.answers[item.code] === o.score, () => {
        state.answers[item.code] = o.score;
        advance();
      }, { score: o.score, face: true })));
    const heading = title(item.question, item.name);
    heading.id = id;
    return el("section", { class: "skm-screen", dataset: { step: item.code } }, head, heading, group,
      nav({ canNext: item.code in state.answers }));
  }

  /** @param {ProfileField} item @param {number} n */
  function profileScreen(item, n) {
    const q = loaded[texts.lang];
    const label = item.label || PROFILE_TITLES[texts.lang][/** @type {"age"} */ (item.field)] || item.field;
    const id = `skm-p-${item.field}`;
    const heading = title(label, t("profileStep", { n, total: q.profile.length }));
    heading.id = id;
    const group = el("div", { class: "skm-options skm-options-profile", role: "group", "aria-labelledby": id },
      item.options.map((o) => choiceButton(o.label, state.profile[item.field] === o.code, () => {
        state.profile[item.field] = o.code;
        advance();
      })));
    return el("section", { class: "skm-screen", dataset: { step: item.field } },
      heading, el("p", { class: "skm-note" }, t("profileNote")), group,
      nav({ canNext: Boolean(state.profile[item.field]), skip: () => { state.profile[item.field] = null; go(state.step + 1); } }));
  }

  function suggestionScreen() {
    const max = loaded[texts.lang].suggestion_max || SUGGESTION_MAX;
    const left = el("span", { class: "skm-left", "aria-live": "polite" });
    const area = /** @type {HTMLTextAreaElement} */ (/** @type {unknown} */ (el("textarea", {
      id: "skm-suggestion", class: "skm-suggestion", rows: "5", maxlength: String(max),
      placeholder: t("suggestionPlaceholder"),
    })));
    area.value = state.suggestion;
    const count = () => { left.textContent = t("suggestionLeft", { n: max - area.value.length }); };
    area.addEventListener("input", () => { state.suggestion = area.value; count(); save(); });
    count();
    return el("section", { class: "skm-screen", dataset: { step: "suggestion" } },
      title(t("suggestionLabel"), t("suggestionStep")), area, left, nav({ canNext: true }));
  }

  /** @param {Step[]} all */
  function summaryScreen(all) {
    const rows = all.map((step, index) => {
      if (step.kind === "element") {
        const chosen = step.item.options.find((o) => o.score === state.answers[step.item.code]);
        return summaryRow(step.item.name, chosen ? chosen.label : t("skipped"), index);
      }
      if (step.kind === "profile") {
        const chosen = step.item.options.find((o) => o.code === state.profile[step.item.field]);
        const label = step.item.label || PROFILE_TITLES[texts.lang][/** @type {"age"} */ (step.item.field)];
        return summaryRow(label, chosen ? chosen.label : t("skipped"), index);
      }
      if (step.kind === "suggestion") {
        return summaryRow(t("suggestionTitle"), state.suggestion.trim() || t("noSuggestion"), index);
      }
      return null;
    });
    // after a network error the retry beside the message is the one way to send
    const send = state.error && state.error.retry ? null : el("button", { type: "button", id: "skm-send",
      class: "skm-send", onclick: submit, disabled: state.sending || null }, state.sending ? t("sending") : t("send"));
    const error = state.error ? el("div", { class: "skm-error", role: "alert" }, state.error.message,
      state.error.retry ? el("button", { type: "button", class: "skm-nav-btn primary", id: "skm-retry", onclick: submit }, t("retry")) : null) : null;
    return el("section", { class: "skm-screen skm-summary", dataset: { step: "summary" } },
      title(t("summaryStep")), el("p", { class: "skm-note" }, t("summaryNote")),
      el("dl", { class: "skm-answers" }, rows), error,
      el("div", { class: "skm-nav" }, el("button", { type: "button", class: "skm-nav-btn", onclick: () => go(state.step - 1) }, t("back")), send));
  }

  /** @param {string} name @param {string} value @param {number} index */
  function summaryRow(name, value, index) {
    return el("div", { class: "skm-answer" }, el("dt", {}, name),
      el("dd", {}, el("button", { type: "button", class: "skm-change", onclick: () => go(index) }, value)));
  }

  /** @param {string} label @param {boolean} pressed @param {() => void} pick
   *  @param {{score?: number, face?: boolean}} [how] */
  function choiceButton(label, pressed, pick, how = {}) {
    const button = el("button", { type: "button", class: `skm-choice${how.score ? ` score-${how.score}` : ""}`,
      "aria-pressed": pressed ? "true" : "false", dataset: how.score ? { score: how.score } : {},
      onclick: () => {
        for (const other of button.parentElement.querySelectorAll("button")) other.setAttribute("aria-pressed", "false");
        button.setAttribute("aria-pressed", "true");
        pick();
      } }, how.face ? face(how.score) : null, el("span", { class: "skm-label" }, label));
    return button;
  }

  /** @param {{canNext: boolean, skip?: () => void}} how */
  function nav({ canNext, skip }) {
    return el("div", { class: "skm-nav" },
      el("button", { type: "button", class: "skm-nav-btn", disabled: state.step === 0 || null, onclick: () => go(state.step - 1) }, t("back")),
      skip && !canNext ? el("button", { type: "button", class: "skm-nav-btn", onclick: skip }, t("skip")) : null,
      el("button", { type: "button", class: "skm-nav-btn primary", disabled: !canNext || null, onclick: () => go(state.step + 1) }, t("next")));
  }

  function advance() {
    save();
    window.clearTimeout(advanceTimer);
    const from = state.step;
    advanceTimer = window.setTimeout(() => { if (state.step === from) go(from + 1); }, ADVANCE_MS);
  }

  /** The answer's body as API.md "SKM" has it. */
  function answer() {
    const q = loaded[texts.lang];
    /** @type {Record<string, string | null>} */
    const profile = {};
    for (const p of q.profile) profile[p.field] = state.profile[p.field] || null;
    return { ticket_token: ticketToken, answers: { ...state.answers }, profile,
      suggestion: state.suggestion.trim() || null };
  }

  async function submit() {
    if (state.sending) return;
    state.sending = true;
    state.error = null;
    render();
    try {
      await api("/api/v1/skm/responses", { method: "POST", body: answer(), token });
      finish(false);
    } catch (err) {
      state.sending = false;
      if (err instanceof ApiError && err.code === "conflict") return finish(true);
      if (err instanceof ApiError && err.status === 400 && err.field) {
        // the server names what it refused (answers.U3, profile.sex): back to that screen
        const name = err.field.split(".").pop();
        const at = steps().findIndex((s) => (s.kind === "element" && s.item.code === name) || (s.kind === "profile" && s.item.field === name)
          || (s.kind === "suggestion" && name === "suggestion"));
        if (at >= 0) state.step = at;
      }
      const offline = !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
      state.error = { message: offline ? t("offline") : err.message, retry: offline };
      render();
      const alert = /** @type {HTMLElement | null} */ (body.querySelector("[role=alert]"));
      if (alert) {
        alert.setAttribute("tabindex", "-1");
        alert.focus(); // a screen reader hears what went wrong, the retry is next to it
      }
    }
  }

  /** @param {boolean} already */
  function finish(already) {
    state.done = true;
    forget();
    const heading = el("h2", { class: "skm-title", tabindex: "-1" }, already ? t("already") : t("thanksTitle"));
    body.replaceChildren(el("section", { class: `skm-screen skm-thanks${already ? " already" : ""}`, dataset: { step: "thanks" } },
      face(4), heading, already ? null : el("p", {}, t("thanksBody"))));
    heading.focus();
    if (options.onFinished) options.onFinished({ already });
  }

  /** 1–4 pick an answer, as on a keypad. @param {KeyboardEvent} event */
  function onKey(event) {
    activity();
    const target = /** @type {HTMLElement} */ (event.target);
    if (state.done || target.tagName === "TEXTAREA" || !/^[1-9]$/.test(event.key)) return;
    const choices = body.querySelectorAll(".skm-options button");
    const choice = /** @type {HTMLElement | undefined} */ (choices[Number(event.key) - 1]);
    if (choice) {
      event.preventDefault();
      choice.click();
    }
  }

  load({ focus: true });
  return {
    /** The page's language toggle: the same answers, the questions in the other language.
     *  @param {Lang} lang */
    setLang(lang) {
      texts.lang = lang;
      if (!state.done) load();
    },
    /** Whether the answer is in (the tablet then counts down to idle). */
    get done() { return state.done; },
    destroy() {
      window.clearTimeout(advanceTimer);
      root.removeEventListener("pointerdown", activity);
      root.removeEventListener("keydown", onKey);
      root.replaceChildren();
    },
  };
}
