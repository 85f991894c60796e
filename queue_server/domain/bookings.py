"""Bookings (antrian online), pure: a service's slots of a day from its hours and slot
length, places left under the slot's capacity and the online quota, the walk-ins' share of
the daily quota, booking codes, names and phone numbers, the check-in window, the moment a
checked-in ticket queues from, status moves, and when personal data is erased."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from .errors import BadRequest, Conflict, InvalidTransition
from .models import Service
from .opening import END_OF_DAY, Span, WeeklyHours

# no look-alikes: 0/O, 1/I/L are left out, so a code read aloud or typed on a keypad survives
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
NAME_MIN, NAME_MAX = 2, 80
EARLY_MINUTES = 30  # check-in opens this long before the slot's start
LATE_MINUTES = 15  # and closes this long after its end
DEMO_DAY: tuple[Span, ...] = ((time(0), END_OF_DAY),)  # demo: open around the clock

_PHONE_CHARS = re.compile(r"[\s.\-()]")
# Indonesian numbers: 08…, +628…, 628…, landlines 0xx…; 7–13 digits after the prefix
_PHONE = re.compile(r"^(\+62|62|0)([1-9]\d{6,12})$")
_CODE_CHARS = re.compile(r"[\s\-]")


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    MISSED = "missed"


# only a booked place moves: checked in, cancelled and missed are final
LEGAL_MOVES: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.BOOKED: frozenset({BookingStatus.CHECKED_IN, BookingStatus.CANCELLED,
                                     BookingStatus.MISSED}),
    BookingStatus.CHECKED_IN: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.MISSED: frozenset(),
}
# the statuses that hold a place of the slot and of the online quota
HOLDS_PLACE = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.MISSED)


class TooEarly(Conflict):
    code = "too_early"


class BookingExpired(Conflict):
    code = "booking_expired"


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    code: str
    service_id: str
    agency_id: str
    day: date
    start: time
    end: time
    name: str | None  # None once erased
    phone: str | None
    status: BookingStatus
    ticket_id: int | None
    ticket_code: str | None
    created_at: datetime
    checked_in_at: datetime | None = None
    cancelled_at: datetime | None = None
    missed_at: datetime | None = None
    erased_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    start: time
    end: time
    capacity: int
    left: int


@dataclass(frozen=True, slots=True)
class SlotRule:
    """A service's booking settings; `None` from `slot_rule` when it takes no bookings."""

    minutes: int
    capacity: int
    days_ahead: int


def slot_rule(slot_minutes: int | None, slot_capacity: int | None,
              days_ahead: int | None) -> SlotRule | None:
    if not slot_minutes or not slot_capacity or days_ahead is None:
        return None
    return SlotRule(slot_minutes, slot_capacity, days_ahead)


def takes_bookings(service: Service) -> bool:
    return slot_rule(service.slot_minutes, service.slot_capacity,
                     service.booking_days_ahead) is not None


# ---------------------------------------------------------------- slots of a day


def slot_times(spans: Sequence[Span], minutes: int) -> list[tuple[time, time]]:
    """Whole slots inside each open span: 08:00-12:00 by 30 minutes gives 8; a remainder
    shorter than a slot is left out (a slot never runs past closing or into a break)."""
    out: list[tuple[time, time]] = []
    step = timedelta(minutes=minutes)
    for begin, end in spans:
        moment = datetime.combine(date.min, begin)
        stop = datetime.combine(date.min, end)
        # "24:00" is kept as 23:59:59 (a time of the day): the last slot ends there
        slack = timedelta(seconds=1) if end == END_OF_DAY else timedelta(0)
        while moment + step <= stop + slack:
            out.append((moment.time(), min(moment + step, stop).time()))
            moment += step
    return out


def day_spans(day: date, hours: WeeklyHours, holidays: Mapping[date, str], *,
              demo: bool = False) -> tuple[Span, ...]:
    """The spans the service takes bookings on `day`: none on a holiday or closed day;
    demo mode keeps the whole day open, as it keeps the kiosk open."""
    if demo:
        return DEMO_DAY
    if day in holidays:
        return ()
    return tuple(hours.get(day.weekday(), ()))


def bookable_days(today: date, days_ahead: int) -> tuple[date, date]:
    """The first and last day a citizen may book: today up to `days_ahead` days on."""
    return today, today + timedelta(days=days_ahead)


def is_bookable_day(day: date, today: date, rule: SlotRule) -> bool:
    first, last = bookable_days(today, rule.days_ahead)
    return first <= day <= last


def places_left(capacity: int, taken_in_slot: int, online_quota: int | None,
                taken_in_day: int) -> int:
    """A slot's places left: its own capacity, and no more than what is left of the
    online quota of the day (None: the slots alone limit bookings)."""
    left = max(capacity - taken_in_slot, 0)
    if online_quota is not None:
        left = min(left, max(online_quota - taken_in_day, 0))
    return left


def day_slots(day: date, now_local: datetime, spans: Sequence[Span], rule: SlotRule,
              online_quota: int | None, taken: Mapping[time, int]) -> list[Slot]:
    """The slots of `day` with places left; today's slots that already ended are gone."""
    day_taken = sum(taken.values())
    out = []
    for start, end in slot_times(spans, rule.minutes):
        if day == now_local.date() and end <= now_local.time().replace(tzinfo=None):
            continue
        if day < now_local.date():
            continue
        left = places_left(rule.capacity, taken.get(start, 0), online_quota, day_taken)
        out.append(Slot(start, end, rule.capacity, left))
    return out


def find_slot(slots: Sequence[Slot], start: time) -> Slot | None:
    return next((s for s in slots if s.start == start), None)


# ---------------------------------------------------------------- the daily quota


def walk_in_quota(daily_quota: int | None, online_quota: int | None,
                  takes_bookings: bool) -> int | None:
    """The part of the daily quota the kiosk may issue to walk-ins: the online share is
    kept for bookings while the service takes them (None: no daily limit)."""
    if daily_quota is None:
        return None
    reserved = online_quota if takes_bookings and online_quota else 0
    return max(daily_quota - reserved, 0)


# ---------------------------------------------------------------- codes and people


def new_code(choice: Callable[[str], str]) -> str:
    """`choice` is secrets.choice (tests pass a fixed one)."""
    return "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str | None:
    """What a citizen typed or a scanner sent ("abc-234 ") as a code, or None."""
    code = _CODE_CHARS.sub("", text).upper() if isinstance(text, str) else ""
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def clean_name(value: object) -> str:
    if not isinstance(value, str):
        raise BadRequest("Nama wajib diisi.", field="name")
    name = " ".join(value.split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise BadRequest(f"Nama harus {NAME_MIN} sampai {NAME_MAX} karakter.", field="name")
    return name


def clean_phone(value: object) -> str | None:
    """An Indonesian number, written one way (+62…) so one phone is one number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise BadRequest("Nomor telepon harus teks.", field="phone")
    match = _PHONE.match(_PHONE_CHARS.sub("", value))
    if match is None:
        raise BadRequest("Nomor telepon tidak valid; tulis seperti 0812 3456 7890.",
                         field="phone")
    return f"+62{match.group(2)}"


def parse_clock(value: object, field: str = "start") -> time:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value):
        raise BadRequest("Jam harus ditulis JJ:MM.", field=field)
    try:
        return time(int(value[:2]), int(value[3:]))
    except ValueError:
        raise BadRequest("Jam tidak valid.", field=field) from None


def parse_day(value: object, field: str = "date") -> date:
    if not isinstance(value, str):
        raise BadRequest("Tanggal wajib diisi (YYYY-MM-DD).", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest("Tanggal harus YYYY-MM-DD.", field=field) from None


# ---------------------------------------------------------------- moves and times


def move(booking: Booking, target: BookingStatus) -> BookingStatus:
    if target not in LEGAL_MOVES[booking.status]:
        raise InvalidTransition(
            f"Reservasi {booking.code} berstatus {STATUS_ID[booking.status]}; tidak dapat "
            f"menjadi {STATUS_ID[target]}.", field="status")
    return target


STATUS_ID = {BookingStatus.BOOKED: "terdaftar", BookingStatus.CHECKED_IN: "sudah hadir",
             BookingStatus.CANCELLED: "dibatalkan", BookingStatus.MISSED: "tidak hadir"}


def at(day: date, clock: time, zone: object) -> datetime:
    """A local day and clock as an aware moment in the site's zone."""
    return datetime.combine(day, clock, tzinfo=zone)  # type: ignore[arg-type]


def window_end(booking: Booking, zone: object) -> datetime:
    return at(booking.day, booking.end, zone) + timedelta(minutes=LATE_MINUTES)


def ensure_check_in_window(booking: Booking, now: datetime, zone: object) -> None:
    """Check-in is open from 30 minutes before the slot starts to 15 minutes after it ends."""
    opens = at(booking.day, booking.start, zone) - timedelta(minutes=EARLY_MINUTES)
    if now < opens:
        raise TooEarly(f"Terlalu awal: check-in reservasi dibuka pukul {opens:%H:%M} "
                       f"tanggal {booking.day:%d-%m-%Y}.", field="code")
    if now > window_end(booking, zone):
        raise BookingExpired("Waktu reservasi sudah lewat. Silakan ambil nomor antrian "
                             "biasa.", field="code")


def is_past_window(booking: Booking, now: datetime, zone: object) -> bool:
    return now > window_end(booking, zone)


def queue_moment(booking: Booking, checked_in_at: datetime, zone: object) -> datetime:
    """A checked-in booking's ticket waits as if issued at the slot's start, or at the
    check-in when that is earlier (API.md): one `issued_at` that call order, people ahead
    and the reports all read."""
    return min(at(booking.day, booking.start, zone), checked_in_at)


def erase_before(today: date, retention_days: int) -> date:
    """Bookings of days before this one have their name and phone erased."""
    return today - timedelta(days=retention_days)
