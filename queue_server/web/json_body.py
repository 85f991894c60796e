"""Reading a request's JSON body, defensively: bounded in size and in nesting depth, and only
when the client says it is JSON (Content-Type), so a cross-site form or a text/plain
request is never taken for an API call. Every refusal is a clear 4xx in the envelope."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from queue_server.domain.errors import BadRequest

MAX_BODY_BYTES = 64 * 1024
# Loket's deepest body (the weekly hours) is 4 levels; json's parser recurses per level and
# 1,000 levels (6 KB) used to end in a RecursionError, a 500 and a traceback in the log
MAX_DEPTH = 32
# a JSON string (skipped whole, brackets inside it do not count) or one bracket
_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def is_json_media_type(mimetype: str) -> bool:
    """application/json, or a +json type such as application/merge-patch+json."""
    kind, _, subtype = mimetype.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def nesting_depth(data: bytes, stop_above: int = MAX_DEPTH) -> int:
    """How deep the brackets of a JSON text go (counting stops once above `stop_above`)."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    break
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def read_json_object() -> dict[str, Any]:
    """The request body as a JSON object; an empty body (of any type) is an empty object."""
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise BadRequest("Permintaan terlalu besar.", field=None)
    data = request.get_data(cache=True)
    if not data.strip():
        return {}  # a POST that needs no body keeps working whatever its Content-Type
    if len(data) > MAX_BODY_BYTES:  # sent without a length (chunked)
        raise BadRequest("Permintaan terlalu besar.", field=None)
    if not is_json_media_type(request.mimetype):
        raise UnsupportedMediaType()
    if nesting_depth(data) > MAX_DEPTH:
        raise BadRequest(f"Isi permintaan bersarang terlalu dalam (maks {MAX_DEPTH} tingkat).")
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("Isi permintaan bukan JSON yang sah.") from None
    if not isinstance(parsed, dict):
        raise BadRequest("Isi permintaan harus objek JSON ({...}).")
    return parsed
