"""Pairing requests of unpaired kiosks and TVs, until their token is collected."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from . import rows
from .base import Table
from .rows import to_db_time


@dataclass(frozen=True, slots=True)
class PairingRow:
    id: int
    code: str
    kind: str
    created_at: datetime
    expires_at: datetime
    approved_at: datetime | None = None
    device_name: str | None = None
    token_secret: str | None = None  # only between approval and collection
    collected_at: datetime | None = None


def _pairing(r: sqlite3.Row) -> PairingRow:
    return PairingRow(
        r["id"], r["code"], r["kind"], rows.from_db_time(r["created_at"]),  # type: ignore[arg-type]
        rows.from_db_time(r["expires_at"]), rows.from_db_time(r["approved_at"]),  # type: ignore[arg-type]
        r["device_name"], r["token_secret"], rows.from_db_time(r["collected_at"]))


class PairingTable(Table):
    def insert(self, code: str, poll_hash: str, kind: str, at: datetime,
               expires: datetime) -> int:
        cur = self.conn.execute(
            "INSERT INTO pairing_requests (code, poll_hash, kind, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)", (code, poll_hash, kind, to_db_time(at), to_db_time(expires)))
        return cur.lastrowid or 0

    def open_by_code(self, code: str, now: datetime) -> PairingRow | None:
        row = self._one("SELECT * FROM pairing_requests WHERE code = ? AND expires_at > ? "
                        "AND approved_at IS NULL", (code, to_db_time(now)))
        return _pairing(row) if row else None

    def by_poll(self, poll_hash: str) -> PairingRow | None:
        row = self._one("SELECT * FROM pairing_requests WHERE poll_hash = ?", (poll_hash,))
        return _pairing(row) if row else None

    def approve(self, pairing_id: int, at: datetime, by: str, device_name: str,
                token_secret: str) -> None:
        self.conn.execute(
            "UPDATE pairing_requests SET approved_at = ?, approved_by = ?, device_name = ?, "
            "token_secret = ? WHERE id = ?",
            (to_db_time(at), by, device_name, token_secret, pairing_id))

    def collect(self, pairing_id: int, at: datetime) -> None:
        """The screen took its token: it is not kept anywhere any more."""
        self.conn.execute("UPDATE pairing_requests SET token_secret = NULL, collected_at = ? "
                          "WHERE id = ?", (to_db_time(at), pairing_id))

    def pending(self, now: datetime) -> list[PairingRow]:
        return [_pairing(r) for r in self._all(
            "SELECT * FROM pairing_requests "
            "WHERE approved_at IS NULL AND expires_at > ? ORDER BY id DESC", (to_db_time(now),))]

    def forget_expired(self, now: datetime) -> None:
        self.conn.execute("UPDATE pairing_requests SET token_secret = NULL WHERE expires_at < ? "
                          "AND token_secret IS NOT NULL", (to_db_time(now),))
