"""API: citizens' complaints and suggestions (pengaduan) and the staff's answers
(docs/api-changes.md), declared on the API registry of web/api.py."""

from __future__ import annotations

from queue_server.web.api import api  # noqa: F401
