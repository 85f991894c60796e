"""`queue-server simulate`: past days filled through the real use cases under a simulated
clock, so reports, ETA back-tests, benchmarks and the demo have real-looking history.

Event-driven: a heap of what happens next (an arrival, a citizen reaching the counter, a
service ending, a break starting or ending) moves a clock the hall reads. Every change goes
through services/tickets.py and counter_console.py, the summary counts the events those use
cases committed — the ground truth the reports must reproduce. A share of the served
citizens answer the SKM (services/skm_simulation.py) right after their ticket is finished."""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from queue_server.domain import simulated_day as plan
from queue_server.domain.access import Principal
from queue_server.domain.errors import BadRequest, Conflict, QueueError
from queue_server.domain.models import CounterStatus, Role, TicketStatus
from queue_server.domain.simulated_day import Arrival, Fate
from queue_server.settings import Settings
from queue_server.store import Store

from . import counter_console, tickets
from .hall import Hall, Outcome
from .skm_simulation import SimulatedRespondents

DESK = Principal(kind="user", name="simulasi", role=Role.ADMIN)  # issues: nothing printed
LAST_CALL = 21 * 60  # a queue still open this late is closed for the night (overtime ends)
RECALL_AFTER, SKIP_AFTER = 1.5, 3.0  # minutes after a call a no-show is recalled, skipped


class SimClock:
    def __init__(self, at: datetime) -> None:
        self.current = at

    def __call__(self) -> datetime:
        return self.current


@dataclass
class Summary:
    days: int = 0
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    refused: int = 0  # arrivals turned away by a quota or the hours
    skm_responses: int = 0
    by_service: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> None:
        """From what the use case committed, auto-closed tickets included."""
        for event in outcome.events:
            key = {"issued": "issued", "finished": "served", "skipped": "no_show",
                   "cancelled": "cancelled", "transferred": "transferred"}.get(event.type)
            if key is None:
                continue
            setattr(self, key, getattr(self, key) + 1)
            if key != "transferred" and event.service_id:
                row = self.by_service.setdefault(event.service_id, {
                    "issued": 0, "served": 0, "no_show": 0, "cancelled": 0})
                row[key] += 1

    def as_json(self) -> dict[str, Any]:
        return {"days": self.days, "issued": self.issued, "served": self.served,
                "no_show": self.no_show, "cancelled": self.cancelled,
                "transferred": self.transferred, "refused": self.refused,
                "skm_responses": self.skm_responses,
                "by_service": dict(sorted(self.by_service.items()))}


def check_days(hall: Hall, first: date, days: int, today: date) -> list[date]:
    """The days to fill, or a refusal naming the first day that cannot be filled."""
    if days < 1:
        raise BadRequest("Jumlah hari minimal 1.", field="days")
    wanted = [first + timedelta(days=i) for i in range(days)]
    holidays = hall.settings.site.holidays
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        for day in wanted:
            if day >= today:
                raise BadRequest(f"{day} bukan hari yang sudah lewat: hanya hari sebelum "
                                 f"hari ini ({today}) yang bisa disimulasikan.", field="date")
            if day in holidays:
                raise BadRequest(f"{day} hari libur ({holidays[day]}): MPP tutup.",
                                 field="date")
            if not any(s.hours.get(day.weekday()) for s in catalog.services.values()):
                raise BadRequest(f"{day} MPP tutup (tidak ada jam layanan pada hari itu).",
                                 field="date")
            if tx.tickets.issued_counts(day.isoformat()):
                raise Conflict(f"{day} sudah berisi tiket; hari yang berisi tiket tidak "
                               "pernah ditimpa.", field="date")
    return wanted


def simulate(store: Store, settings: Settings, first: date, *, today: date, days: int = 1,
             tickets_per_day: int = 600, seed: int = 1, skm_rate: float = 0.3,
             progress: Callable[[date, Summary], None] | None = None) -> Summary:
    """Fill `days` past days from `first`; refuses (BadRequest/Conflict, field "date")
    before touching anything when one is today or later, closed or already holds tickets."""
    clock = SimClock(datetime.combine(first, time(0), UTC))
    hall = Hall(store, settings, clock=clock)  # its own hall: no listener sees the past
    wanted = check_days(hall, first, days, today)
    if tickets_per_day < 1:
        raise BadRequest("Jumlah tiket per hari minimal 1.", field="tickets")
    if not 0 <= skm_rate <= 1:
        raise BadRequest("Bagian warga yang mengisi SKM harus antara 0 dan 1.",
                         field="skm_rate")
    summary = Summary()
    for day in wanted:
        respondents = SimulatedRespondents(hall, seed, day, skm_rate)
        _Day(hall, clock, day, random.Random(f"{seed}:{day.isoformat()}"), summary,
             tickets_per_day, respondents).run()
        summary.days += 1
        summary.skm_responses += respondents.answered
        if progress is not None:
            progress(day, summary)
    return summary


class _Day:
    def __init__(self, hall: Hall, clock: SimClock, day: date, rng: random.Random,
                 summary: Summary, count: int, respondents: SimulatedRespondents) -> None:
        self.hall, self.clock, self.rng, self.summary = hall, clock, rng, summary
        self.respondents = respondents
        zone = hall.config.site.zone
        self.midnight = datetime.combine(day, time(0), zone)
        self.catalog = hall.current_catalog()
        weekday = day.weekday()
        counters = sorted((c for c in self.catalog.counters.values() if c.active),
                          key=lambda c: c.number)
        self.counters = {c.id: c for c in counters}
        served = {s for c in counters for s in c.service_weights}
        services = {s.id: s for s in self.catalog.services.values()
                    if s.id in served and self.catalog.offered(s)}
        self.services = services
        # popularity: the daily quota the MPP planned for, else an ordinary service's
        popularity = {s.id: float(s.daily_quota or 60) for s in services.values()}
        spans = {s.id: s.hours.get(weekday, ()) for s in services.values()}
        self.arrivals = plan.plan_arrivals(rng, count, popularity, spans)
        self.breaks = plan.plan_breaks(rng, list(self.counters),
                                       hall.settings.hours.get(weekday, ()))
        self.officers = {c.id: Principal(kind="user", name=f"petugas-{c.id}",
                                         role=Role.OFFICER, counters=frozenset({c.id}))
                         for c in counters}
        self.heap: list[tuple[float, int, str, tuple]] = []
        self.seq = itertools.count()
        self.idle: set[str] = set()
        self.pending_break: dict[str, plan.Break] = {}
        self.paused: set[str] = set()
        self.dropped: set[str] = set()  # desks the live hall is using
        self.reopened: set[str] = set()  # paused in the hall: opened for the day, then paused
        self.fates: dict[int, Arrival] = {}  # ticket id -> the plan of its citizen
        self.waiting_since: dict[int, float] = {}
        self.transferred: set[int] = set()

    # -- plumbing

    def at(self, minute: float) -> datetime:
        return (self.midnight + timedelta(minutes=minute)).astimezone(UTC)

    def push(self, minute: float, kind: str, *args: Any) -> None:
        heapq.heappush(self.heap, (minute, next(self.seq), kind, args))

    def act(self, action: Callable[..., Outcome], *args: Any, **kwargs: Any) -> Outcome | None:
        try:
            outcome = action(self.hall, *args, **kwargs)
        except QueueError:
            return None  # e.g. a quota reached or hours over: the real refusal, not counted
        self.summary.count(outcome)
        return outcome

    # -- the day

    def run(self) -> None:
        with self.hall.store.read() as tx:
            self.dropped.update(tx.tickets.at_counters())  # desks the live hall holds
        for counter in self.counters.values():
            if counter.id in self.dropped:
                continue
            if counter.status is CounterStatus.PAUSED:
                # a counter left paused (on another day) works on this one
                self.clock.current = self.at(self.arrivals[0].minute - 1 if self.arrivals
                                             else 7 * 60)
                if self.act(counter_console.set_paused, self.officers[counter.id],
                            counter.id, False) is None:
                    continue
                self.reopened.add(counter.id)
            self.idle.add(counter.id)
        for arrival in self.arrivals:
            self.push(arrival.minute, "arrive", arrival)
        for pause in self.breaks:
            self.push(pause.start, "break", pause)
        handlers = {"arrive": self.arrive, "free": self.free, "start": self.start,
                    "finish": self.finish, "recall": self.recall, "skip": self.skip,
                    "transfer": self.transfer, "give_up": self.give_up,
                    "break": self.take_break, "resume": self.resume,
                    "cancel_called": self.cancel_called}
        while self.heap:
            minute, _, kind, args = heapq.heappop(self.heap)
            if minute > LAST_CALL:
                # citizens planned after the night's close find the doors shut
                self.summary.refused += sum(k == "arrive" for _, _, k, _ in self.heap) + \
                    (kind == "arrive")
                self.close_night()
                break
            self.clock.current = self.at(minute)
            handlers[kind](minute, *args)
        self.restore_counters()

    def wake(self, minute: float, service_id: str) -> None:
        """An idle counter that serves the service calls (one is enough for one citizen)."""
        for counter_id in self.counters:
            if counter_id in self.idle and service_id in \
                    self.counters[counter_id].service_weights:
                self.idle.discard(counter_id)
                self.push(minute, "free", counter_id)
                return

    def arrive(self, minute: float, arrival: Arrival) -> None:
        outcome = self.act(tickets.issue_ticket, DESK, arrival.service_id,
                           priority_kind=arrival.priority_kind.value
                           if arrival.priority_kind else None)
        if outcome is None or outcome.ticket is None:
            self.summary.refused += 1
            return
        ticket_id = outcome.ticket.ticket.id
        self.fates[ticket_id] = arrival
        if arrival.fate is Fate.CANCEL:
            self.push(minute + arrival.patience, "give_up", ticket_id, arrival.service_id)
        self.wake(minute, arrival.service_id)

    def free(self, minute: float, counter_id: str) -> None:
        pause = self.pending_break.pop(counter_id, None)
        if pause is not None:
            self.pause(minute, counter_id, pause)
            return
        with self.hall.store.read() as tx:
            if tx.tickets.at_counter(counter_id):
                # a citizen of the live hall (today) is at this desk: calling would close
                # their ticket, so the counter leaves the simulated day, breaks included
                self.dropped.add(counter_id)
                return
        outcome = self.act(tickets.call_next, self.officers[counter_id], counter_id)
        if outcome is None or outcome.ticket is None:
            self.idle.add(counter_id)
            return
        ticket = outcome.ticket.ticket
        arrival = self.fates.get(ticket.id)
        fate = arrival.fate if arrival is not None else Fate.SERVE
        if ticket.id in self.transferred and fate is Fate.TRANSFER:
            fate = Fate.SERVE  # sent on once; served where it was sent
        if fate is Fate.NO_SHOW:
            self.push(minute + RECALL_AFTER, "recall", counter_id, ticket.id)
            self.push(minute + SKIP_AFTER, "skip", counter_id, ticket.id)
        elif fate is Fate.CANCEL:
            # called before giving up: turned away at the counter (wrong service, papers)
            self.push(minute + plan.walk_minutes(self.rng), "cancel_called", counter_id,
                      ticket.id)
        else:
            walk = minute + plan.walk_minutes(self.rng)
            length = plan.service_minutes(self.rng,
                                          self.services[ticket.service_id].avg_service_minutes
                                          if ticket.service_id in self.services else 8)
            self.push(walk, "start", counter_id, ticket.id)
            if fate is Fate.TRANSFER:
                self.push(walk + length * 0.4, "transfer", counter_id, ticket.id)
            else:
                self.push(walk + length, "finish", counter_id, ticket.id)

    def start(self, minute: float, counter_id: str, ticket_id: int) -> None:
        self.act(tickets.start, self.officers[counter_id], ticket_id)

    def finish(self, minute: float, counter_id: str, ticket_id: int) -> None:
        outcome = self.act(tickets.finish, self.officers[counter_id], ticket_id)
        if outcome is not None and outcome.ticket is not None:
            self.respondents.after_finish(outcome.ticket.ticket)
        self.push(minute, "free", counter_id)

    def recall(self, minute: float, counter_id: str, ticket_id: int) -> None:
        self.act(tickets.recall, self.officers[counter_id], ticket_id, counter_id)

    def skip(self, minute: float, counter_id: str, ticket_id: int) -> None:
        self.act(tickets.skip, self.officers[counter_id], ticket_id)
        self.push(minute, "free", counter_id)

    def cancel_called(self, minute: float, counter_id: str, ticket_id: int) -> None:
        self.act(tickets.cancel, self.officers[counter_id], ticket_id,
                 reason="Persyaratan belum lengkap")
        self.push(minute, "free", counter_id)

    def give_up(self, minute: float, ticket_id: int, service_id: str) -> None:
        service = self.services.get(service_id)
        if service is None:
            return
        supervisor = Principal(kind="user", name=f"supervisor-{service.agency_id}",
                               role=Role.SUPERVISOR, agencies=frozenset({service.agency_id}))
        with self.hall.store.read() as tx:
            still_waiting = tx.tickets.get(ticket_id).status is TicketStatus.WAITING
        if still_waiting:
            self.act(tickets.cancel, supervisor, ticket_id, reason="Tidak jadi menunggu")

    def transfer(self, minute: float, counter_id: str, ticket_id: int) -> None:
        with self.hall.store.read() as tx:
            current = tx.tickets.get(ticket_id).service_id
        target = self.transfer_target(current)
        if target is not None and self.act(tickets.transfer, self.officers[counter_id],
                                           ticket_id, service_id=target,
                                           reason="Perlu layanan lain") is not None:
            self.transferred.add(ticket_id)
            self.wake(minute, target)
        else:
            self.act(tickets.finish, self.officers[counter_id], ticket_id)
        self.push(minute, "free", counter_id)

    def transfer_target(self, service_id: str) -> str | None:
        """Another service of the same agency when it has one (KTP to KK), else any."""
        agency = self.services[service_id].agency_id if service_id in self.services else None
        others = [s for s in self.services.values() if s.id != service_id]
        same = [s for s in others if s.agency_id == agency]
        pool = same or others
        return self.rng.choice(pool).id if pool else None

    def take_break(self, minute: float, pause: plan.Break) -> None:
        if pause.counter_id in self.dropped:
            return
        if pause.counter_id in self.idle:
            self.idle.discard(pause.counter_id)
            self.pause(minute, pause.counter_id, pause)
        else:
            self.pending_break[pause.counter_id] = pause  # after the citizen at the desk

    def pause(self, minute: float, counter_id: str, pause: plan.Break) -> None:
        if self.act(counter_console.set_paused, self.officers[counter_id], counter_id, True,
                    pause.reason) is None:
            self.push(minute, "free", counter_id)
            return
        self.paused.add(counter_id)
        self.push(max(pause.end, minute + 10), "resume", counter_id)

    def resume(self, minute: float, counter_id: str) -> None:
        self.act(counter_console.set_paused, self.officers[counter_id], counter_id, False)
        self.paused.discard(counter_id)
        self.push(minute, "free", counter_id)

    def close_night(self) -> None:
        """Past the last call: those still waiting are sent home, the desks finish."""
        self.clock.current = self.at(LAST_CALL)
        with self.hall.store.read() as tx:
            left = [t for t in (tx.tickets.get(i) for i in self.fates)
                    if t.status in (TicketStatus.WAITING, TicketStatus.CALLED,
                                    TicketStatus.SERVING)]
        for ticket in left:
            if ticket.status is TicketStatus.SERVING:
                self.act(tickets.finish, DESK, ticket.id)
            else:
                self.act(tickets.cancel, DESK, ticket.id, reason="Layanan tutup")

    def restore_counters(self) -> None:
        """Counters end the day as the hall had them, so the live hall is not changed."""
        for counter_id in sorted(self.paused):
            self.act(counter_console.set_paused, self.officers[counter_id], counter_id, False)
        for counter_id in sorted(self.reopened):
            self.act(counter_console.set_paused, self.officers[counter_id], counter_id, True,
                     self.counters[counter_id].pause_reason or "Istirahat")
