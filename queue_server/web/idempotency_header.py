"""The Idempotency-Key header of a POST that must not happen twice (a ticket, a call-next,
a booking), and the fingerprint of the request it came with (domain/idempotency.py)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import request

from queue_server.domain.errors import BadRequest


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (0 < len(key) <= 100 and key.isprintable()):
        raise BadRequest("Idempotency-Key must be 1-100 printable characters.",
                         field="Idempotency-Key")
    return key


def request_fingerprint(body: dict[str, Any]) -> str:
    """What an Idempotency-Key was sent with: method, path and the body as read (defaults
    filled in, keys sorted), so a retry matches and another request does not."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path} {canonical}".encode()).hexdigest()
