"""A job that fails twice in a row is held with its printer: nothing more is sent to that
printer, it shows as down (so its supervision alarm is raised), and the held job prints once
when a status probe says the printer is healthy again. Real SQLite file, scripted printer
and status, fake clock."""

from __future__ import annotations

from dataclasses import replace

import pytest

import printer
from queue_server.domain.alarms import AlarmKind
from queue_server.domain.print_jobs import HoldReason, PrintStatus
from queue_server.services import alarms, printing, tickets
from tests.conftest import KIOSK
from tests.services.test_printing import NETWORK, ScriptedPrinter, events


class ScriptedStatus:
    """The printer's answer to a status probe, switched by the test."""

    def __init__(self) -> None:
        self.online = True
        self.paper = "ok"
        self.asked = 0

    def __call__(self, config) -> printer.PrinterStatus:
        self.asked += 1
        if not self.online:
            return printer.PrinterStatus(False, "unknown", "Printer menolak koneksi")
        if self.paper == "out":
            return printer.PrinterStatus(False, "out", "Kertas printer habis")
        return printer.PrinterStatus(True, self.paper, "Printer siap")


@pytest.fixture
def printing_hall(make_hall, settings):
    return make_hall(replace(settings, printers={"default": NETWORK}, kiosk_printers={}))


def spooler(hall, script: ScriptedPrinter, status: ScriptedStatus) -> printing.Spooler:
    """With the alarms evaluated on every printer change, as the realtime layer does."""

    def on_printer(name: str, health: printing.PrinterHealth) -> None:
        alarms.evaluate(hall, (alarms.PrinterReading(
            name, health.ok, health.paper, health.message,
            health.last_error_at or hall.now()),))

    return printing.Spooler(hall, hall.settings.printers, send=script, status=status,
                            on_printer=on_printer)


def job_of(hall, ticket_id: int):
    with hall.store.read() as s:
        return s.print_jobs.latest_of_ticket(ticket_id)


def printer_alarms(hall) -> list[str]:
    with hall.store.read() as s:
        return [a.subject for a in s.alarms.open() if a.kind is AlarmKind.PRINTER_DOWN]


def test_the_second_failure_in_a_row_holds_the_job_and_raises_the_printer_alarm(
        printing_hall, clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    status = ScriptedStatus()
    status.paper = "out"
    script = ScriptedPrinter("paper_out", "paper_out")
    sp = spooler(printing_hall, script, status)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    job = job_of(printing_hall, t.id)
    assert job.held and job.hold_reason is HoldReason.UNWELL
    assert job.status is PrintStatus.PENDING and job.next_attempt_at is None
    # minutes go by, the spooler keeps probing: nothing more is sent to the printer
    for _ in range(20):
        clock.advance(seconds=30)
        assert sp.run_due() == 0
        assert sp.poll("default") is False
    assert len(script.jobs) == 2
    assert printer_alarms(printing_hall) == ["printer:default"]
    report = sp.report()["default"]
    assert report["ok"] is False and report["held_jobs"] == 1 and report["pending_jobs"] == 1
    assert "ditahan" in report["message"] and "Kertas printer habis" in report["message"]
    assert events(printing_hall, t.id)[-1][1]["held"] is True


def test_a_held_job_prints_once_when_the_printer_reports_healthy(printing_hall, clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    status = ScriptedStatus()
    status.online = False
    script = ScriptedPrinter("refused", "refused", None)
    sp = spooler(printing_hall, script, status)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    assert sp.poll("default") is False  # still off
    assert printer_alarms(printing_hall) == ["printer:default"]
    status.online = True
    assert sp.poll("default") is True
    assert printer_alarms(printing_hall) == []  # healthy again: the alarm clears
    assert sp.run_due() == 1
    assert sp.run_due() == 0
    job = job_of(printing_hall, t.id)
    assert job.status is PrintStatus.SENT and not job.held and job.attempts == 3
    assert len(script.jobs) == 3
    assert b"ULANG" not in script.jobs[-1]  # nothing reached the paper before
    assert [kind for kind, _ in events(printing_hall, t.id)] == [
        "issued", "print_failed", "print_failed", "print_released", "printed"]


def test_every_job_of_a_held_printer_waits_with_it(printing_hall, clock):
    first = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    status = ScriptedStatus()
    status.online = False
    script = ScriptedPrinter("refused", "refused", None, None)
    sp = spooler(printing_hall, script, status)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    second = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    clock.advance(seconds=5)
    assert sp.run_due() == 0  # the newcomer's paper would come out as badly
    assert job_of(printing_hall, second.id).attempts == 0
    status.online = True
    assert sp.poll("default") is True
    assert sp.run_due() == 2
    assert job_of(printing_hall, first.id).status is PrintStatus.SENT
    assert job_of(printing_hall, second.id).status is PrintStatus.SENT
    assert len(script.jobs) == 4


def test_a_printer_that_drops_jobs_while_saying_ok_must_be_seen_off_and_on(printing_hall,
                                                                            clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    status = ScriptedStatus()
    script = ScriptedPrinter("io", "io", None)  # two half slips, status OK all along
    sp = spooler(printing_hall, script, status)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    assert job_of(printing_hall, t.id).hold_reason is HoldReason.DROPPED
    for _ in range(5):  # its OK proves nothing: it said OK before each half slip
        clock.advance(seconds=5)
        assert sp.poll("default") is False
    assert sp.run_due() == 0 and len(script.jobs) == 2
    assert "matikan lalu nyalakan" in sp.report()["default"]["message"]
    status.online = False  # someone turns it off ...
    assert sp.poll("default") is False
    status.online = True  # ... and on again
    assert sp.poll("default") is True
    sp.run_due()
    job = job_of(printing_hall, t.id)
    assert job.status is PrintStatus.SENT and len(script.jobs) == 3
    assert b"ULANG" in script.jobs[-1]  # half slips are in the tray: this one says so


def test_a_released_job_that_fails_again_is_held_at_once(printing_hall, clock):
    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    status = ScriptedStatus()
    script = ScriptedPrinter("refused", "refused", "refused", None)
    sp = spooler(printing_hall, script, status)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    assert sp.poll("default") is True
    sp.run_due()  # the one try after the release fails
    job = job_of(printing_hall, t.id)
    assert job.held and job.attempts == 3
    clock.advance(seconds=60)
    assert sp.run_due() == 0 and len(script.jobs) == 3


def test_a_held_job_whose_citizen_was_called_meanwhile_is_not_printed(printing_hall, clock):
    from tests.conftest import ADMIN

    t = tickets.issue_ticket(printing_hall, KIOSK, "ktp-el").ticket.ticket
    status = ScriptedStatus()
    script = ScriptedPrinter("refused", "refused")
    sp = spooler(printing_hall, script, status)
    sp.run_due()
    clock.advance(seconds=2)
    sp.run_due()
    tickets.call_next(printing_hall, ADMIN, "loket-1")
    assert sp.poll("default") is True
    sp.run_due()
    job = job_of(printing_hall, t.id)
    assert job.status is PrintStatus.FAILED and job.error_kind == "obsolete"
    assert len(script.jobs) == 2
