"""Which catalogue and site values an admin set in the browser (see migration 0007).

A restart seeds config.toml into the database but keeps every value named here; `config
apply FILE` is the one way back to the file's values, and it forgets these rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .base import Table
from .rows import to_db_time

WHOLE = "*"  # the admin created the thing itself


class AdminEdits(Table):
    def mark(self, entity: str, id: str, fields: Iterable[str], at: datetime,
             actor: str) -> None:
        self.conn.executemany(
            "INSERT INTO admin_edits (entity, id, field, at, actor) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(entity, id, field) DO UPDATE SET at = excluded.at, "
            "actor = excluded.actor",
            [(entity, id, f, to_db_time(at), actor) for f in fields])

    def of(self, entity: str) -> dict[str, set[str]]:
        """id -> the fields an admin set ("*" when the admin created it)."""
        out: dict[str, set[str]] = {}
        for row in self._all("SELECT id, field FROM admin_edits WHERE entity = ?", (entity,)):
            out.setdefault(row[0], set()).add(row[1])
        return out

    def forget_all(self) -> int:
        return self.conn.execute("DELETE FROM admin_edits").rowcount
