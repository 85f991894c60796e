"""API (API.md "SKM"): questionnaire, responses, results and the public figures, declared
on the API registry of web/api.py."""

from __future__ import annotations

from queue_server.web.api import api  # noqa: F401
