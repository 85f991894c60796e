"""The SKM results pages (/skm, the printable report, /skm/public)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("skm", __name__, url_prefix="/skm")
