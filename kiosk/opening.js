// @ts-check
// When the hall or a service opens again, in words: the server computes the moment
// (domain/opening.py, `next_open_at` in the services answer); here it is only written out
// in the hall's time zone, whatever zone the kiosk PC is set to.
import { HallClock } from "/static/js/clock.js";
import { t, texts } from "./texts.js";

export const clock = new HallClock(document.body.dataset.timezone, document.body.dataset.zoneLabel || "");

/** The hall's calendar day of a moment, to tell "today" from another day. @param {number} ms */
function dayOf(ms) {
  return clock.format("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}

/** "Buka kembali Senin, 7 Desember pukul 08.00 WIB" ("… hari ini pukul 13.30 WIB" the same
 *  day; the year only when it is another one); "" when the moment is unknown.
 *  @param {string | null | undefined} iso */
export function openingText(iso) {
  const at = Date.parse(iso || "");
  if (!Number.isFinite(at)) return "";
  const now = clock.now();
  // Indonesian writes 08.00, English 08:00
  const time = `${texts.lang === "en" ? clock.time(at, texts.locale)
    : clock.time(at, texts.locale).replace(":", ".")} ${clock.zoneLabel}`.trim();
  if (dayOf(at) === dayOf(now)) return t("opensToday", { time });
  /** @type {Intl.DateTimeFormatOptions} */
  const options = { weekday: "long", day: "numeric", month: "long" };
  if (dayOf(at).slice(0, 4) !== dayOf(now).slice(0, 4)) options.year = "numeric";
  return t("opensOn", { day: clock.format(texts.locale, options).format(new Date(at)), time });
}
