"""The supervisor's live picture (API.md "Supervision"): per agency the queue now, each
counter's state and officer, each service's waiting and quota, and the open alarms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_server.domain import access
from queue_server.domain.errors import Forbidden, NotFound
from queue_server.domain.models import CounterStatus, TicketStatus
from queue_server.services import alarms
from queue_server.services.hall import Hall
from queue_server.store.alarms import AlarmRow


@dataclass(frozen=True, slots=True)
class CounterLine:
    id: str
    name: str
    status: str  # "open" (idle) | "calling" | "serving" | "paused" | "closed"
    pause_reason: str | None
    officer: str | None  # who acted there last today
    current_ticket: str | None  # its code
    idle_minutes: int | None  # open and nobody at it: minutes since its last action today


@dataclass(frozen=True, slots=True)
class ServiceLine:
    id: str
    name: str
    waiting: int
    quota_used: int  # tickets issued today
    daily_quota: int | None


@dataclass(frozen=True, slots=True)
class AgencyLine:
    id: str
    name: str
    waiting: int
    longest_wait_minutes: int  # of whoever waits longest now (0: nobody waits)
    served_today: int
    counters: list[CounterLine]
    services: list[ServiceLine]


@dataclass(frozen=True, slots=True)
class Supervision:
    agencies: list[AgencyLine]
    alarms: list[AlarmRow]


def _minutes(now: datetime, then: datetime | None) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds() // 60))


def supervision(hall: Hall, p: access.Principal, agency_id: str | None = None) -> Supervision:
    alarms.require_supervision(p)
    now = hall.now()
    day = hall.today(now)
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        if agency_id is not None:
            if agency_id not in catalog.agencies:
                raise NotFound(f"Instansi {agency_id!r} tidak ada.", field="agency_id")
            if not access.supervises(p, agency_id):
                raise Forbidden(f"Anda tidak mengawasi instansi {agency_id}.",
                                field="agency_id")
        shown = [a for a in catalog.agencies.values() if a.active
                 and access.supervises(p, a.id) and agency_id in (None, a.id)]
        waiting = tx.tickets.waiting_counts(day)
        issued = tx.tickets.issued_counts(day)
        oldest = tx.alarms.oldest_waiting(day)
        served = tx.alarms.served_counts(day)
        at_counters = tx.tickets.at_counters()
        activity = tx.alarms.counter_activity(hall.start_of_day(now), list(catalog.counters))
        open_rows = tx.alarms.open()
    lines = []
    for agency in sorted(shown, key=lambda a: (a.position, a.id)):
        services = [s for s in catalog.services.values() if s.agency_id == agency.id
                    and (s.active or waiting.get(s.id, 0))]
        counters = [c for c in catalog.counters.values()
                    if c.agency_id == agency.id and c.active]
        waits = [_minutes(now, oldest.get(s.id)) for s in services]
        lines.append(AgencyLine(
            agency.id, agency.name, sum(waiting.get(s.id, 0) for s in services),
            max((w for w in waits if w is not None), default=0), served.get(agency.id, 0),
            [_counter_line(c, at_counters.get(c.id), activity.get(c.id), now)
             for c in sorted(counters, key=lambda c: (c.number, c.id))],
            [ServiceLine(s.id, s.name, waiting.get(s.id, 0), issued.get(s.id, 0),
                         s.daily_quota) for s in sorted(services, key=lambda s: s.position)]))
    seen = {a.id for a in shown}
    visible = [a for a in open_rows if alarms.can_see(p, a)
               and (a.agency_id is None or a.agency_id in seen)]
    return Supervision(lines, visible)


def _counter_line(counter, current, activity, now: datetime) -> CounterLine:
    last_at, officer = activity if activity else (None, None)
    status = counter.status.value
    idle = None
    if counter.status is CounterStatus.OPEN:
        if current is None:
            idle = _minutes(now, last_at)
        else:
            status = "serving" if current.status is TicketStatus.SERVING else "calling"
    return CounterLine(counter.id, counter.name, status, counter.pause_reason, officer,
                       current.code if current else None, idle)
