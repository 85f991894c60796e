"""The staff list of complaints (pengaduan) and their answers."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("complaints", __name__, url_prefix="/complaints")
