"""tx.skm: SKM responses (migration 0010 `skm_responses`) and the figures read from them."""

from __future__ import annotations

import sqlite3


class SkmTables:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
