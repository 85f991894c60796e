"""Print jobs on a real SQLite file with a scripted printer: the ticket never waits for
paper, every attempt is an event, retries back off, and a retry after a partial print
carries the ULANG mark."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

import printer
from queue_server.domain.errors import Forbidden, NotFound
from queue_server.domain.print_jobs import MAX_ATTEMPTS, PrintStatus
from queue_server.services import printing, tickets
from tests.conftest import ADMIN, KIOSK, kiosk_principal, officer


class ScriptedPrinter:
    """Answers each job with the next scripted outcome: None = printed, str = error kind."""

    def __init__(self, *outcomes: str | None) -> None:
        self.outcomes = list(outcomes)
        self.jobs: list[bytes] = []

    def __call__(self, config, data: bytes):
        self.jobs.append(data)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            error = printer.PrinterError(outcome, f"scripted {outcome}")
            # as printer.send_job reports it: these break after the job started
            error.maybe_printed = outcome in ("io", "timeout")
            raise error
        return printer.PrinterStatus(online=True, paper="ok", message="ok")


NETWORK = printer.PrinterConfig(name="default", kind="network", host="127.0.0.1", port=9,
                                timeout=0.5)


@pytest.fixture
def printing_hall(make_hall, settings):
    return make_hall(replace(settings, printers={"default": NETWORK}, kiosk_printers={}))


def spooler(hall, script: ScriptedPrinter, seen: list | None = None) -> printing.Spooler:
    return printing.Spooler(
        hall, hall.settings.printers, send=script,
        status=lambda config: printer.PrinterStatus(True, "ok", "ok"),
        on_job=(lambda job, ticket, event_id: seen.append((job, ticket.code, event_id)))
        if seen is not None else None)


def events(hall, ticket_id: int) -> list[tuple[str, dict]]:
    with hall.store.read() as s:
        return [(e.type, e.data) for e in s.events.of_ticket(ticket_id)]


def test_a_kiosk_ticket_gets_a_pending_job_in_the_same_transaction(printing_hall):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    with printing_hall.store.read() as s:
        job = s.print_jobs.latest_of_ticket(t.id)
    assert job.status is PrintStatus.PENDING
    assert job.printer == "default" and job.reason == "issue" and not job.copy


def test_staff_issued_tickets_are_not_printed(printing_hall):
    t = tickets.issue_ticket(printing_hall, ADMIN, "ktp-el").ticket.ticket
    with printing_hall.store.read() as s:
        assert s.print_jobs.latest_of_ticket(t.id) is None


def test_a_kiosk_with_its_own_printer_uses_it(make_hall, settings):
    own = replace(NETWORK, name="lantai-2")
    hall = make_hall(replace(settings, printers={"default": NETWORK, "lantai-2": own},
                             kiosk_printers={"kiosk-lantai-2": "lantai-2"}))
    t = tickets.issue_ticket(hall, kiosk_principal("kiosk-lantai-2"), "ktp-el").ticket.ticket
    with hall.store.read() as s:
        assert s.print_jobs.latest_of_ticket(t.id).printer == "lantai-2"


def test_spooler_prints_due_job_and_records_the_event(printing_hall):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    script = ScriptedPrinter(None)
    seen: list = []
    assert spooler(printing_hall, script, seen).run_due() == 1
    assert len(script.jobs) == 1
    assert t.code.encode() in script.jobs[0]
    assert t.track_token.encode() in script.jobs[0]
    assert seen[0][0].status is PrintStatus.SENT and seen[0][1] == t.code
    kinds = [kind for kind, _ in events(printing_hall, t.id)]
    assert kinds == ["issued", "printed"]


def test_a_failure_retries_after_a_backoff_then_succeeds(printing_hall, clock):
    # (a second failure in a row holds the job: tests/services/test_printer_hold.py)
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    script = ScriptedPrinter("refused", None)
    sp = spooler(printing_hall, script)
    sp.run_due()
    with printing_hall.store.read() as s:
        job = s.print_jobs.latest_of_ticket(t.id)
    assert job.status is PrintStatus.PENDING and job.attempts == 1
    assert job.next_attempt_at - clock() == timedelta(seconds=2)
    assert sp.run_due() == 0  # not due yet
    clock.advance(seconds=2)
    sp.run_due()
    with printing_hall.store.read() as s:
        job = s.print_jobs.latest_of_ticket(t.id)
    assert job.status is PrintStatus.SENT and job.attempts == 2
    history = events(printing_hall, t.id)
    assert [kind for kind, _ in history] == ["issued", "print_failed", "printed"]
    assert history[1][1]["error_kind"] == "refused"
    assert sp.health["default"].ok is True


def test_a_retry_after_a_partial_print_is_marked_ulang(printing_hall, clock):
    tickets.issue_ticket(printing_hall, KIOSK, "ktp-el")
    script = ScriptedPrinter("io", None)
    sp = spooler(printing_hall, script)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    assert b"ULANG" not in script.jobs[0]
    assert b"ULANG" in script.jobs[1]


def test_a_refused_connection_is_not_marked_as_copy(printing_hall, clock):
    tickets.issue_ticket(printing_hall, KIOSK, "ktp-el")
    script = ScriptedPrinter("refused", None)
    sp = spooler(printing_hall, script)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    assert b"ULANG" not in script.jobs[1]  # nothing reached the printer the first time


def test_printing_stops_once_the_citizen_was_called(printing_hall, clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    sp = spooler(printing_hall, ScriptedPrinter("refused"))
    sp.run_due()
    tickets.call_next(printing_hall, ADMIN, "loket-1")
    clock.advance(seconds=2)
    sp.run_due()
    with printing_hall.store.read() as s:
        job = s.print_jobs.latest_of_ticket(t.id)
    assert job.status is PrintStatus.FAILED
    assert job.error_kind == "obsolete"


def test_a_job_released_again_and_again_is_given_up_after_max_attempts(printing_hall,
                                                                       clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    sp = spooler(printing_hall, ScriptedPrinter(*["refused"] * MAX_ATTEMPTS))
    for _ in range(MAX_ATTEMPTS):
        sp.run_due()
        clock.advance(seconds=61)
        sp.poll("default")  # its status answers OK: a refused job is released each time
    with printing_hall.store.read() as s:
        job = s.print_jobs.latest_of_ticket(t.id)
    assert job.status is PrintStatus.FAILED and job.attempts == MAX_ATTEMPTS
    assert not job.held
    report = sp.report()["default"]
    assert report["pending_jobs"] == 0 and report["held_jobs"] == 0


def test_reprint_makes_a_copy_job_for_the_issuing_kiosk_or_staff(printing_hall):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    spooler(printing_hall, ScriptedPrinter(None)).run_due()  # the first slip is out
    job = printing.reprint(printing_hall, KIOSK, t.id, printing_hall.settings.printers, {})
    assert job.reason == "reprint" and job.copy is True
    assert printing.reprint(printing_hall, officer("loket-1"), t.id,
                            printing_hall.settings.printers, {}).copy
    with pytest.raises(Forbidden):
        printing.reprint(printing_hall, kiosk_principal("kiosk-other"), t.id,
                         printing_hall.settings.printers, {})
    with pytest.raises(Forbidden):
        printing.reprint(printing_hall, officer("loket-6"), t.id,
                         printing_hall.settings.printers, {})
    with pytest.raises(NotFound):
        printing.reprint(printing_hall, ADMIN, 999, printing_hall.settings.printers, {})


def test_a_reprint_asked_while_the_first_slip_still_waits_joins_it(printing_hall, clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    script = ScriptedPrinter("refused", None)
    sp = spooler(printing_hall, script)
    sp.run_due()  # the first attempt was refused: the job waits for its retry
    with printing_hall.store.read() as s:
        first = s.print_jobs.latest_of_ticket(t.id)
    assert first.status is PrintStatus.PENDING
    again = printing.reprint(printing_hall, KIOSK, t.id, printing_hall.settings.printers, {})
    assert again.id == first.id  # no second job: one slip once the printer answers
    clock.advance(seconds=120)
    sp.run_due()
    sp.run_due()
    with printing_hall.store.read() as s:
        assert s.print_jobs.latest_of_ticket(t.id).status is PrintStatus.SENT
    assert len(script.jobs) == 2  # the refused attempt and the one slip


def test_reprint_is_printed_even_after_the_call(printing_hall, clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    sp = spooler(printing_hall, ScriptedPrinter(None, None))
    sp.run_due()
    tickets.call_next(printing_hall, ADMIN, "loket-1")
    printing.reprint(printing_hall, ADMIN, t.id, printing_hall.settings.printers, {})
    sp.run_due()
    with printing_hall.store.read() as s:
        job = s.print_jobs.latest_of_ticket(t.id)
    assert job.status is PrintStatus.SENT and job.reason == "reprint"


def test_same_idempotency_key_returns_the_same_ticket(printing_hall):
    first = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el", idempotency_key="tap-1")
    again = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el", idempotency_key="tap-1")
    other = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el", idempotency_key="tap-2")
    assert again.ticket.ticket.id == first.ticket.ticket.id
    assert again.events == []  # nothing new happened, nothing is announced
    assert other.ticket.ticket.code == "A002"
    with printing_hall.store.read() as s:
        jobs = s.conn.execute("SELECT count(*) FROM print_jobs").fetchone()[0]
    assert jobs == 2
