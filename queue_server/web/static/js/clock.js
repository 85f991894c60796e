// @ts-check
// The hall's clock: the server's time (a screen's own clock may be minutes off) shown in the
// hall's time zone (WIB), whatever zone the kiosk PC or TV stick was set to.

export class HallClock {
  /** @param {string} timezone an IANA zone, e.g. Asia/Jakarta
   *  @param {string} [zoneLabel] WIB, WITA, WIT, or nothing */
  constructor(timezone, zoneLabel = "") {
    this.timezone = timezone || "Asia/Jakarta";
    this.zoneLabel = zoneLabel;
    this.offsetMs = 0; // server time - local time
    /** @type {Map<string, Intl.DateTimeFormat>} */
    this.formats = new Map();
  }

  /** The server's time now, in ms. */
  now() {
    return Date.now() + this.offsetMs;
  }

  /** Learns the offset from a server timestamp taken just now (a snapshot's or health's `now`).
   *  @param {string | undefined | null} iso */
  sync(iso) {
    const at = Date.parse(iso || "");
    if (Number.isFinite(at)) this.offsetMs = at - Date.now();
  }

  /** "08:15" in the hall's zone ("–" for no time).
   *  @param {number | string | null | undefined} at ms, or an ISO string
   *  @param {string} locale */
  time(at, locale) {
    const ms = typeof at === "string" ? Date.parse(at) : at;
    if (typeof ms !== "number" || !Number.isFinite(ms)) return "–";
    return this.format(locale, { hour: "2-digit", minute: "2-digit", hour12: false })
      .format(new Date(ms)).replace(".", ":"); // id-ID writes 08.15
  }

  /** "Senin, 9 Maret 2026" in the hall's zone.
   *  @param {number} at
   *  @param {string} locale */
  date(at, locale) {
    return this.format(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" })
      .format(new Date(at));
  }

  /** @param {string} locale @param {Intl.DateTimeFormatOptions} options */
  format(locale, options) {
    const key = `${locale}|${JSON.stringify(options)}`;
    let made = this.formats.get(key);
    if (!made) {
      made = new Intl.DateTimeFormat(locale, { timeZone: this.timezone, ...options });
      this.formats.set(key, made);
    }
    return made;
  }
}
