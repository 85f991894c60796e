"""The estimator on a real SQLite file and a fake clock: the live call pace of the open
counters, a paused counter not counted, the seed pace when no recent calls; and one number
for the ticket answer, the stored estimate and the paper."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

import printer
from queue_server.services import counter_console, printing, tickets
from tests.conftest import KIOSK, officer, without_quotas

# ktp-el: seed 7 minutes a citizen, served at loket-1 and loket-2


def issue(hall, service="ktp-el"):
    return tickets.issue_ticket(hall, KIOSK, service).ticket


def given(hall, ticket_id: int) -> int | None:
    with hall.store.read() as tx:
        return tx.eta.given(ticket_id)


@pytest.fixture
def busy_hall(make_hall, settings):
    return make_hall(without_quotas(settings))


@pytest.fixture
def quick_counters(busy_hall, clock):
    """40 citizens at 09:00; then both counters call one every 3 minutes, 12 times."""
    for _ in range(40):
        issue(busy_hall)
    for _ in range(12):
        clock.advance(minutes=3)
        for counter in ("loket-1", "loket-2"):
            tickets.call_next(busy_hall, officer(counter), counter)
    return busy_hall


def test_with_no_calls_yet_the_estimate_is_the_seed_pace(busy_hall):
    infos = [issue(busy_hall) for _ in range(5)]
    # n ahead: n + 1/2 calls at 7 minutes a call, two counters (4 ahead: 15.75)
    assert [i.eta_minutes for i in infos] == [0, 6, 9, 13, 16]


def test_the_recent_call_pace_of_the_counters_sets_the_estimate(quick_counters):
    newcomer = issue(quick_counters)
    assert newcomer.people_ahead == 16  # 40 issued, 24 called
    # each counter: eleven 3-minute intervals and the three seed 7s, 54/14 minutes a
    # call; both: 28/54 a minute; 16.5 calls: 31.8 minutes
    assert newcomer.eta_minutes == 32


def test_a_paused_counter_is_not_serving(quick_counters):
    counter_console.set_paused(quick_counters, officer("loket-2"), "loket-2", True,
                               reason="salat")
    newcomer = issue(quick_counters)
    assert newcomer.eta_minutes == 64  # loket-1 alone, 14/54 a minute: 63.6


def test_calls_older_than_the_window_fall_back_to_the_seed(quick_counters, clock):
    clock.advance(minutes=50)  # the last calls are 50 minutes old
    newcomer = issue(quick_counters)
    assert newcomer.eta_minutes == 58  # 16.5 calls x 7 / 2 = 57.75


def test_no_open_counter_gives_no_estimate(busy_hall):
    issue(busy_hall)
    for counter in ("loket-1", "loket-2"):
        counter_console.set_paused(busy_hall, officer(counter), counter, True,
                                   reason="rapat")
    assert issue(busy_hall).eta_minutes is None


def test_the_estimate_answered_is_the_one_stored(busy_hall):
    infos = [issue(busy_hall) for _ in range(3)]
    assert [given(busy_hall, i.ticket.id) for i in infos] == [i.eta_minutes for i in infos]


# ---------------------------------------------------------------- the paper agrees


class Paper:
    def __init__(self) -> None:
        self.jobs: list[bytes] = []

    def __call__(self, config, data: bytes):
        self.jobs.append(data)
        return printer.PrinterStatus(online=True, paper="ok", message="ok")


NETWORK = printer.PrinterConfig(name="default", kind="network", host="127.0.0.1", port=9,
                                timeout=0.5)


def test_answer_stored_estimate_and_paper_carry_the_same_number(make_hall, settings):
    hall = make_hall(replace(settings, printers={"default": NETWORK}, kiosk_printers={}))
    infos = [issue(hall) for _ in range(4)]
    last = infos[-1]
    assert last.eta_minutes == 13  # 3.5 calls x 7 / 2
    # a break starts before the paper comes out: the estimate now would double, but the
    # paper tells what the citizen was told on screen
    counter_console.set_paused(hall, officer("loket-2"), "loket-2", True, reason="salat")
    assert tickets.get_ticket(hall, officer("loket-1"), last.ticket.id).eta_minutes == 25
    paper = Paper()
    printing.Spooler(hall, hall.settings.printers, send=paper,
                     status=lambda config: printer.PrinterStatus(True, "ok", "ok")).run_due()
    printed = [job for job in paper.jobs if last.ticket.code.encode() in job]
    assert len(printed) == 1
    assert given(hall, last.ticket.id) == 13
    assert b"\xf1 13 menit" in printed[0]  # "Perkiraan tunggu: ± 13 menit" in CP437
    # a copy printed now tells the estimate of its own moment
    with hall.store.read() as tx:
        copy = printing.ticket_print(hall, tx, hall.catalog(tx), last.ticket, copy=True)
    assert copy.eta_minutes == 25


def test_an_estimate_that_runs_into_the_friday_prayer_break_waits_it_out(busy_hall, clock):
    clock.set(datetime(2026, 3, 6, 4, 20, tzinfo=UTC))  # Friday 11:20 WIB; break 11:30-13:30
    infos = [issue(busy_hall) for _ in range(5)]
    # 2 ahead: 9 minutes, before the break; 3 ahead: 13 = 10 before + 3 after 13:30
    assert [i.eta_minutes for i in infos] == [0, 6, 9, 133, 136]
