"""Security headers on every answer: a strict Content-Security-Policy on pages (no inline
script or style, nothing from another origin, never framed), nosniff everywhere, and no
caching of pages or API answers (they carry sessions, tracking tokens and personal data)."""

from __future__ import annotations

from flask import Flask, Response

# One policy for every page. Same-origin WebSockets (Socket.IO) are covered by 'self' in
# CSP 3 browsers; data: images are the CSS check marks, blob: the calendar download and QR
# codes; media from 'self' is the announcer's audio under /audio/.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

EVERY_ANSWER = {
    "X-Content-Type-Options": "nosniff",
    # same-origin: a tracking token in a page's address never leaves the hall's server
    "Referrer-Policy": "same-origin",
}

PAGE_ONLY = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP 2
}


def is_page(response: Response) -> bool:
    return response.mimetype == "text/html"


def secure(response: Response) -> Response:
    for name, value in EVERY_ANSWER.items():
        response.headers.setdefault(name, value)
    if is_page(response):
        for name, value in PAGE_ONLY.items():
            response.headers.setdefault(name, value)
        # pages are signed in or carry a token (/t/…, a booking's or a complaint's code):
        # a shared hall PC's browser cache must not keep them
        response.headers["Cache-Control"] = "no-store"
    elif response.mimetype == "application/json":
        # live data, pairing secrets, tokens; an answer that chose its own caching keeps it
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def install(app: Flask) -> None:
    app.after_request(secure)
