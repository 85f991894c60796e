"""The hall: what every use case needs (store, settings, clock, catalog cache) and the
place committed outcomes are handed to listeners such as the realtime layer."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from queue_server.domain.call_policy import CallPolicy
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import Forbidden, NotFound, Unauthorized
from queue_server.domain.models import Counter, Event, Service, Ticket
from queue_server.domain.numbering import local_day
from queue_server.settings import Settings
from queue_server.store import Store, Transaction

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TicketInfo:
    """A ticket with what a citizen wants to know about it right now."""

    ticket: Ticket
    people_ahead: int
    eta_minutes: int | None


@dataclass(slots=True)
class Outcome:
    """What a use case did: its main ticket, every ticket it touched, the committed events
    and today's waiting counts of the services it changed."""

    ticket: TicketInfo | None
    events: list[Event]
    tickets: dict[int, TicketInfo] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    counter: Counter | None = None
    catalog: Catalog | None = None  # the catalog the change was made against


Listener = Callable[[Outcome], None]


class Hall:
    def __init__(self, store: Store, settings: Settings, *, clock: Clock = system_clock,
                 demo: bool = False) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.demo = demo  # demo keeps every service open whatever the clock says
        self.policy = CallPolicy(
            priority_mode=settings.queue.priority_mode,
            regular_per_priority=settings.queue.regular_per_priority,
            aging=settings.queue.aging,
        )
        self._catalog: Catalog | None = None
        self._catalog_lock = threading.Lock()
        self._listeners: list[Listener] = []

    # -- time

    def now(self) -> datetime:
        return self.clock()

    def today(self, now: datetime | None = None) -> str:
        return local_day(now or self.now(), self.settings.site.zone)

    def start_of_day(self, now: datetime | None = None) -> datetime:
        local = (now or self.now()).astimezone(self.settings.site.zone)
        return datetime.combine(local.date(), time(0), local.tzinfo).astimezone(UTC)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.settings.site.zone)

    # -- catalog

    def catalog(self, tx: Transaction) -> Catalog:
        """The cached catalog, reloaded when any process changed it (one indexed read)."""
        version = tx.catalog.version()
        cached = self._catalog
        if cached is not None and cached.version == version:
            return cached
        with self._catalog_lock:
            fresh = tx.catalog.load()
            self._catalog = fresh
            return fresh

    def current_catalog(self) -> Catalog:
        with self.store.read() as tx:
            return self.catalog(tx)

    @staticmethod
    def service_of(catalog: Catalog, service_id: object, field: str = "service_id") -> Service:
        service = catalog.services.get(service_id) if isinstance(service_id, str) else None
        if service is None:
            raise NotFound(f"Layanan {service_id!r} tidak ditemukan.", field=field)
        return service

    @staticmethod
    def counter_of(catalog: Catalog, counter_id: object, field: str = "counter_id") -> Counter:
        counter = catalog.counters.get(counter_id) if isinstance(counter_id, str) else None
        if counter is None:
            raise NotFound(f"Loket {counter_id!r} tidak ditemukan.", field=field)
        return counter

    # -- listeners

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def publish(self, outcome: Outcome) -> Outcome:
        """Hand a committed outcome to listeners. A failing listener is logged, never
        allowed to undo or fail the change the citizen already got."""
        if outcome.events:
            for listener in list(self._listeners):
                try:
                    listener(outcome)
                except Exception:
                    log.exception("listener %r failed on events %s", listener,
                                  [e.id for e in outcome.events])
        return outcome


def require(allowed: bool, principal_is_anonymous: bool, what: str) -> None:
    """Refuse with 401 when nobody signed in, 403 when the wrong person did."""
    if allowed:
        return
    if principal_is_anonymous:
        raise Unauthorized(f"Perlu masuk (token atau sesi) untuk {what}.")
    raise Forbidden(f"Anda tidak berwenang untuk {what}.")
