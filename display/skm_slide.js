// @ts-check
// The TV's SKM slide ([skm] show_on_tv, off by default): from time to time the running area
// (the footer ticker) gives way to "Indeks Kepuasan Masyarakat" with each agency's IKM and
// mutu for the period the hall publishes (GET /api/v1/skm/public, the same figures as
// /skm/public), then the running text comes back. Calm by design: no sound, no alarm
// colours, no names; a failed fetch or a period without respondents just skips the slide.
import { el } from "/static/js/dom.js";
import { api } from "/static/js/loket.js";
import { Texts } from "/static/js/texts.js";
import { publicPeriod } from "/static/js/skm/public_period.js";

const FIRST_MS = 20_000;   // after the screen has settled
const EVERY_MS = 180_000;  // one slide every three minutes…
const SHOW_MS = 15_000;    // …for fifteen seconds

const TEXT = {
  id: { title: "Indeks Kepuasan Masyarakat", periodDone: "{label}", periodSoFar: "{label} (sementara)" },
  en: { title: "Community Satisfaction Index", periodDone: "{label}", periodSoFar: "{label} (so far)" },
};

/** @typedef {{id: string, name: string, short_name?: string, name_en?: string,
 *   respondents: number, ikm: number | null, quality: string | null}} AgencyFigures */

/** @param {number} value @param {string} locale */
const ikm = (value, locale) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2,
  maximumFractionDigits: 2 }).format(value);

/** Starts the slide's rotation in `footer` (which holds the running text `ticker`).
 *  @param {HTMLElement} footer @param {HTMLElement} ticker @param {"id" | "en"} lang
 *  @param {string | null} token the screen's device token */
export function startSkmSlide(footer, ticker, lang, token) {
  const texts = new Texts(TEXT, lang);
  const slide = el("div", { class: "skm-slide", id: "skm-slide", hidden: true, "aria-live": "polite" });
  footer.append(slide);
  /** @type {any} */ (window).__loketSkmSlide = { shown: 0 };

  async function show() {
    let data;
    try {
      data = await api("/api/v1/skm/public", token ? { token } : {});
    } catch {
      return;  // the queue matters more: try again next round
    }
    const agencies = /** @type {AgencyFigures[]} */ (data.agencies || [])
      .filter((a) => a.respondents > 0 && a.ikm !== null);
    if (!agencies.length) return;
    const label = data.period ? publicPeriod(data.period, texts) : "";
    slide.replaceChildren(
      el("span", { class: "skm-title" }, texts.t("title"), label ? el("small", {}, label) : null),
      ...agencies.map((a) => el("span", { class: "skm-agency", dataset: { key: a.id } },
        el("span", { class: "name" }, a.short_name || (lang === "en" ? a.name_en : a.name)),
        el("span", { class: "ikm" }, ikm(Number(a.ikm), texts.locale)),
        el("span", { class: "quality" }, a.quality || ""))));
    footer.classList.add("showing-skm");
    ticker.hidden = true;
    slide.hidden = false;
    /** @type {any} */ (window).__loketSkmSlide.shown += 1;
    setTimeout(() => {
      slide.hidden = true;
      ticker.hidden = false;
      footer.classList.remove("showing-skm");
    }, SHOW_MS);
  }

  setTimeout(() => {
    show();
    setInterval(show, EVERY_MS);
  }, FIRST_MS);
}
