// @ts-check
// What the booking pages say for an API refusal (API.md error envelope), in the page's
// language, and where the citizen can put it right.
import { ApiError } from "../loket.js";

/** @typedef {import("./texts.js").BookingTexts} BookingTexts */
/** @typedef {{message: string, field: string | null, back: "slot" | "day" | null,
 *   retry: boolean}} Refusal */

/** The minutes a rate limit asks to wait, read from the server's sentence ("… dalam 4
 *  menit.") since the envelope carries no number of its own.
 *  @param {string} message @returns {number | null} */
export function waitMinutes(message) {
  const found = /(\d+)\s*(menit|minute)/i.exec(message || "");
  return found ? Number(found[1]) : null;
}

/** @param {unknown} err @param {BookingTexts} texts @returns {Refusal} */
export function refusal(err, texts) {
  /** @type {{field: string | null, back: "slot" | "day" | null, retry: boolean}} */
  const none = { field: null, back: null, retry: false };
  if (!(err instanceof ApiError)) return { ...none, message: texts.t("failed"), retry: true };
  if (err.status === 0) return { ...none, message: texts.t("network"), retry: true };
  if (err.status === 429) {
    const n = waitMinutes(err.message);
    return { ...none, message: n ? texts.t("rateLimited", { n }) : texts.t("rateLimitedSoon") };
  }
  if (err.code === "quota_reached") return { ...none, message: texts.t("slotFull"), back: "slot" };
  if (err.code === "service_closed") return { ...none, message: texts.t("serviceClosed"), back: "day" };
  if (err.code === "conflict" && err.field === "phone") {
    return { ...none, message: texts.t("phoneTaken"), field: "phone" };
  }
  // the page's key is spent (book.js): a new one is ready, another press books
  if (err.code === "idempotency_key_reused") return { ...none, message: texts.t("failed"), retry: true };
  if (err.status === 404) return { ...none, message: texts.t("notFound") };
  if (err.status === 400 && err.field === "name") return { ...none, message: texts.t("needName"), field: "name" };
  if (err.status === 400 && err.field === "phone") return { ...none, message: texts.t("badPhone"), field: "phone" };
  if (err.status >= 500) return { ...none, message: texts.t("failed"), retry: true };
  // the server's own sentence (Indonesian), better than a generic one
  return { ...none, message: err.message || texts.t("failed"), field: err.field };
}
