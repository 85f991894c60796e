"""The hall: what every use case needs (store, settings, clock, catalog cache) and the
place committed outcomes are handed to listeners such as the realtime layer.

`Hall.settings` is the live view: config.toml's settings with the site's texts, address,
weekly hours and holidays as the database holds them now (an admin may have edited them).
It is rebuilt whenever the cached catalogue is, so an edit made by any process shows on the
next ticket, TV state and track URL without a restart."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, time
from typing import TypeVar

from queue_server.domain.call_policy import CallPolicy
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import Forbidden, NotFound, Unauthorized
from queue_server.domain.models import Counter, Event, Service, Ticket
from queue_server.domain.numbering import local_day
from queue_server.settings import Settings, SiteSettings
from queue_server.store import Store, Transaction
from queue_server.store.site_settings import SITE_KEYS

T = TypeVar("T")

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


def live_settings(config: Settings, tx: Transaction) -> Settings:
    """`config` with the site values, hours and holidays the database holds; a value never
    stored (a database seeded before they were) keeps config's. Timezone, server, queue,
    printers and voice always come from config."""
    stored = tx.site.many(SITE_KEYS.values())
    own = {name: getattr(config.site, name) for name in (f.name for f in fields(config.site))}
    edited = {name: stored[key] for name, key in SITE_KEYS.items() if key in stored}
    holidays = tx.site.holidays()
    hours = tx.site.hours()
    site = SiteSettings(**{**own, **edited,
                         "holidays": config.site.holidays if holidays is None else holidays})
    return replace(config, site=site, hours=config.hours if hours is None else hours)


class Hall:
    def __init__(self, store: Store, settings: Settings, *, clock: Clock = system_clock,
                 demo: bool = False) -> None:
        self.store = store
        self.config = settings  # as config.toml says; `settings` is the live view
        self._settings: Settings | None = None
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
        self._daily: dict[object, tuple[str, object]] = {}

    @property
    def settings(self) -> Settings:
        """The live settings (see the module's docstring), read on first use."""
        current = self._settings
        if current is None:
            self.current_catalog()
            current = self._settings
            assert current is not None
        return current

    def fresh_settings(self) -> Settings:
        """The live settings checked against the database now (one indexed read), for a
        page rendered without a catalogue read of its own (the kiosk's and TV's site name):
        another process's edit shows on its next load."""
        self.current_catalog()
        return self.settings

    @property
    def site(self) -> SiteSettings:
        """The live site: config.toml's [site] with the values the admin pages set."""
        return self.settings.site

    # -- time

    def now(self) -> datetime:
        return self.clock()

    def today(self, now: datetime | None = None) -> str:
        return local_day(now or self.now(), self.config.site.zone)

    def start_of_day(self, now: datetime | None = None) -> datetime:
        local = (now or self.now()).astimezone(self.config.site.zone)
        return datetime.combine(local.date(), time(0), local.tzinfo).astimezone(UTC)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.config.site.zone)

    def daily(self, key: object, day: str, compute: Callable[[], T]) -> T:
        """A value worked out once per local day (what the recent days say does not change
        during this one), kept per process."""
        held = self._daily.get(key)
        if held is not None and held[0] == day:
            return held[1]  # type: ignore[return-value]
        value = compute()
        self._daily[key] = (day, value)
        return value

    # -- catalog

    def catalog(self, tx: Transaction) -> Catalog:
        """The cached catalog, reloaded when any process changed it (one indexed read);
        the live settings are rebuilt with it (every admin change bumps the version)."""
        version = tx.catalog.version()
        cached = self._catalog
        if cached is not None and cached.version == version and self._settings is not None:
            return cached
        with self._catalog_lock:
            fresh = tx.catalog.load()
            # settings first: whoever sees the new catalogue sees the new settings too
            self._settings = live_settings(self.config, tx)
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
