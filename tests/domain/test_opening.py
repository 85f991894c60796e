"""Opening hours and whether a service takes tickets now: pause > holiday > hours > quota."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from queue_server.domain.opening import Availability, availability, describe_spans, parse_spans

WIB = ZoneInfo("Asia/Jakarta")
WEEKDAY = "08:00-15:00"
FRIDAY = "08:00-11:30, 13:30-15:30"
HOURS = {
    0: parse_spans(WEEKDAY),
    1: parse_spans(WEEKDAY),
    2: parse_spans(WEEKDAY),
    3: parse_spans(WEEKDAY),
    4: parse_spans(FRIDAY),
    5: parse_spans("closed"),
    6: parse_spans("tutup"),
}
HOLIDAYS = {date(2026, 3, 19): "Hari Suci Nyepi"}  # a Thursday


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


MONDAY_9 = at(2, 9)  # Monday 2 March 2026
FRIDAY_NOON = at(6, 12)
SATURDAY_10 = at(7, 10)
HOLIDAY_10 = at(19, 10)


def check(now: datetime, *, paused: str | None = None, quota: int | None = 100,
          issued: int = 0, ignore_hours: bool = False) -> Availability:
    return availability(now_local=now, hours=HOURS, holidays=HOLIDAYS, paused_reason=paused,
                        daily_quota=quota, issued_today=issued, ignore_hours=ignore_hours)


# ---------------------------------------------------------------- parse_spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("08:00-15:00", ((time(8), time(15)),)),
        ("08:00-11:30, 13:30-15:30", ((time(8), time(11, 30)), (time(13, 30), time(15, 30)))),
        ("13:30-15:30,08:00-11:30", ((time(8), time(11, 30)), (time(13, 30), time(15, 30)))),
        (" 8:00 - 12:00 ", ((time(8), time(12)),)),
        ("08:00-12:00, 12:00-13:00", ((time(8), time(12)), (time(12), time(13)))),
        ("00:00-24:00", ((time(0), time(23, 59, 59)),)),
        ("20:00-24:00", ((time(20), time(23, 59, 59)),)),
        ("closed", ()),
        ("Closed", ()),
        ("tutup", ()),
        ("", ()),
        ("   ", ()),
    ],
)
def test_parse_spans_reads_good_hours(text: str, spans: tuple) -> None:
    assert parse_spans(text) == spans


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("08:00-12:00, 11:00-13:00", "overlapping"),
        ("08:00-15:00, 09:00-10:00", "overlapping"),
        ("08:00", "HH:MM-HH:MM"),
        ("8-12", "HH:MM-HH:MM"),
        ("08.00-12.00", "HH:MM-HH:MM"),
        ("08:00-12:00,", "HH:MM-HH:MM"),
        ("08:00-12:00; 13:00-14:00", "HH:MM-HH:MM"),
        ("open", "HH:MM-HH:MM"),
        ("08:00-25:00", "not a time"),
        ("24:00-24:00", "not a time"),
        ("08:60-09:00", "not a time"),
        ("08:00-24:30", "not a time"),
        ("12:00-08:00", "after opening"),
        ("08:00-08:00", "after opening"),
    ],
)
def test_parse_spans_rejects_bad_hours(text: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_spans(text)


def test_describe_spans_reads_hours_back_or_tutup() -> None:
    assert describe_spans(parse_spans(FRIDAY)) == "08:00–11:30, 13:30–15:30"
    assert describe_spans(()) == "tutup"


# ---------------------------------------------------------------- availability


def test_open_inside_hours_reports_quota_left() -> None:
    result = check(MONDAY_9, quota=150, issued=40)
    assert result.open
    assert result.reason is None
    assert result.quota_left == 110


def test_open_without_quota_reports_no_quota_left() -> None:
    result = check(MONDAY_9, quota=None, issued=400)
    assert result.open
    assert result.quota_left is None


@pytest.mark.parametrize(
    ("now", "is_open"),
    [
        (at(2, 7, 59), False),
        (at(2, 8, 0), True),
        (at(2, 14, 59), True),
        (at(2, 15, 0), False),  # closing time is exclusive
        (at(6, 11, 29), True),
        (at(6, 11, 30), False),  # Friday prayer break
        (FRIDAY_NOON, False),
        (at(6, 13, 29), False),
        (at(6, 13, 30), True),
        (at(6, 15, 15), True),  # Friday runs to 15:30
        (SATURDAY_10, False),
        (at(8, 10), False),  # Sunday
    ],
)
def test_opening_hours_decide_between_open_and_outside_hours(
    now: datetime, is_open: bool
) -> None:
    result = check(now)
    assert result.open is is_open
    if not is_open:
        assert result.reason == "outside_hours"


def test_friday_lunch_break_is_closed_with_the_days_hours_in_message() -> None:
    result = check(FRIDAY_NOON)
    assert not result.open
    assert result.reason == "outside_hours"
    assert "Jumat" in result.message
    assert "08:00–11:30, 13:30–15:30" in result.message
    assert "Friday" in result.message_en


def test_saturday_message_says_closed() -> None:
    result = check(SATURDAY_10)
    assert "Sabtu: tutup" in result.message
    assert "Saturday: closed" in result.message_en


def test_holiday_closes_inside_normal_hours_and_names_the_holiday() -> None:
    result = check(HOLIDAY_10)
    assert not result.open
    assert result.reason == "holiday"
    assert "Nyepi" in result.message
    assert "Nyepi" in result.message_en


def test_quota_reached_closes_and_reports_zero_left() -> None:
    result = check(MONDAY_9, quota=100, issued=100)
    assert not result.open
    assert result.reason == "quota_reached"
    assert result.quota_left == 0
    assert check(MONDAY_9, quota=100, issued=130).quota_left == 0
    assert check(MONDAY_9, quota=100, issued=99).open


def test_paused_beats_holiday_hours_and_quota() -> None:
    result = check(HOLIDAY_10, paused="server SIAK gangguan", quota=10, issued=10)
    assert result.reason == "paused"
    assert "server SIAK gangguan" in result.message
    assert "server SIAK gangguan" in result.message_en
    assert result.quota_left == 0


def test_holiday_beats_hours_and_quota() -> None:
    on_holiday_at_night = at(19, 22)
    assert check(on_holiday_at_night, quota=5, issued=5).reason == "holiday"


def test_hours_beat_quota() -> None:
    result = check(SATURDAY_10, quota=5, issued=5)
    assert result.reason == "outside_hours"
    assert result.quota_left == 0


def test_ignore_hours_opens_outside_hours_and_on_holidays() -> None:
    for now in (SATURDAY_10, FRIDAY_NOON, at(2, 22), HOLIDAY_10):
        result = check(now, ignore_hours=True, quota=50, issued=3)
        assert result.open, now
        assert result.quota_left == 47


def test_ignore_hours_still_applies_quota_and_pause() -> None:
    assert check(SATURDAY_10, ignore_hours=True, quota=5, issued=5).reason == "quota_reached"
    assert check(SATURDAY_10, ignore_hours=True, paused="rapat").reason == "paused"


def test_weekday_missing_from_hours_is_closed() -> None:
    result = availability(now_local=MONDAY_9, hours={}, holidays={}, paused_reason=None,
                          daily_quota=None, issued_today=0)
    assert result.reason == "outside_hours"


# ---------------------------------------------------------------- a day's end ("24:00")


@pytest.mark.parametrize("moment", [time(23, 59, 58, 999_999), time(23, 59, 59),
                                    time(23, 59, 59, 500_000), time(23, 59, 59, 999_999)])
def test_a_span_ending_at_24_00_holds_through_the_days_last_second(moment):
    around_the_clock = {day: parse_spans("00:00-24:00") for day in range(7)}
    now = datetime.combine(date(2026, 3, 2), moment, tzinfo=WIB)
    state = availability(now_local=now, hours=around_the_clock, holidays={},
                         paused_reason=None, daily_quota=None, issued_today=0)
    assert state.open, state


def test_a_span_ending_before_midnight_still_closes_at_its_end():
    evening = {0: parse_spans("20:00-23:59")}
    last_minute = datetime(2026, 3, 2, 23, 59, 0, tzinfo=WIB)
    assert not availability(now_local=last_minute, hours=evening, holidays={},
                            paused_reason=None, daily_quota=None, issued_today=0).open
    assert availability(now_local=last_minute.replace(minute=58, second=59), hours=evening,
                        holidays={}, paused_reason=None, daily_quota=None,
                        issued_today=0).open
