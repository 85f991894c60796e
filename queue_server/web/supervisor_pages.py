"""The supervisor's live page (/supervisor): queues, counters and alarms of their agencies."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("supervisor", __name__, url_prefix="/supervisor")
