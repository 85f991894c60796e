"""tx.complaints: citizens' complaints and suggestions (pengaduan, migration 0010)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

from queue_server.domain.complaints import Complaint, ComplaintStatus

from .base import Table
from .rows import from_db_time, to_db_time

# the ticket's code comes along, for the staff list ("A012 · KTP-el")
_SELECT = ("SELECT c.id, c.code, c.ticket_id, t.code AS ticket_code, c.agency_id, "
           "c.service_id, c.channel, c.category, c.text, c.contact, c.status, c.answer, "
           "c.created_at, c.due_date, c.answered_at, c.answered_by, c.updated_at "
           "FROM complaints c LEFT JOIN tickets t ON t.id = c.ticket_id")


def _complaint(row: sqlite3.Row) -> Complaint:
    created, updated = from_db_time(row["created_at"]), from_db_time(row["updated_at"])
    assert created is not None and updated is not None  # NOT NULL columns
    return Complaint(
        id=row["id"], code=row["code"], ticket_id=row["ticket_id"],
        ticket_code=row["ticket_code"], agency_id=row["agency_id"],
        service_id=row["service_id"], channel=row["channel"], category=row["category"],
        text=row["text"], contact=row["contact"], status=ComplaintStatus(row["status"]),
        answer=row["answer"], created_at=created,
        due_date=date.fromisoformat(row["due_date"]),
        answered_at=from_db_time(row["answered_at"]), answered_by=row["answered_by"],
        updated_at=updated)


class ComplaintTable(Table):
    def code_taken(self, code: str) -> bool:
        return self._one("SELECT 1 FROM complaints WHERE code = ?", (code,)) is not None

    def insert(self, *, code: str, ticket_id: int | None, agency_id: str | None,
               service_id: str | None, channel: str, category: str, text: str,
               contact: str | None, now: datetime, due_date: date) -> int:
        cur = self.conn.execute(
            "INSERT INTO complaints (code, ticket_id, agency_id, service_id, channel, "
            "category, text, contact, status, created_at, due_date, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (code, ticket_id, agency_id, service_id, channel, category, text, contact,
             ComplaintStatus.NEW.value, to_db_time(now), due_date.isoformat(),
             to_db_time(now)))
        return int(cur.lastrowid or 0)

    def get(self, complaint_id: int) -> Complaint | None:
        row = self._one(f"{_SELECT} WHERE c.id = ?", (complaint_id,))
        return None if row is None else _complaint(row)

    def by_code(self, code: str) -> Complaint | None:
        row = self._one(f"{_SELECT} WHERE c.code = ?", (code,))
        return None if row is None else _complaint(row)

    def listed(self, *, status: ComplaintStatus | None, agencies: frozenset[str] | None,
               agency_id: str | None, limit: int) -> list[Complaint]:
        """Newest first. `agencies` None: every complaint; else those of these agencies and
        those of no agency. `agency_id`: only that agency's."""
        where: list[str] = []
        params: list[object] = []
        if status is not None:
            where.append("c.status = ?")
            params.append(status.value)
        if agencies is not None:
            where.append("(c.agency_id IS NULL OR c.agency_id IN "
                         "(SELECT value FROM json_each(?)))")
            params.append(json.dumps(sorted(agencies)))
        if agency_id is not None:
            where.append("c.agency_id = ?")
            params.append(agency_id)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._all(f"{_SELECT}{clause} ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                         [*params, limit])
        return [_complaint(r) for r in rows]

    def set_in_progress(self, complaint_id: int, now: datetime) -> None:
        self.conn.execute("UPDATE complaints SET status = ?, updated_at = ? WHERE id = ?",
                          (ComplaintStatus.IN_PROGRESS.value, to_db_time(now), complaint_id))

    def set_answered(self, complaint_id: int, answer: str, by: str, now: datetime) -> None:
        self.conn.execute(
            "UPDATE complaints SET status = ?, answer = ?, answered_at = ?, answered_by = ?, "
            "updated_at = ? WHERE id = ?",
            (ComplaintStatus.ANSWERED.value, answer, to_db_time(now), by, to_db_time(now),
             complaint_id))
