"""Pengaduan: a citizen's complaint or suggestion and the hall's answer. The rules live here,
pure: the categories, what a complaint must say, the contact it may leave, its tracking code,
its status moves and the response deadline of 5 working days (Monday to Friday, the weekdays
the hall closes and the site's holidays skipped)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .errors import BadRequest, InvalidTransition
from .opening import WeeklyHours

RESPONSE_WORKING_DAYS = 5
TEXT_MIN, TEXT_MAX = 10, 2000
ANSWER_MIN, ANSWER_MAX = 10, 2000
CONTACT_MAX = 120
# no look-alikes: 0/O, 1/I/L are left out, so a code read aloud or copied by hand survives
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# holidays covering a whole year cannot make the search loop forever
_SEARCH_DAYS = 400
_WORKWEEK = frozenset(range(5))

# code -> (Indonesian, English), in the order the form shows them
CATEGORIES: dict[str, tuple[str, str]] = {
    "officer_service": ("Pelayanan petugas", "Officer's service"),
    "waiting_time": ("Waktu tunggu", "Waiting time"),
    "requirements": ("Persyaratan", "Requirements"),
    "cost": ("Biaya", "Cost"),
    "facilities": ("Sarana dan prasarana", "Facilities"),
    "other": ("Lainnya", "Other"),
}


class ComplaintStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"


STATUS_LABELS: dict[ComplaintStatus, tuple[str, str]] = {
    ComplaintStatus.NEW: ("Baru", "New"),
    ComplaintStatus.IN_PROGRESS: ("Sedang diproses", "In progress"),
    ComplaintStatus.ANSWERED: ("Dijawab", "Answered"),
}

# an answer is final: a second one would change what the citizen already read
LEGAL_MOVES: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.NEW: frozenset({ComplaintStatus.IN_PROGRESS, ComplaintStatus.ANSWERED}),
    ComplaintStatus.IN_PROGRESS: frozenset({ComplaintStatus.ANSWERED}),
    ComplaintStatus.ANSWERED: frozenset(),
}

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# Indonesian numbers: 08…, +628…, 628…, landlines 0xx…; 9–15 digits once spaces, dots,
# dashes and brackets are dropped
_PHONE_CHARS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(\+62|62|0)\d{7,13}$")


@dataclass(frozen=True, slots=True)
class Complaint:
    id: int
    code: str
    ticket_id: int | None
    ticket_code: str | None
    agency_id: str | None
    service_id: str | None
    channel: str  # "phone" | "survey" | "web"
    category: str
    text: str
    contact: str | None
    status: ComplaintStatus
    answer: str | None
    created_at: datetime
    due_date: date
    answered_at: datetime | None
    answered_by: str | None
    updated_at: datetime


def clean_category(value: object) -> str:
    if not isinstance(value, str) or value not in CATEGORIES:
        raise BadRequest("Pilih kategori pengaduan: " + ", ".join(
            label for label, _ in CATEGORIES.values()) + ".", field="category")
    return value


def clean_text(value: object, field: str = "text", low: int = TEXT_MIN,
               high: int = TEXT_MAX) -> str:
    """The complaint (or the answer): trimmed, `low`..`high` characters."""
    if not isinstance(value, str):
        raise BadRequest("Isinya harus teks.", field=field)
    text = value.strip()
    if len(text) < low:
        raise BadRequest(f"Tuliskan paling sedikit {low} huruf.", field=field)
    if len(text) > high:
        raise BadRequest(f"Paling banyak {high:,} huruf.".replace(",", "."), field=field)
    return text


def clean_contact(value: object) -> str | None:
    """An optional phone number or e-mail address, as the citizen wrote it but tidied: an
    e-mail is kept lower-case, a phone number as digits (with its leading +)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest("Kontak harus teks.", field="contact")
    text = value.strip()
    if not text:
        return None
    if len(text) > CONTACT_MAX:
        raise BadRequest(f"Kontak terlalu panjang (maks {CONTACT_MAX}).", field="contact")
    if "@" in text:
        if not _EMAIL.match(text):
            raise BadRequest("Alamat e-mail tidak sah, mis. nama@contoh.id.", field="contact")
        return text.lower()
    digits = _PHONE_CHARS.sub("", text)
    if not _PHONE.match(digits):
        raise BadRequest("Nomor telepon tidak sah; tulis mis. 0812 3456 7890 atau alamat "
                         "e-mail.", field="contact")
    return digits


def new_code(pick: Callable[[str], str]) -> str:
    """A tracking code; `pick` chooses one character (secrets.choice in the service)."""
    return "".join(pick(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(value: str) -> str | None:
    """A code as a citizen may type it (lower case, spaces or a dash in the middle), or
    None when it cannot be one of ours."""
    text = re.sub(r"[\s-]", "", value).upper()
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return None
    return text


def is_working_day(day: date, hours: WeeklyHours, holidays: Mapping[date, str]) -> bool:
    """A *hari kerja*: Monday to Friday (an MPP open on Saturday still counts a deadline in
    the offices' working days), not one of the site's holidays, and a weekday the hall opens
    (a schedule with no weekday open at all is read as Monday to Friday)."""
    if day.weekday() not in _WORKWEEK or day in holidays:
        return False
    open_weekdays = {d for d in _WORKWEEK if hours.get(d)} or _WORKWEEK
    return day.weekday() in open_weekdays


def response_deadline(filed: date, hours: WeeklyHours, holidays: Mapping[date, str],
                      working_days: int = RESPONSE_WORKING_DAYS) -> date:
    """The last day of the answer: the `working_days`-th working day after the day it was
    filed (the filing day itself does not count, even when it is a working day)."""
    day, left = filed, working_days
    for _ in range(_SEARCH_DAYS):
        day += timedelta(days=1)
        if is_working_day(day, hours, holidays):
            left -= 1
            if left == 0:
                return day
    return day  # holidays covering a whole year: the search's end is as good as any


def is_overdue(status: ComplaintStatus, due: date, today: date) -> bool:
    """Past its deadline and still not answered (the deadline day itself is in time)."""
    return status is not ComplaintStatus.ANSWERED and today > due


def move(current: ComplaintStatus, wanted: object) -> ComplaintStatus:
    """The status a staff member asks for, if it may follow `current`."""
    try:
        target = ComplaintStatus(wanted)
    except ValueError:
        raise BadRequest("Status harus in_progress atau answered.", field="status") from None
    if target not in LEGAL_MOVES[current]:
        now_label = STATUS_LABELS[current][0]
        raise InvalidTransition(
            f"Pengaduan berstatus '{now_label}' tidak dapat diubah menjadi "
            f"'{STATUS_LABELS[target][0]}'.", field="status")
    return target
