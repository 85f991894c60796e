"""The nouns of a service hall: agencies, services, counters, tickets and who acts on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from typing import Any


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class PriorityKind(StrEnum):
    """Citizens the law (UU 8/2016, PP 96/2012 on public service) asks us to serve first."""

    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    IBU_HAMIL = "ibu_hamil"


class CounterStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OFFICER = "officer"


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    SURVEY = "survey"  # a counter tablet where the citizen just served answers the SKM


class PriorityMode(StrEnum):
    STRICT = "strict"  # a waiting priority citizen is always called first
    RATIO = "ratio"  # one priority citizen after every N regular calls


class NumberReading(StrEnum):
    WHOLE = "whole"  # "seratus dua puluh tiga"
    DIGITS = "digits"  # "satu dua tiga"


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    short_name: str
    position: int = 0
    name_en: str = ""  # "" reads as the Indonesian name
    active: bool = True  # an inactive agency's services take no tickets
    badge: str = ""  # an explicit 2-3 letter badge; "": from the short name (domain.badges)
    logo: str = ""  # its logo's file name in the data folder's logos/; "": none


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    agency_id: str
    prefix: str
    name: str
    name_en: str
    daily_quota: int | None
    max_wait_minutes: int | None
    avg_service_minutes: float
    position: int = 0
    paused_reason: str | None = None
    # weekday (0 = Monday) -> open spans; see domain.opening
    hours: dict[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    # persyaratan: the documents a citizen must bring, shown after tapping the service
    requirements: tuple[str, ...] = ()
    online_quota: int | None = None  # the part of daily_quota kept for bookings
    # deactivated: the kiosk stops issuing, but tickets already waiting stay callable
    active: bool = True
    # the days this service sets itself (the rest follow the site's schedule); None: none
    own_hours: dict[int, tuple[tuple[time, time], ...]] | None = None
    # bookings (domain.bookings): minutes a slot, places in one, days ahead; all three
    # set or the service takes no bookings
    slot_minutes: int | None = None
    slot_capacity: int | None = None
    booking_days_ahead: int | None = None


@dataclass(frozen=True, slots=True)
class Counter:
    id: str
    name: str
    number: int
    agency_id: str
    # service id -> weight; a weight of 2 makes a minute of waiting count double
    service_weights: dict[str, float] = field(default_factory=dict)
    status: CounterStatus = CounterStatus.OPEN
    pause_reason: str | None = None
    active: bool = True

    @property
    def service_ids(self) -> list[str]:
        return list(self.service_weights)


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    code: str
    number: int
    day: str  # the site's local date (YYYY-MM-DD) the ticket was issued on
    service_id: str
    agency_id: str
    status: TicketStatus
    priority: bool
    priority_kind: PriorityKind | None
    language: str
    issued_at: datetime
    track_token: str
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counter_id: str | None = None
    # set by a transfer to one counter: only that counter may call it, and it goes first there
    target_counter_id: str | None = None
    transferred_from: str | None = None  # service id the ticket was transferred from
    call_count: int = 0
    issued_by: str | None = None  # device or user name
    booking_code: str | None = None  # issued by a booking's check-in


@dataclass(frozen=True, slots=True)
class Zone:
    id: str
    name: str
    agencies: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()

    def covers(self, counter: Counter) -> bool:
        """A zone lists agencies, counters or both; an empty zone shows nothing."""
        return counter.agency_id in self.agencies or counter.id in self.counters


WHOLE_HALL = "all"


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the append-only log; its id orders everything clients see."""

    id: int
    type: str
    at: datetime
    actor: str
    ticket_id: int | None = None
    counter_id: str | None = None
    service_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
