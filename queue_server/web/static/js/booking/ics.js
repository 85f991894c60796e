// @ts-check
// "Tambahkan ke kalender": an iCalendar file (RFC 5545) of one booking, made in the phone
// itself from what the page already shows, so the file needs no server round trip. Times
// are written in UTC from the site's offset (Indonesia keeps one offset all year), which
// every calendar app reads the same way, with or without time-zone tables.

/** @typedef {{code: string, date: string, start: string, end: string, manage_url?: string}} BookingLike */
/** @typedef {{summary: string, place: string, docs: string[], docsTitle: string,
 *   note: string, offsetMinutes: number}} CalendarFacts */

/** "20261203T020000Z" for a local day and "HH:MM" at `offsetMinutes` east of UTC.
 *  @param {string} day @param {string} hhmm @param {number} offsetMinutes */
export function utcStamp(day, hhmm, offsetMinutes) {
  const [y, m, d] = day.split("-").map(Number);
  const [h, min] = hhmm.split(":").map(Number);
  const moment = new Date(Date.UTC(y, m - 1, d, h, min) - offsetMinutes * 60000);
  return moment.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Text escaped for a property value (backslash, comma, semicolon, new line).
 *  @param {string} text */
function escapeText(text) {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** A content line folded at 75 octets (continuation lines start with a space).
 *  @param {string} line */
function fold(line) {
  const bytes = new TextEncoder();
  const parts = [];
  let current = "";
  for (const char of line) {
    const limit = parts.length ? 74 : 75;
    if (bytes.encode(current + char).length > limit) {
      parts.push(current);
      current = "";
    }
    current += char;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** The .ics text of a booking.
 *  @param {BookingLike} booking @param {CalendarFacts} facts @param {Date} [now] */
export function calendarFile(booking, facts, now = new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const description = [
    facts.note,
    facts.docs.length ? `${facts.docsTitle}:\n${facts.docs.map((d) => `- ${d}`).join("\n")}` : "",
    booking.manage_url || "",
  ].filter(Boolean).join("\n\n");
  const lines = [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Loket//Reservasi antrean//ID", "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH", "BEGIN:VEVENT",
    `UID:booking-${booking.code}@loket`, `DTSTAMP:${stamp}`,
    `DTSTART:${utcStamp(booking.date, booking.start, facts.offsetMinutes)}`,
    `DTEND:${utcStamp(booking.date, booking.end, facts.offsetMinutes)}`,
    `SUMMARY:${escapeText(facts.summary)}`,
    `LOCATION:${escapeText(facts.place)}`,
    `DESCRIPTION:${escapeText(description)}`,
    booking.manage_url ? `URL:${booking.manage_url}` : "",
    // a reminder an hour before, to leave home in time
    "BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${escapeText(facts.summary)}`, "TRIGGER:-PT1H", "END:VALARM",
    "END:VEVENT", "END:VCALENDAR",
  ].filter(Boolean);
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/** Hands the file to the phone (its calendar app offers to add it).
 *  @param {string} name @param {string} text */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
