"""Idempotency keys: the same tap or press sent twice gives the first answer again."""

from __future__ import annotations

from datetime import datetime

from .base import Table
from .rows import to_db_time


class IdempotencyKeys(Table):
    def ticket_for(self, actor: str, key: str) -> int | None:
        found, ticket_id = self.result(actor, key)
        return ticket_id if found else None

    def result(self, actor: str, key: str) -> tuple[bool, int | None]:
        """(seen before, the ticket it gave then: None when it gave no ticket)."""
        row = self._one("SELECT ticket_id FROM idempotency_keys WHERE actor = ? AND key = ?",
                        (actor, key))
        return (False, None) if row is None else (True, row[0])

    def remember(self, actor: str, key: str, ticket_id: int | None, at: datetime) -> None:
        self.conn.execute(
            "INSERT INTO idempotency_keys (key, actor, ticket_id, created_at) "
            "VALUES (?, ?, ?, ?)", (key, actor, ticket_id, to_db_time(at)))
