"""The admin pages under /admin: the shell and the catalogue (agencies, services,
counters) and staff pages, all on the administration JSON API."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
