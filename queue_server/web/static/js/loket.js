// @ts-check
// Talking to the server from Loket's browser surfaces (kiosk, TV display, console, phone page):
// JSON over fetch with the API's error envelope. Plain ES module: no build step; third-party
// code comes from /vendor (npm, served locally). The other shared modules sit beside it:
// dom.js, texts.js, clock.js, live.js, screen.js, qr.js.

export class ApiError extends Error {
  /** @param {number} status 0 when the server could not be reached
   *  @param {string} code the API's error code (`quota_reached`, …) or `network`/`http_error`
   *  @param {string} message a sentence fit to show
   *  @param {string|null} [field]
   *  @param {number|null} [retryAfter] seconds the server asked to wait (429's Retry-After) */
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

/**
 * @typedef {object} ApiOptions
 * @property {string} [method]
 * @property {unknown} [body] sent as JSON
 * @property {string|null} [token] a device or user bearer token
 * @property {Record<string, string>} [headers]
 * @property {number} [timeoutMs]
 */

/** fetch() with the bearer token, JSON in and out, the API's error envelope as ApiError,
 *  and a timeout so a dead network never leaves a screen waiting forever.
 *  @param {string} path
 *  @param {ApiOptions} [options]
 *  @returns {Promise<any>} the decoded answer */
export async function api(path, { method = "GET", body, token, headers = {}, timeoutMs = 8000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  /** @type {Record<string, string>} */
  const allHeaders = { Accept: "application/json", ...headers };
  if (token) allHeaders.Authorization = `Bearer ${token}`;
  if (body !== undefined) allHeaders["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method, headers: allHeaders, signal: controller.signal, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, "network", "Tidak terhubung ke server");
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || "http_error",
      error.message || `HTTP ${response.status}`, error.field || null,
      retryAfterSeconds(response.headers.get("Retry-After")));
  }
  return data;
}

/** The seconds of a Retry-After header (the server sends whole seconds), else null.
 *  @param {string|null} header */
function retryAfterSeconds(header) {
  if (!header || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

/** A fresh Idempotency-Key (also where crypto.randomUUID is missing: plain-http kiosks). */
export function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
