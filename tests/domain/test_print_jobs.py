"""The print job rule: one retry after a backoff, the second failure in a row holds the job,
and what a status probe must show before a held job goes again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from queue_server.domain.print_jobs import (
    HOLD_AFTER_FAILURES,
    MAX_ATTEMPTS,
    HoldReason,
    PrintJob,
    PrintStatus,
    failed,
    may_release,
    released,
    reprint_joins,
    succeeded,
    will_print,
)

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def job(**changes) -> PrintJob:
    base = PrintJob(id=1, ticket_id=1, printer="default", status=PrintStatus.PENDING,
                    reason="issue", copy=False, attempts=0, created_at=NOW, updated_at=NOW,
                    next_attempt_at=NOW, actor="device:kiosk-1")
    return replace(base, **changes)


def test_the_first_failure_retries_after_two_seconds():
    once = failed(job(), kind="refused", message="off", now=NOW, still_useful=True)
    assert once.status is PrintStatus.PENDING and not once.held
    assert once.next_attempt_at == NOW + timedelta(seconds=2)


@pytest.mark.parametrize(("maybe_printed", "reason"), [(False, HoldReason.UNWELL),
                                                        (True, HoldReason.DROPPED)])
def test_the_second_failure_in_a_row_holds_the_job(maybe_printed, reason):
    once = failed(job(), kind="io", message="cut", now=NOW, still_useful=True,
                  maybe_printed=maybe_printed)
    twice = failed(once, kind="io", message="cut", now=NOW, still_useful=True,
                   maybe_printed=maybe_printed)
    assert HOLD_AFTER_FAILURES == 2
    assert twice.held and twice.held_at == NOW and twice.hold_reason is reason
    assert twice.status is PrintStatus.PENDING and twice.next_attempt_at is None


def test_a_job_that_cannot_help_any_more_is_given_up_not_held():
    once = failed(job(), kind="io", message="cut", now=NOW, still_useful=True)
    given_up = failed(once, kind="io", message="cut", now=NOW, still_useful=False)
    assert given_up.status is PrintStatus.FAILED and not given_up.held
    last = failed(job(attempts=MAX_ATTEMPTS - 1), kind="io", message="cut", now=NOW,
                  still_useful=True)
    assert last.status is PrintStatus.FAILED and not last.held


def test_a_released_job_goes_now_and_is_held_again_by_its_next_failure():
    held = failed(job(attempts=1), kind="refused", message="off", now=NOW, still_useful=True)
    later = NOW + timedelta(minutes=3)
    again = released(held, later)
    assert not again.held and again.next_attempt_at == later and again.attempts == 2
    assert failed(again, kind="refused", message="off", now=later, still_useful=True).held
    assert not succeeded(again, later).held


def test_what_lets_a_held_printer_go():
    unwell, dropped = [HoldReason.UNWELL], [HoldReason.UNWELL, HoldReason.DROPPED]
    assert may_release(unwell, healthy_now=True, seen_unwell_since_hold=False)
    assert not may_release(unwell, healthy_now=False, seen_unwell_since_hold=True)
    # its OK said nothing before it dropped the job: it must be seen off, then OK
    assert not may_release(dropped, healthy_now=True, seen_unwell_since_hold=False)
    assert may_release(dropped, healthy_now=True, seen_unwell_since_hold=True)


def test_an_issue_slip_prints_only_while_its_citizen_waits_a_reprint_always():
    assert will_print(job(reason="issue"), ticket_waits_today=True)
    assert not will_print(job(reason="issue"), ticket_waits_today=False)
    assert will_print(job(reason="reprint", copy=True), ticket_waits_today=False)


def test_a_reprint_joins_only_a_pending_job_on_its_printer_that_will_still_print():
    assert reprint_joins(job(), "default", ticket_waits_today=True)
    assert reprint_joins(job(held_at=NOW), "default", ticket_waits_today=True)
    assert not reprint_joins(job(status=PrintStatus.SENT), "default", ticket_waits_today=True)
    assert not reprint_joins(job(status=PrintStatus.FAILED), "default",
                             ticket_waits_today=True)
    assert not reprint_joins(job(), "lantai-2", ticket_waits_today=True)
    # called meanwhile: the issue slip will not print, so the reprint must be a job of its own
    assert not reprint_joins(job(), "default", ticket_waits_today=False)
    assert reprint_joins(job(reason="reprint", copy=True), "default", ticket_waits_today=False)
