"""The ETA accuracy report on a real SQLite file and a fake clock: tickets issued with the
estimate they were told, called later, figures exact; scoped like the reports."""

from __future__ import annotations

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import BadRequest, Forbidden, Unauthorized
from queue_server.services import tickets
from queue_server.services.eta_accuracy import eta_accuracy
from tests.conftest import ADMIN, KIOSK, officer, supervisor

DAY = "2026-03-02"


def issue(hall, service="ktp-el"):
    return tickets.issue_ticket(hall, KIOSK, service).ticket


def call(hall, counter: str):
    return tickets.call_next(hall, officer(counter), counter).ticket.ticket


@pytest.fixture
def measured_day(hall, clock):
    """09:00 three KTP-el citizens are told 0, 0 and 7 minutes (two free counters call the
    first two at once, then one each 7 minutes, the seed pace) and a fourth one 7; the
    first three are called 5, 6 and 20 minutes after issue, the fourth never."""
    told = [issue(hall).eta_minutes for _ in range(3)]
    issue(hall)
    clock.advance(minutes=5)
    call(hall, "loket-1")
    clock.advance(minutes=1)
    call(hall, "loket-2")
    clock.advance(minutes=14)
    call(hall, "loket-1")
    return told


def test_the_estimates_told_are_the_seed_pace(measured_day):
    assert measured_day == [0, 0, 7]


def test_errors_are_given_against_first_call_minus_issue(hall, measured_day):
    result = eta_accuracy(hall, ADMIN, from_=DAY, to=DAY)
    # errors |0-5| = 5, |0-6| = 6, |7-20| = 13; the uncalled ticket does not count
    assert result.tickets == 3
    assert result.mae_minutes == 8.0
    assert result.p90_abs_error_minutes == 13.0
    assert result.within_5_minutes_pct == 33.3
    assert [(s.service_id, s.tickets, s.mae_minutes) for s in result.by_service] == [
        ("ktp-el", 3, 8.0)]


def test_a_recall_does_not_move_the_wait_measured(hall, clock, measured_day):
    first = eta_accuracy(hall, ADMIN, from_=DAY, to=DAY)
    clock.advance(minutes=30)
    ticket = call(hall, "loket-2")  # the fourth citizen, told 7, called 50 after issue
    tickets.recall(hall, officer("loket-2"), ticket.id)
    after = eta_accuracy(hall, ADMIN, from_=DAY, to=DAY)
    assert after.tickets == first.tickets + 1
    assert after.mae_minutes == round((5 + 6 + 13 + abs(7 - 50)) / 4, 2)


def test_a_ticket_without_an_estimate_is_left_out(hall, measured_day):
    with hall.store.write() as tx:
        tx.conn.execute("UPDATE tickets SET eta_minutes_given = NULL WHERE code = 'A003'")
    result = eta_accuracy(hall, ADMIN, from_=DAY, to=DAY)
    assert (result.tickets, result.mae_minutes) == (2, 5.5)


def test_other_days_are_outside_the_range(hall, measured_day):
    assert eta_accuracy(hall, ADMIN, from_="2026-03-03", to="2026-03-09").tickets == 0
    assert eta_accuracy(hall, ADMIN, from_="2026-02-01", to=DAY).tickets == 3
    assert eta_accuracy(hall, ADMIN).tickets == 3  # today by default


def test_a_supervisor_sees_only_their_agencies(hall, measured_day):
    assert eta_accuracy(hall, supervisor("dukcapil"), from_=DAY, to=DAY).tickets == 3
    other = eta_accuracy(hall, supervisor("samsat"), from_=DAY, to=DAY)
    assert (other.tickets, other.mae_minutes, other.by_service) == (0, None, ())


def test_officers_devices_and_anonymous_are_refused(hall):
    with pytest.raises(Forbidden):
        eta_accuracy(hall, officer("loket-1"))
    with pytest.raises(Forbidden):
        eta_accuracy(hall, KIOSK)
    with pytest.raises(Unauthorized):
        eta_accuracy(hall, ANONYMOUS)


@pytest.mark.parametrize(("from_", "to", "field"), [
    ("2026-3-2", None, "from"),
    ("2026-02-30", None, "from"),
    (DAY, "kemarin", "to"),
    (DAY, "2026-03-01", "to"),  # before from
    ("2025-03-01", DAY, "to"),  # 367 days
])
def test_bad_dates_and_long_ranges_name_the_field(hall, from_, to, field):
    with pytest.raises(BadRequest) as error:
        eta_accuracy(hall, ADMIN, from_=from_, to=to)
    assert error.value.field == field


def test_a_whole_year_is_allowed(hall):
    assert eta_accuracy(hall, ADMIN, from_="2025-03-03", to=DAY).tickets == 0
