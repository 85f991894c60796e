"""Where every waiting citizen of one service stands, for the phones of its `service:ID`
room: instead of each phone asking `GET /track` again and again, one message per change
tells them all, and a phone finds its own code in it.

The numbers are not a second rule: each ticket's people ahead and estimate come from
`estimates.ticket_infos`, the very function the track answer reads, so a phone reading its
line of the list shows what the API would answer at that moment (in ratio mode and with
several counters too). Codes are public (the TV shows them); no token, name or id is here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.catalog import Catalog
from queue_server.domain.models import Event
from queue_server.store import Transaction

from .estimates import ticket_infos
from .hall import Hall

# the events after which a service's order or estimates may have moved
QUEUE_EVENTS = frozenset({"issued", "called", "recalled", "started", "finished", "skipped",
                          "transferred", "cancelled", "counter_paused", "counter_resumed"})


@dataclass(frozen=True, slots=True)
class Place:
    """One waiting ticket as its service's phones see it."""

    code: str
    people_ahead: int
    eta_minutes: int | None


@dataclass(frozen=True, slots=True)
class ServiceQueue:
    """A service's waiting tickets in the order call-next reaches them: by people ahead,
    then by the order they were issued in (two counters may each call one first)."""

    service_id: str
    places: tuple[Place, ...]


def service_queue(hall: Hall, service_id: str, now: datetime | None = None) -> ServiceQueue:
    now = now or hall.now()
    with hall.store.read() as tx:
        return service_queue_in(hall, tx, hall.catalog(tx), service_id, now)


def service_queue_in(hall: Hall, tx: Transaction, catalog: Catalog, service_id: str,
                     now: datetime) -> ServiceQueue:
    waiting = tx.tickets.waiting_of_service(service_id, hall.today(now))
    infos = ticket_infos(hall, tx, catalog, waiting, now)
    ordered = sorted(infos, key=lambda i: i.people_ahead)  # stable: issue order breaks ties
    return ServiceQueue(service_id, tuple(
        Place(i.ticket.code, i.people_ahead, i.eta_minutes) for i in ordered))


def services_moved(events: Iterable[Event], catalog: Catalog) -> set[str]:
    """The services whose phones must be told again after these events: a ticket's move
    shifts the order at every counter that could call it, and so every service those
    counters serve (a counter's calls of one service push back the others); a pause or a
    resume changes which counters decide; an administration change may change them all."""
    services: set[str] = set()
    counters: set[str] = set()
    for event in events:
        data = event.data or {}
        if "entity" in data:
            return set(catalog.services)
        if event.type not in QUEUE_EVENTS:
            continue
        for service_id in (event.service_id, data.get("from_service"), data.get("to_service")):
            if isinstance(service_id, str):
                services.add(service_id)
        for counter_id in (event.counter_id, data.get("from_counter"), data.get("to_counter")):
            if isinstance(counter_id, str):
                counters.add(counter_id)
    for service_id in list(services):
        counters |= {c.id for c in catalog.counters_serving(service_id)}
    for counter_id in counters:
        counter = catalog.counters.get(counter_id)
        if counter is not None:
            services |= set(counter.service_weights)
    return {s for s in services if s in catalog.services}
