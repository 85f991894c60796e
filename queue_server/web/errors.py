"""One JSON error envelope for every error the API can answer, mapped in one place."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from queue_server.domain import errors
from queue_server.log_limits import limit_repeats

log = logging.getLogger(__name__)

STATUS_OF: dict[type[errors.QueueError], int] = {
    errors.BadRequest: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.InvalidTransition: 409,
    errors.ServiceClosed: 409,
    errors.QuotaReached: 409,
    errors.IdempotencyKeyReused: 422,
    errors.RateLimited: 429,
}

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "unprocessable", 429: "rate_limited",
}

HTTP_MESSAGES = {
    404: "Alamat ini tidak ada di API Loket.",
    405: "Metode HTTP ini tidak diizinkan untuk alamat ini.",
    413: "Permintaan terlalu besar.",
    415: "Isi permintaan harus JSON: kirim dengan Content-Type: application/json.",
}


_PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<link rel="stylesheet" href="/static/css/error_page.css">
</head><body><main><h1>{title}</h1><p>{message}</p><p><a href="/">Kembali ke halaman utama</a>
</p></main></body></html>"""


def wants_page() -> bool:
    """Pages (a mistyped address, an old QR code) get a friendly page; the API and machine
    endpoints always answer JSON."""
    machine = request.path.startswith(("/api/", "/socket.io", "/audio/", "/vendor/",
                                       "/static/"))
    return not machine and "application/json" not in request.headers.get("Accept", "")


def envelope(status: int, code: str, message: str, field: str | None = None,
             problems: list[tuple[str, str]] | None = None) -> Response:
    if wants_page():
        title = {404: "Halaman tidak ditemukan", 500: "Terjadi kesalahan"}.get(
            status, "Permintaan tidak dapat diproses")
        return Response(_PAGE.format(title=escape(title), message=escape(message)),
                        status=status, mimetype="text/html")
    error: dict[str, Any] = {"code": code, "message": message, "field": field}
    if problems:  # every bad field of a form, for pages that mark them all at once
        error["problems"] = [{"field": f, "message": m} for f, m in problems]
    response = jsonify({"ok": False, "error": error})
    response.status_code = status
    return response


def status_of(error: errors.QueueError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]  # type: ignore[index]
    return 400


def install(app: Flask) -> None:
    limit_repeats(log)  # a client that keeps hitting one broken path cannot flush the log
    @app.errorhandler(errors.QueueError)
    def queue_error(error: errors.QueueError) -> Response:
        response = envelope(status_of(error), error.code, error.message, error.field,
                            getattr(error, "problems", None))
        retry_after = getattr(error, "retry_after", None)
        if retry_after:  # a refused screen or form knows when to try again
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        message = HTTP_MESSAGES.get(status, error.description or error.name)
        if status == 404 and wants_page():
            message = "Halaman yang Anda cari tidak ada. Periksa kembali alamatnya."
        response = envelope(status, HTTP_CODES.get(status, "http_error"), message)
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        # The details go to the log for the IT officer, never to the client.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return envelope(500, "internal_error",
                        "Terjadi kesalahan pada server. Data Anda tidak hilang; coba lagi.")
