"""When a closed service opens again, and the hall's own state for the kiosk's first screen:
the next span's start on a day that is no holiday, in the hall's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from queue_server.domain.opening import (
    Availability,
    availability,
    hall_opening,
    next_opening,
    parse_spans,
)

WIB = ZoneInfo("Asia/Jakarta")
HOURS = {
    0: parse_spans("08:00-15:00"),
    1: parse_spans("08:00-15:00"),
    2: parse_spans("08:00-15:00"),
    3: parse_spans("08:00-15:00"),
    4: parse_spans("08:00-11:30, 13:30-15:30"),
    5: parse_spans("closed"),
    6: parse_spans("closed"),
}
# Christmas 2026 is a Friday; the 24th is cuti bersama
HOLIDAYS = {date(2026, 12, 24): "Cuti Bersama Natal", date(2026, 12, 25): "Hari Raya Natal"}


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def check(now: datetime, **kwargs) -> Availability:
    values = {"paused_reason": None, "daily_quota": 100, "issued_today": 0} | kwargs
    return availability(now_local=now, hours=HOURS, holidays=HOLIDAYS, **values)


def test_before_opening_the_service_opens_at_the_first_span_of_today():
    assert next_opening(at(12, 7, 6, 30), HOURS, {}) == at(12, 7, 8)


def test_in_the_friday_prayer_break_it_opens_after_the_break_the_same_day():
    assert next_opening(at(12, 4, 12), HOURS, {}) == at(12, 4, 13, 30)


def test_after_friday_closing_it_opens_on_monday_morning():
    assert next_opening(at(12, 4, 16), HOURS, {}) == at(12, 7, 8)


def test_holidays_are_skipped_however_many_in_a_row():
    # Wednesday 23 December after hours: the 24th and 25th are holidays, then the weekend
    assert next_opening(at(12, 23, 17), HOURS, HOLIDAYS) == at(12, 28, 8)


def test_a_service_without_any_hours_never_opens():
    assert next_opening(at(12, 7, 9), {}, {}) is None


def test_a_closed_service_carries_its_next_opening_in_the_hall_time_zone():
    state = check(at(12, 25, 9))
    assert (state.reason, state.next_open_at) == ("holiday", at(12, 28, 8))
    assert state.next_open_at is not None and state.next_open_at.utcoffset() == WIB.utcoffset(
        state.next_open_at)
    assert check(at(12, 5, 10)).next_open_at == at(12, 7, 8)  # Saturday: outside hours


def test_a_used_up_quota_opens_again_with_the_next_day_hours_not_later_today():
    state = check(at(12, 7, 9), daily_quota=10, issued_today=10)
    assert (state.reason, state.next_open_at) == ("quota_reached", at(12, 8, 8))


def test_a_paused_or_open_service_has_no_next_opening():
    assert check(at(12, 7, 9), paused_reason="gangguan jaringan").next_open_at is None
    assert check(at(12, 7, 9)).next_open_at is None


def test_the_hall_is_open_while_any_service_takes_tickets():
    assert hall_opening([check(at(12, 7, 9)), check(at(12, 7, 9), paused_reason="x")]).open
    assert hall_opening([]).open  # nothing to say about a hall without services


def test_a_closed_hall_gives_the_holiday_and_the_earliest_next_opening():
    friday_hours = {4: parse_spans("08:00-11:00")}
    states = [check(at(12, 25, 9)),
              availability(now_local=at(12, 25, 9), hours=friday_hours, holidays=HOLIDAYS,
                           paused_reason=None, daily_quota=None, issued_today=0)]
    hall = hall_opening(states)
    assert not hall.open
    assert (hall.reason, hall.message, hall.message_en) == (
        "holiday", "Hari libur: Hari Raya Natal", "Public holiday: Hari Raya Natal")
    assert hall.next_open_at == at(12, 28, 8)  # the other one waits until next Friday


def test_a_hall_closed_for_different_reasons_says_so_plainly():
    states = [check(at(12, 7, 9), paused_reason="rapat"),
              check(at(12, 7, 9), daily_quota=5, issued_today=5)]
    hall = hall_opening(states)
    assert (hall.open, hall.reason, hall.message) == (False, "closed",
                                                      "Semua layanan sedang tutup")
    assert hall.next_open_at == at(12, 8, 8)


def test_after_hours_the_hall_says_outside_hours_whatever_each_service_span():
    hall = hall_opening([check(at(12, 7, 18)), check(at(12, 7, 18))])
    assert (hall.reason, hall.message, hall.next_open_at) == (
        "outside_hours", "Di luar jam layanan", at(12, 8, 8))
