"""tx.complaints: citizens' complaints and suggestions (pengaduan, migration 0010)."""

from __future__ import annotations

import sqlite3


class ComplaintTable:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
