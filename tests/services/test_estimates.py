"""The estimator on a real SQLite file and a fake clock: the counters played forward at
their live call pace, a paused counter back after a break, the seed pace when no recent
calls, the usual break learned from the recent days; and one number for the ticket answer,
the stored estimate and the paper."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

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


def test_with_no_calls_yet_free_counters_call_at_once_then_at_the_seed_pace(busy_hall):
    infos = [issue(busy_hall) for _ in range(5)]
    # two free counters: the first two are called now, then one each 7 minutes
    assert [i.eta_minutes for i in infos] == [0, 0, 7, 7, 14]


def test_the_recent_call_pace_of_the_counters_sets_the_estimate(quick_counters):
    newcomer = issue(quick_counters)
    assert newcomer.people_ahead == 16  # 40 issued, 24 called
    # each counter: eleven 3-minute intervals and three of the seed of the calls it made
    # (all ktp-el, 7 minutes; no recent days to learn from): 54/14 = 3.86 minutes a call,
    # ktp-el's 7 minutes scaled by 3.86 / 7; the citizen called now at each desk keeps it
    # 3.86; the newcomer is the 17th call, the 9th of loket-1: 3.86 + 8 x 3.86 = 34.7
    assert newcomer.eta_minutes == 35


def test_a_paused_counter_comes_back_after_a_break(quick_counters):
    counter_console.set_paused(quick_counters, officer("loket-2"), "loket-2", True,
                               reason="salat")
    newcomer = issue(quick_counters)
    # loket-2 is expected back in 30 minutes (no usual break learned yet): loket-1 alone
    # makes the first seven calls (every 3.86); from 30 they alternate, and the 17th call
    # is loket-1's 12th, at 12 x 3.86 = 46.3
    assert newcomer.eta_minutes == 47


def test_calls_older_than_the_window_fall_back_to_the_seed(quick_counters, clock):
    clock.advance(minutes=50)  # the last calls are 50 minutes old
    newcomer = issue(quick_counters)
    assert newcomer.eta_minutes == 56  # the 17th call: the 9th of a counter, 8 x 7 minutes


def test_counters_all_on_a_break_give_the_wait_after_their_return(busy_hall):
    issue(busy_hall)
    for counter in ("loket-1", "loket-2"):
        counter_console.set_paused(busy_hall, officer(counter), counter, True,
                                   reason="rapat")
    assert issue(busy_hall).eta_minutes == 30  # both back in 30, the second call


def test_a_service_no_counter_serves_gives_no_estimate(make_hall, settings):
    hall = make_hall(without_quotas(settings))
    with hall.store.write() as tx:
        for counter in ("loket-1", "loket-2"):  # the only counters of ktp-el
            tx.catalog.set_counter_services(counter, {"ikd-kia": 1.0})
        tx.catalog.bump_version()
    assert issue(hall).eta_minutes is None


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
    assert last.eta_minutes == 7  # two free counters: called at 0, 0, 7 and 7
    # a break starts before the paper comes out: the estimate now is longer, but the
    # paper tells what the citizen was told on screen
    counter_console.set_paused(hall, officer("loket-2"), "loket-2", True, reason="salat")
    assert tickets.get_ticket(hall, officer("loket-1"), last.ticket.id).eta_minutes == 21
    paper = Paper()
    printing.Spooler(hall, hall.settings.printers, send=paper,
                     status=lambda config: printer.PrinterStatus(True, "ok", "ok")).run_due()
    printed = [job for job in paper.jobs if last.ticket.code.encode() in job]
    assert len(printed) == 1
    assert given(hall, last.ticket.id) == 7
    assert b"\xf1 7 menit" in printed[0]  # "Perkiraan tunggu: ± 7 menit" in CP437
    # a copy printed now tells the estimate of its own moment
    with hall.store.read() as tx:
        copy = printing.ticket_print(hall, tx, hall.catalog(tx), last.ticket, copy=True)
    assert copy.eta_text == "± 21 menit"  # loket-1 alone: 0, 7, 14, 21


def test_an_estimate_that_runs_into_the_friday_prayer_break_waits_it_out(busy_hall, clock):
    clock.set(datetime(2026, 3, 6, 4, 20, tzinfo=UTC))  # Friday 11:20 WIB; break 11:30-13:30
    infos = [issue(busy_hall) for _ in range(5)]
    # called at 0, 0, 7, 7 before the break; the fifth at 14 minutes: 10 before it and
    # 4 after 13:30
    assert [i.eta_minutes for i in infos] == [0, 0, 7, 7, 134]


# ---------------------------------------------------------------- the usual break


def lunch_on_recent_days(hall, clock, days=(23, 24, 25)):
    """loket-2 took 12:00-12:30 off on three recent Mondays-to-Wednesdays of February."""
    for day in days:
        clock.set(datetime(2026, 2, day, 2, 0, tzinfo=UTC))  # 09:00 WIB: the hall opened
        issue(hall)
        clock.set(datetime(2026, 2, day, 5, 0, tzinfo=UTC))  # 12:00 WIB
        counter_console.set_paused(hall, officer("loket-2"), "loket-2", True,
                                   reason="Istirahat")
        clock.advance(minutes=30)
        counter_console.set_paused(hall, officer("loket-2"), "loket-2", False)


def test_the_counters_usual_break_is_learned_from_the_recent_days(busy_hall, clock):
    lunch_on_recent_days(busy_hall, clock)
    clock.set(datetime(2026, 3, 2, 4, 40, tzinfo=UTC))  # Monday 11:40 WIB
    infos = [issue(busy_hall) for _ in range(8)]
    # both free at 11:40, 7 minutes a call: loket-2 calls at 0, 7 and 14, is free at 12:01
    # and leaves until 12:30, so the seventh and eighth are loket-1's at 21 and 28
    assert [i.eta_minutes for i in infos] == [0, 0, 7, 7, 14, 14, 21, 28]


def test_no_break_is_expected_once_today_s_was_taken(busy_hall, clock):
    lunch_on_recent_days(busy_hall, clock)
    clock.set(datetime(2026, 3, 2, 4, 0, tzinfo=UTC))  # Monday 11:00 WIB: an early lunch
    counter_console.set_paused(busy_hall, officer("loket-2"), "loket-2", True,
                               reason="Istirahat")
    clock.advance(minutes=30)
    counter_console.set_paused(busy_hall, officer("loket-2"), "loket-2", False)
    clock.advance(minutes=10)  # 11:40
    infos = [issue(busy_hall) for _ in range(8)]
    assert [i.eta_minutes for i in infos] == [0, 0, 7, 7, 14, 14, 21, 21]


def test_a_counter_on_its_usual_break_is_back_after_its_usual_length(busy_hall, clock):
    lunch_on_recent_days(busy_hall, clock)
    clock.set(datetime(2026, 3, 2, 5, 0, tzinfo=UTC))  # Monday 12:00 WIB
    counter_console.set_paused(busy_hall, officer("loket-2"), "loket-2", True,
                               reason="Istirahat")
    clock.advance(minutes=10)  # 12:10: back at 12:30, in 20 minutes
    infos = [issue(busy_hall) for _ in range(5)]
    # loket-1 calls at 0, 7, 14; loket-2 at 20; loket-1 again at 21
    assert [i.eta_minutes for i in infos] == [0, 7, 14, 20, 21]


# ---------------------------------------------------------------- citizens expected


def mornings_with_priority_citizens(hall, clock, days=(23, 24, 25)):
    """Three recent days on which 4 priority citizens came for KTP-el between 09:00 and
    09:30 (one a 7.5 minutes): the pattern the forecast learns."""
    for day in days:
        for k in range(4):
            clock.set(datetime(2026, 2, day, 2, 0, tzinfo=UTC) + timedelta(minutes=7.5 * k))
            tickets.issue_ticket(hall, KIOSK, "ktp-el", priority_kind="lansia")


def test_citizens_expected_to_come_and_go_first_lengthen_the_wait(make_hall, settings, clock):
    usual = make_hall(without_quotas(settings))
    new = make_hall(without_quotas(settings), name="new.db")
    mornings_with_priority_citizens(usual, clock)
    clock.set(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # Monday 09:00 WIB
    first_day = [issue(new) for _ in range(6)]
    learned = [issue(usual) for _ in range(6)]
    # a new hall knows of nobody coming: two free counters, 7 minutes a call
    assert [i.eta_minutes for i in first_day] == [0, 0, 7, 7, 14, 14]
    # the recent days had 4 priority citizens from 09:00 to 09:30; today is busier than
    # they were by 09:00 (6 tickets against none), so (6 + 20) / 20 x 4 = 5.2 are expected,
    # at 2.9, 8.7, 14.4, 20.2 and 26.0 minutes, each called before the regular citizens
    # still waiting: the sixth regular one goes at 35
    assert learned[-1].eta_minutes == 35
    assert all(i.ticket.priority is False for i in learned)


@pytest.mark.parametrize("seed", range(4))
def test_a_play_read_a_few_tickets_a_line_first_gives_what_a_full_read_gives(
        busy_hall, clock, monkeypatch, seed):
    """Plays read each line SHORT_READ tickets at a time, as far as they go: every waiting
    ticket's estimate, and a walk-in's, must not change with how short a read is (priority
    citizens, tickets sent to a counter, three desks with their own mixes, queues far past
    MAX_CALLS; tickets asked about alone, as a phone's track asks)."""
    import random

    from queue_server.domain.eta_forecast import MAX_CALLS
    from queue_server.services import estimates

    rng = random.Random(seed)
    hall = busy_hall
    services = ["ktp-el", "ikd-kia", "kartu-keluarga", "pindah-datang"]
    desks = ["loket-1", "loket-2", "loket-3"]

    def everything() -> tuple[list, dict]:
        with hall.store.read() as tx:
            catalog = hall.catalog(tx)
            waiting = [t for s in services for t in tx.tickets.waiting_of_service(
                s, hall.today(hall.now()))]
            infos = estimates.ticket_infos(hall, tx, catalog, waiting, hall.now())
            # asked about alone (a phone's track), a ticket is not in its own play's read
            alone = [estimates.ticket_infos(hall, tx, catalog, [t], hall.now())[0]
                     for t in waiting[::3]]
            walk_ins = estimates.walk_in_estimates(
                hall, tx, catalog, [catalog.services[s] for s in services], hall.now())
        return [(i.ticket.id, i.people_ahead, i.eta_minutes) for i in infos + alone], walk_ins

    compared = 0
    for step in range(260):
        clock.advance(seconds=rng.choice([5, 30, 90]))
        roll = rng.random()
        if roll < 0.7:
            tickets.issue_ticket(hall, KIOSK, rng.choice(services),
                                 priority=rng.random() < 0.2)
        else:
            # loket-2 calls seldom: the tickets loket-1 sends it pile up in its own line
            desk = rng.choices(desks, weights=[5, 1, 4])[0]
            called = tickets.call_next(hall, officer(desk), desk).ticket
            if called is not None and desk == "loket-1" and rng.random() < 0.5:
                tickets.transfer(hall, officer(desk), called.ticket.id, counter_id="loket-2")
        if step % 40 == 39:
            monkeypatch.setattr(estimates, "SHORT_READ", MAX_CALLS)
            whole = everything()
            monkeypatch.setattr(estimates, "SHORT_READ", 2)
            assert everything() == whole, step
            monkeypatch.setattr(estimates, "SHORT_READ", 25)
            assert everything() == whole, step
            compared += len(whole[0])
    assert compared > 300
