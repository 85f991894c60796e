"""A ticket's trip to the thermal printer: pending until sent, retried with backoff, given
up when it can no longer help the citizen. The citizen's ticket never depends on it.

A job that fails twice in a row is *held*: its printer is not sent anything more (a printer
that keeps cutting jobs off would otherwise print a partial slip at every retry) until a
status probe says the printer is healthy again (`may_release`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum


class PrintStatus(StrEnum):
    PENDING = "pending"  # a held job is still pending (the citizen is still owed paper)
    SENT = "sent"
    FAILED = "failed"


class HoldReason(StrEnum):
    """Why a job waits, which says what proves the printer healthy again."""

    # the printer said it was not well (refused, offline, paper out, no answer): its own
    # status answering OK is enough
    UNWELL = "unwell"
    # the printer took the job and dropped it while its status said OK: that OK proves
    # nothing, so it must be seen off (a failed probe) and then OK (turned off and on)
    DROPPED = "dropped"


MAX_ATTEMPTS = 10
# the second failed attempt of one job holds it (and its printer) until the printer is well
HOLD_AFTER_FAILURES = 2
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
    held_at: datetime | None = None  # held: nothing more is sent to its printer until then
    hold_reason: HoldReason | None = None

    @property
    def held(self) -> bool:
        return self.held_at is not None


def will_print(job: PrintJob, ticket_waits_today: bool) -> bool:
    """An issue job prints only while its citizen still waits, today (paper after the call
    helps nobody); a reprint prints whatever the ticket's state: staff asked for it."""
    return job.reason == "reprint" or ticket_waits_today


def reprint_joins(waiting: PrintJob, printer: str, ticket_waits_today: bool) -> bool:
    """A reprint asked while the ticket's last job still waits for the same printer (held,
    or between retries) and will still print joins that job: once the printer is back the
    citizen gets one slip, not the held one and a copy."""
    return (waiting.status is PrintStatus.PENDING and waiting.printer == printer
            and will_print(waiting, ticket_waits_today))


def backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s … capped at a minute: a printer that is back is used within a minute."""
    return timedelta(seconds=min(2.0 ** max(attempts, 1), MAX_BACKOFF_SECONDS))


def succeeded(job: PrintJob, now: datetime) -> PrintJob:
    return replace(job, status=PrintStatus.SENT, attempts=job.attempts + 1, updated_at=now,
                   next_attempt_at=None, last_error=None, error_kind=None, held_at=None,
                   hold_reason=None)


def failed(job: PrintJob, *, kind: str, message: str, now: datetime, still_useful: bool,
           maybe_printed: bool = False) -> PrintJob:
    """Schedule the next try, hold the job from its second failure on, or give up when
    retrying cannot help the citizen any more (ticket already called, cancelled, or too
    many attempts). `maybe_printed`: the printer took part of the job, so paper may be in
    the tray and the next try says ULANG/COPY.

    Every failure of one job is a failure in a row (a success ends the job), so a job
    released from a hold that fails again is held again at once: one more partial slip at
    most per recovery of the printer."""
    attempts = job.attempts + 1
    give_up = not still_useful or attempts >= MAX_ATTEMPTS
    hold = not give_up and attempts >= HOLD_AFTER_FAILURES
    return replace(
        job,
        status=PrintStatus.FAILED if give_up else PrintStatus.PENDING,
        attempts=attempts,
        copy=job.copy or maybe_printed,
        updated_at=now,
        next_attempt_at=None if give_up or hold else now + backoff(attempts),
        last_error=message,
        error_kind=kind,
        held_at=now if hold else None,
        hold_reason=(HoldReason.DROPPED if maybe_printed else HoldReason.UNWELL) if hold
        else None,
    )


def may_release(reasons: Iterable[HoldReason], *, healthy_now: bool,
                seen_unwell_since_hold: bool) -> bool:
    """Whether a probe of a held printer lets its jobs go: it must answer healthy, and a
    printer that dropped a job while saying OK must also have been seen unwell (off, or
    unplugged) since, i.e. someone turned it off and on or fixed its cable."""
    if not healthy_now:
        return False
    return seen_unwell_since_hold or HoldReason.DROPPED not in set(reasons)


def released(job: PrintJob, now: datetime) -> PrintJob:
    """A held job goes again now (its failures so far still count: see `failed`)."""
    return replace(job, held_at=None, hold_reason=None, next_attempt_at=now, updated_at=now)
