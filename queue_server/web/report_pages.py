"""The reports pages (/reports): tables, charts, exports and the printable monthly report."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("reports", __name__, url_prefix="/reports")
