"""A pasted year list of holidays, line by line, and the hall's next closed days."""

from __future__ import annotations

from datetime import date

from queue_server.domain.holidays import (
    ClosedDay,
    Holiday,
    LineProblem,
    next_closed_days,
    parse_holiday_lines,
)
from queue_server.domain.opening import parse_spans

WEEKDAY = parse_spans("08:00-15:00")
FRIDAY = parse_spans("08:00-11:30, 13:30-15:30")
# Monday..Friday open (Friday with the prayer break), Saturday and Sunday closed
WEEK = {0: WEEKDAY, 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: FRIDAY, 5: (), 6: ()}


# ---------------------------------------------------------------- pasting


def test_good_lines_become_holidays_in_date_order_with_trimmed_names() -> None:
    text = ("2026-12-25   Hari Raya Natal  \n"
            "2026-01-01 Tahun Baru 2026 Masehi\n"
            "\t2026-12-24\tCuti Bersama Hari Raya Natal\n")
    holidays, problems = parse_holiday_lines(text)
    assert problems == []
    assert holidays == [Holiday(date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
                        Holiday(date(2026, 12, 24), "Cuti Bersama Hari Raya Natal"),
                        Holiday(date(2026, 12, 25), "Hari Raya Natal")]


def test_a_separator_between_date_and_name_is_not_part_of_the_name() -> None:
    holidays, _ = parse_holiday_lines("2026-03-19 - Hari Suci Nyepi\n2026-05-01: Hari Buruh")
    assert [h.name for h in holidays] == ["Hari Suci Nyepi", "Hari Buruh"]


def test_blank_lines_and_comments_are_skipped_and_line_numbers_stay_true() -> None:
    text = ("# Libur nasional 2026 (SKB 3 Menteri)\n"
            "\n"
            "2026-02-30 Tanggal yang tidak ada\n"
            "   \n"
            "2026-08-17 Hari Kemerdekaan RI\n")
    holidays, problems = parse_holiday_lines(text)
    assert holidays == [Holiday(date(2026, 8, 17), "Hari Kemerdekaan RI")]
    assert problems == [LineProblem(3, "tanggal 2026-02-30 tidak ada di kalender")]


def test_a_line_that_does_not_start_with_a_date_is_refused_with_the_format() -> None:
    holidays, problems = parse_holiday_lines("25-12-2026 Natal\nNatal 2026-12-25")
    assert holidays == []
    assert [p.line for p in problems] == [1, 2]
    assert "'TTTT-BB-HH Nama'" in problems[0].message
    assert "'25-12-2026 Natal'" in problems[0].message


def test_a_date_without_a_name_is_refused() -> None:
    _, problems = parse_holiday_lines("2026-12-25\n2026-12-26 -  ")
    assert [p.line for p in problems] == [1, 2]
    assert problems[0].message == "nama hari libur tanggal 2026-12-25 belum diisi"


def test_a_date_given_twice_keeps_the_first_and_names_its_line() -> None:
    text = "2026-12-25 Hari Raya Natal\n2026-01-01 Tahun Baru\n2026-12-25 Natal (lagi)"
    holidays, problems = parse_holiday_lines(text)
    assert [h.name for h in holidays] == ["Tahun Baru", "Hari Raya Natal"]
    assert problems == [LineProblem(3, "tanggal 2026-12-25 sudah ada di baris 1")]


def test_a_very_long_name_is_refused() -> None:
    _, problems = parse_holiday_lines("2026-12-25 " + "N" * 121)
    assert [p.line for p in problems] == [1] and "terlalu panjang" in problems[0].message


def test_windows_line_endings_read_the_same() -> None:
    holidays, problems = parse_holiday_lines("2026-12-24 Cuti Bersama\r\n2026-12-25 Natal\r\n")
    assert problems == [] and [h.name for h in holidays] == ["Cuti Bersama", "Natal"]


# ---------------------------------------------------------------- next closed days


def test_the_coming_weeks_closed_days_then_the_holidays_across_the_year_end() -> None:
    holidays = {date(2026, 12, 24): "Cuti Bersama Natal", date(2026, 12, 25): "Natal",
                date(2027, 1, 1): "Tahun Baru 2027"}
    # Wednesday 23 December 2026
    days = next_closed_days(date(2026, 12, 23), WEEK, holidays)
    assert days == [
        ClosedDay(date(2026, 12, 24), "Cuti Bersama Natal", "holiday"),
        ClosedDay(date(2026, 12, 25), "Natal", "holiday"),
        ClosedDay(date(2026, 12, 26), None, "closed_day"),
        ClosedDay(date(2026, 12, 27), None, "closed_day"),
        ClosedDay(date(2027, 1, 1), "Tahun Baru 2027", "holiday"),
    ]  # later weekends are in the weekly hours; listing them would hide the holidays


def test_today_counts_when_the_hall_is_closed_today() -> None:
    saturday = date(2026, 3, 7)
    assert next_closed_days(saturday, WEEK, {}, count=2) == [
        ClosedDay(saturday, None, "closed_day"), ClosedDay(date(2026, 3, 8), None, "closed_day")]


def test_a_holiday_on_a_closed_weekday_is_named_as_the_holiday() -> None:
    sunday = date(2026, 3, 8)
    days = next_closed_days(date(2026, 3, 7), WEEK, {sunday: "Hari Contoh"}, count=2)
    assert days[1] == ClosedDay(sunday, "Hari Contoh", "holiday")


def test_friday_only_hours_close_every_other_day() -> None:
    friday_only = {4: FRIDAY}  # a weekday left out of the hours is closed
    days = next_closed_days(date(2026, 3, 2), friday_only, {}, count=6)  # a Monday
    assert [d.date.isoformat() for d in days] == [
        "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-07", "2026-03-08"]
    assert all(d.reason == "closed_day" and d.name is None for d in days)


def test_a_hall_open_every_day_without_holidays_has_no_closed_days() -> None:
    every_day = {day: WEEKDAY for day in range(7)}
    assert next_closed_days(date(2026, 3, 2), every_day, {}) == []
    assert next_closed_days(date(2026, 3, 2), every_day, {date(2026, 8, 17): "HUT RI"}) == [
        ClosedDay(date(2026, 8, 17), "HUT RI", "holiday")]
