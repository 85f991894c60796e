"""Whether a service takes new tickets right now: pause, holiday, opening hours, daily quota."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from .errors import InvalidValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Span = tuple[time, time]
WeeklyHours = Mapping[int, tuple[Span, ...]]  # weekday (0 = Monday) -> open spans


def parse_spans(text: str) -> tuple[Span, ...]:
    """ "08:00-12:00, 13:30-15:00" -> spans; "" or "closed"/"tutup" -> closed all day."""
    if text.strip().lower() in {"", "closed", "tutup"}:
        return ()
    spans = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise InvalidValue(f"expected HH:MM-HH:MM, got {part.strip()!r}",
                               f"harus JJ:MM-JJ:MM, bukan {part.strip()!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if not (h1 < 24 and m1 < 60 and m2 < 60 and (h2 < 24 or (h2, m2) == (24, 0))):
            raise InvalidValue(f"not a time of day in {part.strip()!r}",
                               f"jam tidak valid dalam {part.strip()!r}")
        begin, end = time(h1, m1), time(23, 59, 59) if h2 == 24 else time(h2, m2)
        if end <= begin:
            raise InvalidValue(
                f"closing time must be after opening time in {part.strip()!r}",
                f"jam tutup harus setelah jam buka dalam {part.strip()!r}")
        spans.append((begin, end))
    spans.sort()
    for (_, end), (begin, _) in itertools.pairwise(spans):
        if begin < end:
            raise InvalidValue(f"overlapping hours in {text!r}",
                               f"rentang jam saling tumpang tindih dalam {text!r}")
    return tuple(spans)


def describe_spans(spans: tuple[Span, ...]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in spans) or "tutup"


@dataclass(frozen=True, slots=True)
class Availability:
    open: bool
    reason: str | None = None  # inactive | paused | holiday | outside_hours | quota_reached
    message: str | None = None  # Indonesian sentence for kiosks and consoles
    message_en: str | None = None
    quota_left: int | None = None

    @classmethod
    def closed(cls, reason: str, message: str, message_en: str, quota_left: int | None):
        return cls(False, reason, message, message_en, quota_left)


def availability(
    *,
    now_local: datetime,
    hours: WeeklyHours,
    holidays: Mapping[date, str],
    paused_reason: str | None,
    daily_quota: int | None,
    issued_today: int,
    ignore_hours: bool = False,
    offered: bool = True,
) -> Availability:
    """The first reason that closes the service wins; quota_left is reported either way.
    `offered` False: the service (or its agency) was deactivated by an admin."""
    quota_left = None if daily_quota is None else max(daily_quota - issued_today, 0)
    if not offered:
        return Availability.closed(
            "inactive", "Layanan ini tidak lagi tersedia.", "This service is no longer "
            "available.", quota_left,
        )
    if paused_reason:
        return Availability.closed(
            "paused", f"Layanan dihentikan sementara: {paused_reason}",
            f"Service paused: {paused_reason}", quota_left,
        )
    if not ignore_hours:
        today = now_local.date()
        if today in holidays:
            name = holidays[today]
            return Availability.closed(
                "holiday", f"Hari libur: {name}", f"Public holiday: {name}", quota_left
            )
        spans = hours.get(now_local.weekday(), ())
        moment = now_local.time()
        if not any(begin <= moment < end for begin, end in spans):
            day = HARI[now_local.weekday()]
            return Availability.closed(
                "outside_hours",
                f"Di luar jam layanan ({day}: {describe_spans(spans)})",
                f"Outside service hours ({WEEKDAYS[now_local.weekday()].title()}: "
                f"{describe_spans(spans).replace('tutup', 'closed')})",
                quota_left,
            )
    if quota_left == 0:
        return Availability.closed(
            "quota_reached", "Kuota antrian hari ini sudah habis",
            "Today's ticket quota is used up", quota_left,
        )
    return Availability(True, quota_left=quota_left)
