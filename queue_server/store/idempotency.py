"""Idempotency keys: the same tap or press sent twice gives the first answer again; each key
keeps the fingerprint of the request it came with (domain/idempotency.py decides)."""

from __future__ import annotations

from datetime import datetime

from queue_server.domain.idempotency import Remembered

from .base import Table
from .rows import to_db_time


class IdempotencyKeys(Table):
    def recall(self, actor: str, key: str) -> Remembered | None:
        """What the key gave the first time, or None when it is new."""
        row = self._one("SELECT ticket_id, fingerprint, booking_id FROM idempotency_keys "
                        "WHERE actor = ? AND key = ?", (actor, key))
        return None if row is None else Remembered(ticket_id=row[0], fingerprint=row[1],
                                                   booking_id=row[2])

    def remember(self, actor: str, key: str, ticket_id: int | None, at: datetime,
                 fingerprint: str | None = None, *, booking_id: int | None = None) -> None:
        self.conn.execute(
            "INSERT INTO idempotency_keys (key, actor, ticket_id, created_at, fingerprint, "
            "booking_id) VALUES (?, ?, ?, ?, ?, ?)",
            (key, actor, ticket_id, to_db_time(at), fingerprint, booking_id))

    def forget_before(self, cutoff: datetime, limit: int) -> int:
        """Delete up to `limit` keys made before `cutoff`; how many. No index on the time:
        the rows are in the order they were made, so the old ones are found first."""
        return self.conn.execute(
            "DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys "
            "WHERE created_at < ? LIMIT ?)",
            (to_db_time(cutoff), limit)).rowcount
