"""The periods an SKM is published for: a month, a quarter (triwulan), a semester or a year
of the calendar, in the site's local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MONTHS_OF = {"month": 1, "quarter": 3, "semester": 6, "year": 12}
PERIOD_KINDS = tuple(MONTHS_OF)
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    first: date
    last: date

    @property
    def index(self) -> int:
        """1-based: the month, quarter or semester of its year (1 for a year)."""
        return (self.first.month - 1) // MONTHS_OF[self.kind] + 1

    def name(self, lang: str = "id") -> str:
        """"Semester I 2026", "Triwulan II 2026", "Maret 2026", "Tahun 2026"."""
        year = self.first.year
        if self.kind == "month":
            return f"{(_MONTHS if lang == 'id' else _MONTHS_EN)[self.first.month - 1]} {year}"
        if self.kind == "year":
            return f"Tahun {year}" if lang == "id" else f"Year {year}"
        word = {"quarter": ("Triwulan", "Quarter"), "semester": ("Semester", "Half")}[self.kind]
        if lang == "id":
            return f"{word[0]} {_ROMAN[self.index - 1]} {year}"
        return f"{word[1]} {self.index} {year}"


def period_of(day: date, kind: str) -> Period:
    """The period of `kind` that holds `day`."""
    if kind not in MONTHS_OF:
        raise ValueError(f"unknown SKM period {kind!r} (known: {', '.join(PERIOD_KINDS)})")
    span = MONTHS_OF[kind]
    first_month = (day.month - 1) // span * span + 1
    first = date(day.year, first_month, 1)
    after = (date(day.year + 1, 1, 1) if first_month + span > 12
             else date(day.year, first_month + span, 1))
    return Period(kind, first, after - timedelta(days=1))


def previous(period: Period) -> Period:
    return period_of(period.first - timedelta(days=1), period.kind)
