"""Forgetting old Idempotency-Keys (domain/idempotency.py keeps them two days): the realtime
sweep calls `sweep` every few seconds; it works at most once an hour, in short write
transactions, so a year of a hall's presses never piles up in the database and its backups."""

from __future__ import annotations

from datetime import timedelta

from queue_server.domain.idempotency import forgotten_before

from .hall import Hall
from .sweep_pace import SweepPace

SWEEP_EVERY = timedelta(hours=1)
BATCH = 5000  # keys per write transaction: the write lock is held a few milliseconds
_sweep_pace = SweepPace(SWEEP_EVERY)


def sweep(hall: Hall, *, force: bool = False, batch: int = BATCH) -> int | None:
    """Delete the keys past their two days; how many (None: not due yet)."""
    now = hall.now()
    if not _sweep_pace.due(hall, now, force=force):
        return None
    cutoff = forgotten_before(now)
    forgotten = 0
    while True:
        # not durable: a key a power cut brings back is forgotten again at the next sweep
        with hall.store.write(durable=False) as tx:
            deleted = tx.idempotency.forget_before(cutoff, batch)
        forgotten += deleted
        if deleted < batch:
            return forgotten
