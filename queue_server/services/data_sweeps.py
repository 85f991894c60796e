"""The sweeps that keep the database's data to what the hall may keep, called by the realtime
sweep every few seconds; each paces itself (sweep_pace.py) and one failing never stops the
others."""

from __future__ import annotations

import logging

from . import bookings, idempotency_keys
from .hall import Hall

log = logging.getLogger(__name__)


def sweep(hall: Hall) -> None:
    try:  # bookings past their window are missed; old names and phones erased (each minute)
        bookings.sweep(hall)
    except Exception:
        log.exception("booking sweep failed")
    try:  # Idempotency-Keys past their two days are forgotten (each hour)
        idempotency_keys.sweep(hall)
    except Exception:
        log.exception("idempotency key sweep failed")
