"""The estimator learns how long a call keeps a desk from the hall's recent days (a real
SQLite file and a fake clock): the minutes each call of a service took there, no-shows'
short calls included; a desk with nobody at it calls at once; a citizen long at the desk is
expected to stay a little longer, as the long cases of the recent days did."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from queue_server.services import tickets
from tests.conftest import KIOSK, officer, without_quotas

DESKS = ("loket-1", "loket-2")  # the two counters of ktp-el (configured: 7 minutes)
MONDAY_0900 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def hall(make_hall, settings):
    return make_hall(without_quotas(settings))


def issue(hall):
    return tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket


def call(hall, desk: str) -> int:
    return tickets.call_next(hall, officer(desk), desk).ticket.ticket.id


def recent_days(hall, clock, calls: list[tuple[float, str]], days=(23, 24, 25)) -> None:
    """On three recent days both desks made the same calls one after the other from 09:00:
    each (minutes at the desk, how it ended: "finish" or "skip" for a no-show)."""
    for day in days:
        clock.set(datetime(2026, 2, day, 2, 0, tzinfo=UTC))
        for minutes, end in calls:
            called = []
            for desk in DESKS:
                issue(hall)
                called.append((desk, call(hall, desk)))
            clock.advance(minutes=minutes)
            for desk, ticket_id in called:
                (tickets.finish if end == "finish" else tickets.skip)(
                    hall, officer(desk), ticket_id)


def test_the_minutes_a_call_took_on_the_recent_days_set_the_pace(hall, clock):
    recent_days(hall, clock, [(10.0, "finish")] * 8)  # 48 calls of 10 minutes
    clock.set(MONDAY_0900)
    infos = [issue(hall) for _ in range(5)]
    # the configured 7 minutes would say 0, 0, 7, 7, 14
    assert [i.eta_minutes for i in infos] == [0, 0, 10, 10, 20]


def test_a_line_with_many_no_shows_moves_faster_than_its_service_time(hall, clock):
    # every other citizen never came: recalled in vain and skipped after 2 minutes
    recent_days(hall, clock, [(10.0, "finish"), (2.0, "skip")] * 4)
    clock.set(MONDAY_0900)
    infos = [issue(hall) for _ in range(5)]
    # a call keeps a desk (10 + 2) / 2 = 6 minutes, not the 10 of a service
    assert [i.eta_minutes for i in infos] == [0, 0, 6, 6, 12]


def test_a_desk_with_nobody_at_it_calls_a_newcomer_at_once(hall, clock):
    clock.set(MONDAY_0900)
    for desk in DESKS:  # each served a citizen in a minute and is free again
        issue(hall)
        ticket_id = call(hall, desk)
        clock.advance(minutes=1)
        tickets.finish(hall, officer(desk), ticket_id)
    # were the desks taken to be busy for a call's usual 7 minutes, this would be 6
    assert issue(hall).eta_minutes == 0


def test_a_citizen_long_at_the_desk_is_expected_to_stay_a_little_longer(hall, clock):
    # the recent days: calls of 4 and of 12 minutes in turn (a mean of 8)
    recent_days(hall, clock, [(4.0, "finish"), (12.0, "finish")] * 4)
    clock.set(MONDAY_0900)
    for desk in DESKS:
        issue(hall)
        call(hall, desk)
    clock.advance(minutes=9)  # both citizens are still at the desks, past the mean
    # of the recent calls only the 12-minute ones lasted 9: 3 minutes left, not none
    assert issue(hall).eta_minutes == 3


def test_a_citizen_just_called_keeps_the_desk_for_a_whole_call(hall, clock):
    recent_days(hall, clock, [(10.0, "finish")] * 8)
    clock.set(MONDAY_0900)
    for desk in DESKS:
        issue(hall)
        call(hall, desk)
    clock.advance(minutes=4)
    assert issue(hall).eta_minutes == 6
    assert issue(hall).eta_minutes == 6
    assert issue(hall).eta_minutes == 16



def test_the_desk_minutes_are_read_from_each_service_s_latest_calls(hall, clock):
    recent_days(hall, clock, [(4.0, "finish"), (12.0, "finish")], days=(23,))
    recent_days(hall, clock, [(10.0, "skip")], days=(24,))
    with hall.store.read() as tx:
        rows = tx.eta.desk_minutes(["ktp-el", "ikd-kia"], datetime(2026, 2, 1, tzinfo=UTC),
                                   MONDAY_0900, per_service=3)
    # the three latest calls of KTP-el: the two no-shows of the 24th (10 minutes to the
    # skip) and loket-2's 12-minute one of the 23rd; nothing of a service never called
    assert sorted((counter, round(minutes, 6)) for counter, _, _, minutes in rows) == [
        ("loket-1", 10.0), ("loket-2", 10.0), ("loket-2", 12.0)]
    assert {service for _, service, _, _ in rows} == {"ktp-el"}
