"""Pieces every JSON Schema module of the API uses."""

from __future__ import annotations

from typing import Any

TIME = {"type": "string", "format": "date-time"}


def nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}
