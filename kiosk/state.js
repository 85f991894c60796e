// @ts-check
// What the kiosk holds between taps.
import { EventGate } from "/static/js/live.js";
import { deviceToken } from "/static/js/screen.js";

/**
 * @typedef {{id: string, name: string, short_name: string, badge: string,
 *   logo_url?: string | null}} Agency
 * @typedef {{id: string, prefix: string, name: string, name_en: string, agency: Agency,
 *   open: boolean, closed_reason?: string | null, closed_message?: string,
 *   closed_message_en?: string, next_open_at?: string | null, waiting: number,
 *   eta_minutes: number | null, eta_text?: string | null, eta_text_en?: string | null,
 *   requirements?: string[]}} Service
 *   `requirements`: the documents a citizen must bring (persyaratan), Indonesian names shown
 *   as they are in both languages; empty or absent when the service asks for none
 * @typedef {{status: string, attempts: number}} PrintJob
 * @typedef {{open: boolean, closed_reason: string | null, closed_message: string | null,
 *   closed_message_en: string | null, next_open_at: string | null}} HallOpening
 *   the hall's own state (GET /services `hall`): closed when no service takes tickets
 */

export const IDLE_MS = { choose: 30000, ticketPrinted: 15000, ticketProblem: 60000 };

export const state = {
  token: deviceToken("kiosk"),
  services: /** @type {Service[]} */ ([]),
  hall: /** @type {HallOpening} */ ({ open: true, closed_reason: null, closed_message: null,
    closed_message_en: null, next_open_at: null }),
  agency: /** @type {string | null} */ (null), // agency id chosen
  service: /** @type {string | null} */ (null), // service chosen
  issueKey: /** @type {string | null} */ (null), // Idempotency-Key of the ticket being taken: a double tap reuses it
  busy: false,
  /** @type {{id: string, code: string, service_id: string, priority: boolean, people_ahead: number,
   *   eta_minutes: number | null, eta_text?: string | null, eta_text_en?: string | null,
   *   track_url: string, booking_code?: string | null} | null} */
  ticket: null,
  /** undefined: not known yet; null: no printer; else the print job */
  print: /** @type {PrintJob | null | undefined} */ (undefined),
  reprinting: false, // a "Cetak ulang" request in flight: a second tap does nothing
  reprintNote: /** @type {string | null} */ (null), // why the last reprint was refused
  idleTimer: /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined),
  pollTimer: /** @type {ReturnType<typeof setTimeout> | null} */ (null),
  screen: "loading",
  gate: new EventGate(),
  live: /** @type {ReturnType<typeof import("/static/js/live.js").connectSocket> | null} */ (null),
  taps: 0, // ticket buttons pressed, reported on <body data-taps> for tests
};
