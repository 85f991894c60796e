"""Browser sign-in: server-side sessions (stored by the hash of their id) and the record of
sign-in attempts that throttling reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import rows
from .base import Table
from .rows import to_db_time


@dataclass(frozen=True, slots=True)
class WebSessionRow:
    user_id: int
    last_seen_at: datetime


class WebSessionTables(Table):
    def create(self, id_hash: str, user_id: int, at: datetime, ip: str | None,
               user_agent: str | None) -> None:
        self.conn.execute(
            "INSERT INTO web_sessions (id_hash, user_id, created_at, last_seen_at, ip, "
            "user_agent) VALUES (?, ?, ?, ?, ?, ?)",
            (id_hash, user_id, to_db_time(at), to_db_time(at), ip, (user_agent or "")[:200]))

    def live(self, id_hash: str) -> WebSessionRow | None:
        row = self._one("SELECT user_id, last_seen_at FROM web_sessions WHERE id_hash = ? "
                        "AND revoked_at IS NULL", (id_hash,))
        return WebSessionRow(int(row[0]), rows.from_db_time(row[1])) if row else None  # type: ignore[arg-type]

    def touch(self, id_hash: str, at: datetime) -> None:
        self.conn.execute("UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ?",
                          (to_db_time(at), id_hash))

    def revoke(self, at: datetime, *, id_hash: str | None = None,
               user_id: int | None = None, keep: str | None = None) -> int:
        if id_hash is not None:
            cur = self.conn.execute("UPDATE web_sessions SET revoked_at = ? WHERE id_hash = ? "
                                    "AND revoked_at IS NULL", (to_db_time(at), id_hash))
        else:
            cur = self.conn.execute(
                "UPDATE web_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS "
                "NULL AND id_hash != ?", (to_db_time(at), user_id, keep or ""))
        return cur.rowcount

    def end_all_of(self, user_id: int, at: datetime) -> int:
        """End every browser session of a user (deactivated, or given a new password)."""
        return self.revoke(at, user_id=user_id)

    def record_sign_in(self, name: str, ip: str | None, at: datetime, ok: bool) -> None:
        self.conn.execute("INSERT INTO sign_in_attempts (name, ip, at, ok) VALUES (?, ?, ?, ?)",
                          (name, ip, to_db_time(at), int(ok)))

    def sign_in_failures_from(self, since: datetime, name: str,
                              ip: str | None) -> list[datetime]:
        """Failed attempts for this name from this address (None: an unknown address) since
        `since` and since the pair's last success: one PC cannot lock a name elsewhere."""
        last_ok = self._one("SELECT max(at) FROM sign_in_attempts WHERE name = ? AND ip IS ? "
                            "AND ok = 1", (name, ip))
        start = max(to_db_time(since) or "", (last_ok[0] if last_ok and last_ok[0] else ""))
        return [rows.from_db_time(r[0]) for r in self._all(  # type: ignore[misc]
            "SELECT at FROM sign_in_attempts WHERE name = ? AND ip IS ? AND ok = 0 AND at > ? "
            "ORDER BY at", (name, ip, start))]

    def sign_in_failures(self, since: datetime, *, name: str | None = None,
                         ip: str | None = None) -> list[datetime]:
        """Failed attempts since `since` and since the last success (for that name/ip)."""
        column, value = ("name", name) if name is not None else ("ip", ip)
        last_ok = self._one(f"SELECT max(at) FROM sign_in_attempts WHERE {column} = ? "
                            f"AND ok = 1", (value,))
        start = max(to_db_time(since) or "", (last_ok[0] if last_ok and last_ok[0] else ""))
        return [rows.from_db_time(r[0]) for r in self._all(  # type: ignore[misc]
            f"SELECT at FROM sign_in_attempts WHERE {column} = ? AND ok = 0 AND at > ? "
            f"ORDER BY at", (value, start))]
