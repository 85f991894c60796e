"""tx.skm_followups: the rencana tindak lanjut of SKM results (migration 0010)."""

from __future__ import annotations

import sqlite3


class SkmFollowupTable:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
