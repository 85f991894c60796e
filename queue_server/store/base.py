"""What every table module of a transaction shares: its connection and two query helpers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any


class Table:
    """SQL over one concern's tables, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, tuple(params)).fetchone()

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()


def marks(values: Iterable[Any]) -> str:
    """`?, ?, ?` for an IN list."""
    return ", ".join("?" for _ in values)
