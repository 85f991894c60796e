"""Pairing requests of unpaired kiosks, TVs and survey tablets. No row ever holds a usable
secret: the screen's poll secret is kept as its hash, and the device token is minted (and
stored as a hash, in tokens) only when the screen collects it."""

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
    device_id: int | None = None  # the device an admin approved it as
    collected_at: datetime | None = None
    address: str | None = None  # who asked
    approved_by: str | None = None

    @property
    def awaiting_collection(self) -> bool:
        return self.approved_at is not None and self.collected_at is None


def _pairing(r: sqlite3.Row) -> PairingRow:
    return PairingRow(
        r["id"], r["code"], r["kind"], rows.from_db_time(r["created_at"]),  # type: ignore[arg-type]
        rows.from_db_time(r["expires_at"]), rows.from_db_time(r["approved_at"]),  # type: ignore[arg-type]
        r["device_name"], r["device_id"], rows.from_db_time(r["collected_at"]), r["address"],
        r["approved_by"])


class PairingTable(Table):
    def insert(self, code: str, poll_hash: str, kind: str, at: datetime,
               expires: datetime, address: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO pairing_requests (code, poll_hash, kind, created_at, expires_at, "
            "address) VALUES (?, ?, ?, ?, ?, ?)",
            (code, poll_hash, kind, to_db_time(at), to_db_time(expires), address))
        return cur.lastrowid or 0

    def open_by_code(self, code: str, now: datetime) -> PairingRow | None:
        row = self._one("SELECT * FROM pairing_requests WHERE code = ? AND expires_at > ? "
                        "AND approved_at IS NULL", (code, to_db_time(now)))
        return _pairing(row) if row else None

    def by_poll(self, poll_hash: str) -> PairingRow | None:
        row = self._one("SELECT * FROM pairing_requests WHERE poll_hash = ?", (poll_hash,))
        return _pairing(row) if row else None

    def approve(self, pairing_id: int, at: datetime, by: str, device_name: str,
                device_id: int) -> bool:
        """False when another admin approved it first."""
        cur = self.conn.execute(
            "UPDATE pairing_requests SET approved_at = ?, approved_by = ?, device_name = ?, "
            "device_id = ? WHERE id = ? AND approved_at IS NULL",
            (to_db_time(at), by, device_name, device_id, pairing_id))
        return cur.rowcount == 1

    def collect(self, pairing_id: int, at: datetime) -> bool:
        """The screen takes its token, once: False when it was taken already."""
        cur = self.conn.execute("UPDATE pairing_requests SET collected_at = ? WHERE id = ? "
                                "AND collected_at IS NULL", (to_db_time(at), pairing_id))
        return cur.rowcount == 1

    def pending(self, now: datetime) -> list[PairingRow]:
        return [_pairing(r) for r in self._all(
            "SELECT * FROM pairing_requests "
            "WHERE approved_at IS NULL AND expires_at > ? ORDER BY id DESC", (to_db_time(now),))]

    def pending_times(self, now: datetime, address: str | None = None) -> list[datetime]:
        """When each code still open (of one address, or of all) expires, soonest first."""
        where, params = "approved_at IS NULL AND expires_at > ?", [to_db_time(now)]
        if address is not None:
            where, params = where + " AND address = ?", [*params, address]
        return [rows.from_db_time(r[0]) for r in self._all(  # type: ignore[misc]
            f"SELECT expires_at FROM pairing_requests WHERE {where} ORDER BY expires_at",
            tuple(params))]

    def forget_expired(self, before: datetime) -> int:
        """Codes nobody approved in time are of no use to anyone: gone, so a flood of asks
        leaves nothing behind (approved ones stay, as the record of a pairing)."""
        cur = self.conn.execute("DELETE FROM pairing_requests WHERE approved_at IS NULL "
                                "AND expires_at <= ?", (to_db_time(before),))
        return cur.rowcount
