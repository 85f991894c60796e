"""API (API.md "Bookings"): slots, booking, manage, cancel, check-in and the staff list,
declared on the API registry of web/api.py."""

from __future__ import annotations

from queue_server.web.api import api  # noqa: F401
