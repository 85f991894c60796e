// @ts-check
// The administration API from the admin pages: JSON in and out, the session cookie, and the
// CSRF token of the page (<meta name="csrf-token">) on every change.
//
//   import { api, ApiError } from "./api.js";
//   const { services } = await api.get("/api/v1/admin/services");
//   try { await api.patch(`/api/v1/admin/services/${id}`, { daily_quota: 120 }); }
//   catch (err) { if (err instanceof ApiError && err.field) ... }   // see form.js
// A refusal is an ApiError with the envelope's `code`, `message` (Indonesian) and `field`,
// and `problems` [{field, message}] when a form had several bad fields;
// a network failure is code "network", an answer that is not the envelope "unexpected".

const CSRF = /** @type {HTMLMetaElement | null} */ (
  document.querySelector('meta[name="csrf-token"]'))?.content || "";

/** @typedef {{field: string, message: string}} Problem */

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message
   *  @param {string | null} field @param {Problem[]} [problems] every bad field of a form */
  constructor(status, code, message, field, problems = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.problems = problems;
  }
}

/** @param {unknown} list @returns {Problem[]} */
function problemsOf(list) {
  if (!Array.isArray(list)) return [];
  return list.filter((p) => p && typeof p.field === "string" && typeof p.message === "string")
    .map((p) => ({ field: p.field, message: p.message }));
}

/** @param {string} method @param {string} path @param {unknown} [body] @returns {Promise<any>} */
async function send(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = CSRF;
  // a file (an agency's logo) goes up as it is; its kind is the server's to read
  const file = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = file ? (body.type || "application/octet-stream") : "application/json";
  let answer;
  try {
    answer = await fetch(path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "Server tidak terjangkau. Periksa jaringan lalu coba lagi.", null);
  }
  let data = null;
  try {
    data = await answer.json();
  } catch {
    // an empty or non-JSON answer: only acceptable for a success without a body
  }
  if (!answer.ok) {
    const error = data && data.error;
    if (error && typeof error.message === "string") {
      throw new ApiError(answer.status, String(error.code || "error"), error.message,
        typeof error.field === "string" ? error.field : null, problemsOf(error.problems));
    }
    throw new ApiError(answer.status, "unexpected",
      `Server menjawab ${answer.status}. Coba lagi sebentar lagi.`, null);
  }
  return data;
}

export const api = {
  /** @param {string} path */
  get: (path) => send("GET", path),
  /** @param {string} path @param {unknown} body */
  post: (path, body) => send("POST", path, body ?? {}),
  /** @param {string} path @param {unknown} body */
  patch: (path, body) => send("PATCH", path, body),
  /** @param {string} path @param {unknown} body */
  put: (path, body) => send("PUT", path, body),
  /** @param {string} path @param {Blob} file the request body as it is */
  upload: (path, file) => send("PUT", path, file),
};
