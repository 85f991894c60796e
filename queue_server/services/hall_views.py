"""Read models of the hall: the service list of kiosks, the counters list of consoles and
the snapshot a TV renders from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from queue_server.domain import access
from queue_server.domain.announcement import Announcement, announce_call
from queue_server.domain.bookings import takes_bookings, walk_in_quota
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import NotFound
from queue_server.domain.models import WHOLE_HALL, Agency, Counter, Service, Ticket, Zone
from queue_server.domain.opening import Availability, availability
from queue_server.domain.print_jobs import PrintJob
from queue_server.store import Transaction

from .estimates import ticket_info, walk_in_estimates
from .hall import Hall, TicketInfo, require

RECENT_CALLS = 10


@dataclass(frozen=True, slots=True)
class ServiceView:
    service: Service
    agency: Agency
    availability: Availability
    waiting: int
    eta_minutes: int | None
    badge: str = ""  # its agency's distinct badge in the hall (domain/badges.py)


def list_services(hall: Hall) -> list[ServiceView]:
    now = hall.now()
    day = hall.today(now)
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        waiting = tx.tickets.waiting_counts(day)
        issued = tx.tickets.issued_counts(day)
        # the kiosk's quota is the walk-ins' share (domain.bookings.walk_in_quota)
        booked = tx.bookings.checked_in_counts(date.fromisoformat(day))
        etas = walk_in_estimates(hall, tx, catalog, catalog.services.values(), now)
        out = []
        for service in catalog.services.values():
            agency = catalog.agencies.get(service.agency_id)
            if agency is None or not catalog.offered(service):
                continue
            state = availability(
                now_local=hall.local(now), hours=service.hours,
                holidays=hall.settings.site.holidays, paused_reason=service.paused_reason,
                daily_quota=walk_in_quota(service.daily_quota, service.online_quota,
                                          takes_bookings(service)),
                issued_today=issued.get(service.id, 0) - booked.get(service.id, 0),
                ignore_hours=hall.demo,
            )
            out.append(ServiceView(service, agency, state, waiting.get(service.id, 0),
                                   etas[service.id], catalog.badges.get(agency.id, "")))
        return out


@dataclass(frozen=True, slots=True)
class CounterView:
    counter: Counter
    current: TicketInfo | None


def list_counters(hall: Hall, principal: access.Principal) -> list[CounterView]:
    require(principal.is_staff, principal.kind == "anonymous", "melihat daftar loket")
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        counters = list(catalog.counters.values())
        current = tx.tickets.at_counters()
        return [
            CounterView(c, TicketInfo(current[c.id], 0, None) if c.id in current else None)
            for c in counters
            if access.can_view_agency(principal, c.agency_id, counters)
        ]


@dataclass(frozen=True, slots=True)
class CallView:
    """A call as the TV shows and speaks it."""

    event_id: int
    at: datetime
    ticket: TicketInfo
    counter: Counter
    announcement: Announcement
    recall: bool
    agency: Agency | None = None


def zone_of(catalog: Catalog, zone_id: str) -> Zone | None:
    """None means the whole hall."""
    if zone_id == WHOLE_HALL:
        return None
    zone = catalog.zones.get(zone_id)
    if zone is None:
        raise NotFound(f"Zona {zone_id!r} tidak ada.", field="zone")
    return zone


def zone_counters(catalog: Catalog, zone: Zone | None) -> list[Counter]:
    return [c for c in catalog.counters.values() if zone is None or zone.covers(c)]


def zone_services(catalog: Catalog, zone: Zone | None) -> set[str]:
    if zone is None:
        return set(catalog.services)
    served = {s for c in zone_counters(catalog, zone) for s in c.service_weights}
    return served | {s.id for s in catalog.services.values() if s.agency_id in zone.agencies}


def make_call(hall: Hall, ticket: TicketInfo, counter: Counter, event_id: int, at: datetime,
              recall: bool, agency: Agency | None = None) -> CallView:
    language = ticket.ticket.language if ticket.ticket.language in ("id", "en") else "id"
    phrase = announce_call(ticket.ticket.code, counter.name, counter.number, language,  # type: ignore[arg-type]
                           recall=recall, reading=hall.settings.queue.number_reading)
    return CallView(event_id, at, ticket, counter, phrase, recall, agency)


@dataclass(frozen=True, slots=True)
class DisplayState:
    event_id: int
    zone: Zone | None
    calls: list[CallView]
    counters: list[tuple[Counter, Ticket | None]]
    waiting: dict[str, int]
    running_text: str
    now: datetime
    running_text_en: str = ""


def display_state(hall: Hall, principal: access.Principal, zone_id: str) -> DisplayState:
    require(access.can_view_display(principal), principal.kind == "anonymous",
            "membuka layar antrian")
    now = hall.now()
    with hall.store.read() as tx:
        return _snapshot(hall, tx, zone_id, now)


def _snapshot(hall: Hall, tx: Transaction, zone_id: str, now: datetime) -> DisplayState:
    catalog = hall.catalog(tx)
    zone = zone_of(catalog, zone_id)
    counters = zone_counters(catalog, zone)
    counter_ids = {c.id for c in counters}
    services = zone_services(catalog, zone)
    since = hall.start_of_day(now)
    calls: list[CallView] = []
    # read a few more than shown: some calls belong to other zones
    for event, ticket in tx.events.recent_calls(since, RECENT_CALLS * 4):
        if event.counter_id in counter_ids and len(calls) < RECENT_CALLS:
            calls.append(make_call(hall, TicketInfo(ticket, 0, None),
                                   catalog.counters[event.counter_id], event.id, event.at,
                                   event.type == "recalled",
                                   catalog.agencies.get(ticket.agency_id)))
    current = tx.tickets.at_counters()
    waiting = tx.tickets.waiting_counts(hall.today(now))
    site = hall.site  # live: the catalogue read above refreshed it
    return DisplayState(
        event_id=tx.events.last_id(), zone=zone, calls=calls,
        counters=[(c, current.get(c.id)) for c in counters],
        waiting={s: waiting.get(s, 0) for s in sorted(services)},
        running_text=site.running_text, now=now,
        running_text_en=site.running_text_en,
    )


def track_view(hall: Hall, token: str
               ) -> tuple[TicketInfo, Catalog, PrintJob | None, int]:
    """The phone's snapshot, with the newest event it includes (the phone drops room
    messages at or below it)."""
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        ticket = tx.tickets.by_token(token)
        return (ticket_info(hall, tx, catalog, ticket, hall.now()), catalog,
                tx.print_jobs.latest_of_ticket(ticket.id), tx.events.last_id())
