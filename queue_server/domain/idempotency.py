"""Idempotency keys: a key sent again is a retry of the same request, answered as the first
time; a key sent again with another request is a client bug, refused (422) rather than
answered with a ticket the client did not ask for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import IdempotencyKeyReused

# A retry comes seconds after the first try (a double tap, a lost answer on the hall's Wi-Fi),
# at most hours later (a phone that booked, lost signal and sends again): two days cover it.
# Older keys are forgotten, or the hall would keep every press of every console for ever.
KEPT_FOR = timedelta(days=2)


def forgotten_before(now: datetime) -> datetime:
    """Keys made before this are forgotten: sent again, the request is a new one."""
    return now - KEPT_FOR


@dataclass(frozen=True)
class Remembered:
    """What a key gave the first time: its ticket (None: it gave none, e.g. nobody waited)
    or booking, and the fingerprint of the request (None for keys remembered before
    fingerprints)."""

    ticket_id: int | None
    fingerprint: str | None
    booking_id: int | None = None  # what a booking's key gave


def check_same_request(remembered: Remembered, fingerprint: str | None) -> None:
    """A retry must be the request the key was first sent with; when either side has no
    fingerprint (an older key, a caller that sends none) it is taken as a retry."""
    if remembered.fingerprint and fingerprint and remembered.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            "Idempotency-Key ini sudah dipakai untuk permintaan lain; kirim kunci baru untuk "
            "permintaan baru.", field="Idempotency-Key")
