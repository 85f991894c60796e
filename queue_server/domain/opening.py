"""Whether a service takes new tickets right now: pause, holiday, opening hours, daily quota;
when a closed one opens again, and whether the whole hall is closed (the kiosk's first screen)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .errors import InvalidValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# how far ahead to look for the next opening: a service with no hours at all never opens
OPENING_HORIZON_DAYS = 400

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Span = tuple[time, time]
# how a span's "24:00" end is kept (a time of day cannot say 24:00); such a span holds
# through the day's last second, up to midnight
END_OF_DAY = time(23, 59, 59)
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
        begin, end = time(h1, m1), END_OF_DAY if h2 == 24 else time(h2, m2)
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


def span_holds(span: Span, moment: time) -> bool:
    """Whether `moment` falls in the span: its begin included, its end not — except the
    day's end ("24:00"), so a hall open "00:00-24:00" never closes for its last second."""
    begin, end = span
    return begin <= moment and (moment < end or end == END_OF_DAY)


def describe_spans(spans: tuple[Span, ...]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in spans) or "tutup"


@dataclass(frozen=True, slots=True)
class Availability:
    open: bool
    reason: str | None = None  # inactive | paused | holiday | outside_hours | quota_reached
    message: str | None = None  # Indonesian sentence for kiosks and consoles
    message_en: str | None = None
    quota_left: int | None = None
    # when a closed service takes tickets again (local time); None while open, and when
    # nobody can say (paused, deactivated, no hours at all)
    next_open_at: datetime | None = None

    @classmethod
    def closed(cls, reason: str, message: str, message_en: str, quota_left: int | None,
               next_open_at: datetime | None = None):
        return cls(False, reason, message, message_en, quota_left, next_open_at)


def next_opening(now_local: datetime, hours: WeeklyHours, holidays: Mapping[date, str], *,
                 from_tomorrow: bool = False, ignore_hours: bool = False) -> datetime | None:
    """The first moment after `now_local` at which one of the service's spans begins, on a
    day that is no holiday. `from_tomorrow`: today is over whatever the hours say (the daily
    quota is used up). `ignore_hours` (the demo): open all day, so the next day's midnight."""
    start = now_local.date() + timedelta(days=1 if from_tomorrow else 0)
    for offset in range(OPENING_HORIZON_DAYS):
        day = start + timedelta(days=offset)
        if ignore_hours:
            if day > now_local.date():
                return datetime.combine(day, time(0), tzinfo=now_local.tzinfo)
            continue
        if day in holidays:
            continue
        for begin, _ in hours.get(day.weekday(), ()):
            moment = datetime.combine(day, begin, tzinfo=now_local.tzinfo)
            if moment > now_local:
                return moment
    return None


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
                "holiday", f"Hari libur: {name}", f"Public holiday: {name}", quota_left,
                next_opening(now_local, hours, holidays),
            )
        spans = hours.get(now_local.weekday(), ())
        moment = now_local.time()
        if not any(span_holds(span, moment) for span in spans):
            day = HARI[now_local.weekday()]
            return Availability.closed(
                "outside_hours",
                f"Di luar jam layanan ({day}: {describe_spans(spans)})",
                f"Outside service hours ({WEEKDAYS[now_local.weekday()].title()}: "
                f"{describe_spans(spans).replace('tutup', 'closed')})",
                quota_left, next_opening(now_local, hours, holidays),
            )
    if quota_left == 0:
        return Availability.closed(
            "quota_reached", "Kuota antrian hari ini sudah habis",
            "Today's ticket quota is used up", quota_left,
            next_opening(now_local, hours, holidays, from_tomorrow=True,
                         ignore_hours=ignore_hours),
        )
    return Availability(True, quota_left=quota_left)


@dataclass(frozen=True, slots=True)
class HallOpening:
    """The hall as the kiosk's first screen shows it: open while any service takes tickets;
    closed, with one reason and the earliest next opening, when none does."""
    open: bool
    reason: str | None = None  # a service's reason shared by all, or "closed" when they differ
    message: str | None = None
    message_en: str | None = None
    next_open_at: datetime | None = None


# the hall's sentence per shared reason; a holiday keeps the services' own (its name)
_HALL_MESSAGES = {
    "outside_hours": ("Di luar jam layanan", "Outside service hours"),
    "quota_reached": ("Kuota antrian hari ini sudah habis", "Today's ticket quotas are used up"),
    "paused": ("Layanan dihentikan sementara", "Services are paused"),
    "inactive": ("Layanan tidak tersedia", "No service is available"),
    "closed": ("Semua layanan sedang tutup", "All services are closed"),
}


def hall_opening(states: Iterable[Availability]) -> HallOpening:
    """Whether the hall takes any ticket now; if not, why and when it opens again."""
    states = list(states)
    if not states or any(s.open for s in states):
        return HallOpening(open=True)
    reasons = {s.reason for s in states}
    reason = reasons.pop() if len(reasons) == 1 else "closed"
    if reason == "holiday" and len({s.message for s in states}) == 1:
        message, message_en = states[0].message, states[0].message_en
    else:
        message, message_en = _HALL_MESSAGES.get(reason or "closed", _HALL_MESSAGES["closed"])
    upcoming = [s.next_open_at for s in states if s.next_open_at is not None]
    return HallOpening(False, reason, message, message_en, min(upcoming, default=None))
