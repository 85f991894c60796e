"""API: the rencana tindak lanjut of SKM results (docs/api-changes.md), declared on the API
registry of web/api.py."""

from __future__ import annotations

from queue_server.web.api import api  # noqa: F401
