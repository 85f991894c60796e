"""Print jobs: written with the ticket, claimed and sent by the spooler; a held job keeps
every job of its printer back until the spooler releases it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

from queue_server.domain.errors import NotFound
from queue_server.domain.print_jobs import HoldReason, PrintJob

from . import rows
from .base import Table
from .rows import from_db_time, to_db_time

# pending jobs of a printer that holds none (a held printer is sent nothing)
_NOT_HELD = ("printer NOT IN (SELECT printer FROM print_jobs WHERE held_at IS NOT NULL "
             "AND status = 'pending')")


def _job(row: sqlite3.Row) -> PrintJob:
    reason = row["hold_reason"]
    return replace(rows.print_job(row), held_at=from_db_time(row["held_at"]),
                   hold_reason=HoldReason(reason) if reason else None)


class PrintJobTable(Table):
    def insert(self, job: PrintJob) -> PrintJob:
        cur = self.conn.execute(
            "INSERT INTO print_jobs (ticket_id, printer, status, reason, copy, attempts, "
            "created_at, updated_at, next_attempt_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)",
            (job.ticket_id, job.printer, job.status.value, job.reason, int(job.copy),
             job.attempts, to_db_time(job.created_at), to_db_time(job.updated_at),
             to_db_time(job.next_attempt_at), job.actor))
        return replace(job, id=cur.lastrowid or 0)

    def save(self, job: PrintJob) -> None:
        self.conn.execute(
            "UPDATE print_jobs SET status = ?, copy = ?, attempts = ?, last_error = ?, "
            "error_kind = ?, updated_at = ?, next_attempt_at = ?, held_at = ?, "
            "hold_reason = ? WHERE id = ?",
            (job.status.value, int(job.copy), job.attempts, job.last_error, job.error_kind,
             to_db_time(job.updated_at), to_db_time(job.next_attempt_at),
             to_db_time(job.held_at), job.hold_reason.value if job.hold_reason else None,
             job.id))

    def get(self, job_id: int) -> PrintJob:
        row = self._one("SELECT * FROM print_jobs WHERE id = ?", (job_id,))
        if row is None:
            raise NotFound(f"print job {job_id} not found")
        return _job(row)

    def claim(self, now: datetime, lease: timedelta, limit: int = 20) -> list[PrintJob]:
        """Due jobs of printers that hold none, pushed `lease` into the future in the same
        statement, so that another server process on this file does not send them too
        while this one tries."""
        return [_job(r) for r in self._all(
            "UPDATE print_jobs SET next_attempt_at = ? WHERE id IN (SELECT id FROM print_jobs "
            f"WHERE status = 'pending' AND next_attempt_at <= ? AND {_NOT_HELD} "
            "ORDER BY next_attempt_at, id LIMIT ?) RETURNING *",
            (to_db_time(now + lease), to_db_time(now), limit))]

    def next_due(self) -> datetime | None:
        row = self._one("SELECT min(next_attempt_at) FROM print_jobs WHERE status = 'pending' "
                        f"AND {_NOT_HELD}")
        return rows.from_db_time(row[0]) if row and row[0] else None

    def held(self) -> dict[str, list[PrintJob]]:
        """Per printer, its held jobs (oldest first)."""
        out: dict[str, list[PrintJob]] = {}
        for r in self._all("SELECT * FROM print_jobs WHERE held_at IS NOT NULL AND "
                           "status = 'pending' ORDER BY held_at, id"):
            job = _job(r)
            out.setdefault(job.printer, []).append(job)
        return out

    def latest_of_ticket(self, ticket_id: int) -> PrintJob | None:
        row = self._one("SELECT * FROM print_jobs WHERE ticket_id = ? ORDER BY id DESC "
                        "LIMIT 1", (ticket_id,))
        return _job(row) if row else None

    def pending_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self._all(
            "SELECT printer, count(*) FROM print_jobs WHERE status = 'pending' "
            "GROUP BY printer")}
