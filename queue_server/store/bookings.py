"""tx.bookings: booked slots, check-ins and the erasure of personal data (migration 0011)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, time

from queue_server.domain.bookings import HOLDS_PLACE, Booking, BookingStatus

from .base import Table
from .rows import from_db_time, to_db_time

# the ticket's code comes along: Booking.ticket_code, the staff list's "A012"
_SELECT = ("SELECT b.id, b.code, b.service_id, b.agency_id, b.day, b.start, b.end, b.name, "
           "b.phone, b.status, b.ticket_id, t.code AS ticket_code, b.created_at, "
           "b.checked_in_at, b.cancelled_at, b.missed_at, b.erased_at "
           "FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id")
_HOLDING = ", ".join(f"'{s.value}'" for s in HOLDS_PLACE)
# the column a status move stamps
_STAMP = {BookingStatus.CHECKED_IN: "checked_in_at", BookingStatus.CANCELLED: "cancelled_at",
          BookingStatus.MISSED: "missed_at"}


def _booking(row: sqlite3.Row) -> Booking:
    created = from_db_time(row["created_at"])
    assert created is not None  # NOT NULL
    return Booking(
        id=row["id"], code=row["code"], service_id=row["service_id"],
        agency_id=row["agency_id"], day=date.fromisoformat(row["day"]),
        start=time.fromisoformat(row["start"]), end=time.fromisoformat(row["end"]),
        name=row["name"], phone=row["phone"], status=BookingStatus(row["status"]),
        ticket_id=row["ticket_id"], ticket_code=row["ticket_code"], created_at=created,
        checked_in_at=from_db_time(row["checked_in_at"]),
        cancelled_at=from_db_time(row["cancelled_at"]),
        missed_at=from_db_time(row["missed_at"]), erased_at=from_db_time(row["erased_at"]))


class BookingTable(Table):
    def code_taken(self, code: str) -> bool:
        return self._one("SELECT 1 FROM bookings WHERE code = ?", (code,)) is not None

    def insert(self, *, code: str, service_id: str, agency_id: str, day: date, start: time,
               end: time, name: str, phone: str | None, now: datetime) -> int:
        cur = self.conn.execute(
            "INSERT INTO bookings (code, service_id, agency_id, day, start, end, name, phone, "
            "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (code, service_id, agency_id, day.isoformat(), f"{start:%H:%M}", f"{end:%H:%M}",
             name, phone, BookingStatus.BOOKED.value, to_db_time(now)))
        return int(cur.lastrowid or 0)

    def get(self, booking_id: int) -> Booking | None:
        row = self._one(f"{_SELECT} WHERE b.id = ?", (booking_id,))
        return None if row is None else _booking(row)

    def by_code(self, code: str) -> Booking | None:
        row = self._one(f"{_SELECT} WHERE b.code = ?", (code,))
        return None if row is None else _booking(row)

    def taken(self, service_id: str, day: date) -> dict[time, int]:
        """Places held per slot start (booked, checked in or missed; not cancelled)."""
        return {time.fromisoformat(r[0]): r[1] for r in self._all(
            f"SELECT start, count(*) FROM bookings INDEXED BY bookings_slot "
            f"WHERE service_id = ? AND day = ? AND status IN ({_HOLDING}) GROUP BY start",
            (service_id, day.isoformat()))}

    def checked_in_count(self, service_id: str, day: date) -> int:
        """Tickets a check-in issued for this service today (they are not walk-ins)."""
        row = self._one("SELECT count(*) FROM bookings INDEXED BY bookings_slot "
                        "WHERE service_id = ? AND day = ? AND status = 'checked_in'",
                        (service_id, day.isoformat()))
        return int(row[0]) if row else 0

    def checked_in_counts(self, day: date) -> dict[str, int]:
        return {r[0]: r[1] for r in self._all(
            "SELECT service_id, count(*) FROM bookings WHERE day = ? AND status = "
            "'checked_in' GROUP BY service_id", (day.isoformat(),))}

    def active_for_phone(self, service_id: str, day: date, phone: str) -> Booking | None:
        row = self._one(f"{_SELECT} WHERE b.service_id = ? AND b.day = ? AND b.phone = ? "
                        f"AND b.status IN ('booked', 'checked_in') LIMIT 1",
                        (service_id, day.isoformat(), phone))
        return None if row is None else _booking(row)

    def of_day(self, day: date, service_ids: Iterable[str] | None) -> list[Booking]:
        """A day's bookings in slot order; `service_ids` None: every service's."""
        where, params = "b.day = ?", [day.isoformat()]
        if service_ids is not None:
            where += " AND b.service_id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(set(service_ids))))
        return [_booking(r) for r in self._all(
            f"{_SELECT} WHERE {where} ORDER BY b.start, b.service_id, b.created_at, b.id",
            params)]

    def set_status(self, booking_id: int, status: BookingStatus, now: datetime,
                   ticket_id: int | None = None) -> None:
        column = _STAMP[status]
        self.conn.execute(
            f"UPDATE bookings SET status = ?, {column} = ?, "
            f"ticket_id = coalesce(?, ticket_id) WHERE id = ?",
            (status.value, to_db_time(now), ticket_id, booking_id))

    def still_booked_before(self, day: date) -> list[Booking]:
        """Bookings left `booked` on days up to `day` (the sweep checks their windows)."""
        return [_booking(r) for r in self._all(
            f"{_SELECT} WHERE b.status = 'booked' AND b.day <= ? ORDER BY b.day, b.start",
            (day.isoformat(),))]

    def erase_personal(self, before_day: date, start_of_day: datetime,
                       now: datetime) -> int:
        """Name and phone set NULL on the bookings of days before `before_day`. A booking
        is made on or before its day, so `created_at` before that day's start narrows the
        rows through the partial index of those not yet erased."""
        cur = self.conn.execute(
            "UPDATE bookings SET name = NULL, phone = NULL, erased_at = ? "
            "WHERE erased_at IS NULL AND created_at < ? AND day < ?",
            (to_db_time(now), to_db_time(start_of_day), before_day.isoformat()))
        return cur.rowcount

    def counts(self, first: date, last: date) -> dict[str, dict[str, int]]:
        """Per service over the days first..last: booked (every place held, whatever
        became of it), checked_in, missed, cancelled."""
        found: dict[str, dict[str, int]] = {}
        for r in self._all("SELECT service_id, status, count(*) FROM bookings "
                           "WHERE day BETWEEN ? AND ? GROUP BY service_id, status",
                           (first.isoformat(), last.isoformat())):
            found.setdefault(r[0], {})[r[1]] = r[2]
        return {sid: {"booked": sum(n for s, n in c.items() if s != "cancelled"),
                      "checked_in": c.get("checked_in", 0), "missed": c.get("missed", 0),
                      "cancelled": c.get("cancelled", 0)} for sid, c in found.items()}
