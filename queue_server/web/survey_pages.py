"""The survey tablet (a paired `survey` device at a counter) and the citizen's SKM form."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("survey", __name__, url_prefix="/survey")
