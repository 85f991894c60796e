"""The citizen's booking pages (/booking: choose, book, confirm, manage)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("booking", __name__, url_prefix="/booking")
