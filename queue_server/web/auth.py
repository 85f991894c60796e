"""Who is asking: a bearer token, or (for browser pages) the signed-in session."""

from __future__ import annotations

from flask import current_app, g, request

from queue_server.domain.access import ANONYMOUS, Principal
from queue_server.domain.errors import Unauthorized
from queue_server.services import accounts


def _hall():
    return current_app.extensions["loket"].hall


def principal_from_header(header: str | None) -> Principal | None:
    """None: no credentials given. Unauthorized: credentials given but not valid."""
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized("Header Authorization harus berbentuk 'Bearer TOKEN'.")
    principal = accounts.principal_for_token(_hall(), secret.strip())
    if principal is None:
        raise Unauthorized("Token tidak dikenal atau sudah dicabut.")
    return principal


def current_principal() -> Principal:
    if "principal" not in g:
        found = principal_from_header(request.headers.get("Authorization"))
        if found is None:
            resolver = current_app.extensions["loket"].session_principal
            found = resolver() if resolver else None
        g.principal = found or ANONYMOUS
    return g.principal
