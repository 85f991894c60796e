"""tx.bookings: booked slots, check-ins and the erasure of personal data (migration 0011)."""

from __future__ import annotations

import sqlite3


class BookingTable:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
