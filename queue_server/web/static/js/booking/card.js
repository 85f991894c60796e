// @ts-check
// One booking as the citizen keeps it (the confirmation after booking, the manage page):
// the code big, a QR of it for the kiosk's scanner, when and where, what to bring and the
// calendar file. No name or phone: the API never sends them to this page.
import { el } from "../dom.js";
import { qrSvg } from "../qr.js";
import { calendarFile, download } from "./ics.js";
import { dayLabel } from "./texts.js";

/** @typedef {import("./texts.js").BookingTexts} BookingTexts */
/** @typedef {{code: string, service_id: string, date: string, start: string, end: string,
 *   status: string, ticket_code: string | null, manage_url: string}} Booking */
/** @typedef {{id: string, name: string, name_en: string, agency: {id: string, name: string},
 *   requirements?: string[]}} Service */
/** @typedef {{today: string, holidays: Record<string, string>, zone: string,
 *   utc_offset_minutes: number, site: string, address?: string, demo: boolean,
 *   bookable: Record<string, number>}} PageFacts */

/** @param {Service | undefined} service @param {BookingTexts} texts */
export function serviceName(service, texts) {
  if (!service) return "";
  return texts.lang === "en" && service.name_en ? service.name_en : service.name;
}

/** @param {Service | undefined} service @returns {string[]} */
export function docsOf(service) {
  return ((service && service.requirements) || []).filter((d) => d && d.trim());
}

/** "Kamis, 3 Desember 2026 · 09:00–09:30 WIB"
 *  @param {Booking} booking @param {PageFacts} page @param {BookingTexts} texts */
export function whenText(booking, page, texts) {
  return `${dayLabel(booking.date, texts.locale)} · ${booking.start}–${booking.end}${page.zone ? ` ${page.zone}` : ""}`;
}

/** The persyaratan box. @param {Service | undefined} service @param {BookingTexts} texts */
export function docsBox(service, texts) {
  const docs = docsOf(service);
  return el("section", { class: "bk-docs", id: "bk-docs" },
    el("h2", {}, texts.t("docsTitle")),
    docs.length ? el("ul", {}, docs.map((d) => el("li", {}, d))) : el("p", {}, texts.t("noDocs")));
}

/** The place line: the hall, the agency's desk in it and the hall's street address.
 *  @param {Service | undefined} service @param {PageFacts} page */
export function placeText(service, page) {
  return [page.site, service && service.agency ? service.agency.name : "", page.address || ""]
    .filter(Boolean).join(" · ");
}

/** @param {Booking} booking @param {Service | undefined} service @param {PageFacts} page
 *  @param {BookingTexts} texts */
function saveToCalendar(booking, service, page, texts) {
  const text = calendarFile(booking, {
    summary: `${serviceName(service, texts)} · ${booking.code}`,
    place: placeText(service, page),
    docs: docsOf(service), docsTitle: texts.t("docsTitle"),
    note: `${texts.t("codeLabel")}: ${booking.code}. ${texts.t("checkInWindow")}`,
    offsetMinutes: page.utc_offset_minutes,
  });
  download(`reservasi-${booking.code}.ics`, text);
}

/** The code, its QR and the facts of a booking; `withActions` adds the calendar button.
 *  @param {Booking} booking @param {Service | undefined} service @param {PageFacts} page
 *  @param {BookingTexts} texts @param {{active: boolean}} options */
export function bookingCard(booking, service, page, texts, { active }) {
  const qr = el("div", { class: "bk-qr", id: "bk-qr", "aria-hidden": "true" });
  if (active) qr.append(qrSvg(booking.code, 8));
  return el("section", { class: "bk-card bk-ticket", id: "bk-booking", dataset: { code: booking.code, status: booking.status } },
    el("div", { class: "bk-code-label" }, texts.t("codeLabel")),
    el("div", { class: "bk-code", id: "bk-code" }, booking.code),
    active ? qr : null,
    active ? el("p", { class: "bk-keep" }, texts.t("keepCode")) : null,
    el("dl", { class: "bk-facts" },
      el("dt", {}, texts.t("service")), el("dd", { id: "bk-service" }, serviceName(service, texts)),
      el("dt", {}, texts.t("when")), el("dd", { id: "bk-when" }, whenText(booking, page, texts)),
      el("dt", {}, texts.t("where")), el("dd", { id: "bk-where" }, placeText(service, page))),
    active ? el("p", { class: "bk-window" }, texts.t("checkInWindow")) : null,
    active ? el("button", { type: "button", class: "bk-primary", id: "bk-ics",
      onclick: () => saveToCalendar(booking, service, page, texts) }, texts.t("addCalendar")) : null,
    active ? docsBox(service, texts) : null);
}
