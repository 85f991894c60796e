"""One JSON error envelope for every error the API can answer, mapped in one place."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from queue_server.domain import errors

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
    errors.RateLimited: 429,
}

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 429: "rate_limited",
}

HTTP_MESSAGES = {
    404: "Alamat ini tidak ada di API Loket.",
    405: "Metode HTTP ini tidak diizinkan untuk alamat ini.",
    413: "Permintaan terlalu besar.",
}


_PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:"DejaVu Sans",system-ui,sans-serif;background:#f4f6f8;color:#17202a;
display:grid;place-items:center;min-height:100vh;margin:0}}main{{background:#fff;padding:32px;
border-radius:12px;max-width:520px;box-shadow:0 1px 3px rgba(0,0,0,.12)}}a{{color:#0b4f8a}}</style>
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
    @app.errorhandler(errors.QueueError)
    def queue_error(error: errors.QueueError) -> Response:
        return envelope(status_of(error), error.code, error.message, error.field,
                        getattr(error, "problems", None))

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
