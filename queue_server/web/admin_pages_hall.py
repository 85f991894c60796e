"""The admin pages of the hall as a whole: schedule, site and screens, audit log, export."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin_hall", __name__, url_prefix="/admin")
