"""API (API.md "Reports"): routes declared on the API registry of web/api.py."""

from __future__ import annotations
