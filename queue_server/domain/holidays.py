"""Holidays and *cuti bersama*: a pasted year list read line by line, and the hall's next
closed days (holidays and weekdays without opening hours), in the hall's local days."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .opening import WeeklyHours

NAME_MAX = 120
NEXT_CLOSED = 10
# how far ahead to look for closed days: a hall open every day with no holidays has none
HORIZON_DAYS = 400

_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)(.*)$")
# separators people put between the date and the name ("2026-12-25 - Natal", "…: Natal")
_SEPARATORS = " \t-–—:;,|"


@dataclass(frozen=True, slots=True)
class Holiday:
    date: date
    name: str


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int  # 1 = the first line of the pasted text
    message: str  # in Bahasa Indonesia, shown beside the pasted list


@dataclass(frozen=True, slots=True)
class ClosedDay:
    date: date
    name: str | None  # the holiday's name; None for a weekday without hours
    reason: Literal["holiday", "closed_day"]


def parse_holiday_lines(text: str) -> tuple[list[Holiday], list[LineProblem]]:
    """`YYYY-MM-DD Name` per line, as copied from the SKB 3 Menteri: the holidays in date
    order and a problem per refused line. Blank lines and lines starting with # are skipped;
    a date given twice is refused at its second line (the first one stays)."""
    found: dict[date, Holiday] = {}
    first_line: dict[date, int] = {}
    problems: list[LineProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(LineProblem(number, f"baris harus berbentuk 'TTTT-BB-HH Nama', "
                                                f"misalnya '2026-12-25 Hari Raya Natal', bukan "
                                                f"{_shown(line)}"))
            continue
        word, rest = match.groups()
        try:
            day = date.fromisoformat(word)
        except ValueError:
            problems.append(LineProblem(number, f"tanggal {word} tidak ada di kalender"))
            continue
        name = rest.strip(_SEPARATORS)
        if not name:
            problems.append(LineProblem(number, f"nama hari libur tanggal {word} belum diisi"))
            continue
        if len(name) > NAME_MAX:
            problems.append(LineProblem(number, f"nama hari libur terlalu panjang "
                                                f"(maks {NAME_MAX} huruf)"))
            continue
        if day in found:
            problems.append(LineProblem(number, f"tanggal {word} sudah ada di baris "
                                                f"{first_line[day]}"))
            continue
        found[day] = Holiday(day, name)
        first_line[day] = number
    return sorted(found.values(), key=lambda h: h.date), problems


def _shown(line: str) -> str:
    return repr(line if len(line) <= 40 else line[:40] + "…")


def next_closed_days(today: date, hours: WeeklyHours, holidays: Mapping[date, str], *,
                     count: int = NEXT_CLOSED) -> list[ClosedDay]:
    """The next `count` days, from today on, on which the hall takes no tickets: a holiday
    (named, even when it falls on a day without hours), or a weekday without opening hours
    within the coming week only — every Sunday of the year would push the holidays, the
    days people ask about, off the list."""
    out: list[ClosedDay] = []
    for offset in range(HORIZON_DAYS):
        if len(out) == count:
            break
        day = today + timedelta(days=offset)
        if day in holidays:
            out.append(ClosedDay(day, holidays[day], "holiday"))
        elif offset < WEEK and not hours.get(day.weekday()):
            out.append(ClosedDay(day, None, "closed_day"))
    return out


WEEK = 7
