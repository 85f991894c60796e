"""A ticket's trip to the thermal printer: pending until sent, retried with backoff, given
up when it can no longer help the citizen. The citizen's ticket never depends on it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum


class PrintStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


MAX_ATTEMPTS = 10
MAX_BACKOFF_SECONDS = 60.0
COPY_MARK = {"id": "ULANG", "en": "COPY"}


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: int
    ticket_id: int
    printer: str
    status: PrintStatus
    reason: str  # "issue" | "reprint"
    copy: bool  # print the ULANG/COPY mark: a reprint, or a retry after a partial print
    attempts: int
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime | None
    actor: str
    last_error: str | None = None
    error_kind: str | None = None


def backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s … capped at a minute: a printer that is back is used within a minute."""
    return timedelta(seconds=min(2.0 ** max(attempts, 1), MAX_BACKOFF_SECONDS))


def succeeded(job: PrintJob, now: datetime) -> PrintJob:
    return replace(job, status=PrintStatus.SENT, attempts=job.attempts + 1, updated_at=now,
                   next_attempt_at=None, last_error=None, error_kind=None)


def failed(job: PrintJob, *, kind: str, message: str, now: datetime, still_useful: bool,
           maybe_printed: bool = False) -> PrintJob:
    """Schedule the next try, or give up when retrying cannot help the citizen any more
    (ticket already called, cancelled, or too many attempts). `maybe_printed`: the printer
    took part of the job, so paper may be in the tray and the next try says ULANG/COPY."""
    attempts = job.attempts + 1
    give_up = not still_useful or attempts >= MAX_ATTEMPTS
    return replace(
        job,
        status=PrintStatus.FAILED if give_up else PrintStatus.PENDING,
        attempts=attempts,
        copy=job.copy or maybe_printed,
        updated_at=now,
        next_attempt_at=None if give_up else now + backoff(attempts),
        last_error=message,
        error_kind=kind,
    )
