"""People ahead and estimated waits, computed inside the caller's transaction from the
order call-next follows (domain.queue_positions), never from a second ordering in SQL, and
the live call rate of the open counters (domain.eta). Ticket answer, paper, kiosk, console,
TV and phone all read their estimate here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from queue_server.domain.call_policy import Waiting, is_candidate, regular_streak
from queue_server.domain.catalog import Catalog
from queue_server.domain.eta import (
    WINDOW_MINUTES,
    across_breaks,
    call_intervals,
    calls_per_minute,
    estimate_wait_minutes,
    minutes_per_call,
    priority_share,
)
from queue_server.domain.models import Counter, CounterStatus, Service, Ticket, TicketStatus
from queue_server.domain.queue_positions import (
    CounterTurn,
    LinesAhead,
    QueuePositions,
    counters_for,
    newcomer_people_ahead,
    walk_in,
)
from queue_server.store import Transaction

from .hall import Hall, TicketInfo


class CallRates:
    """The live pace of the open counters, read once per transaction: each counter's
    calls over the recent window (never before today's start)."""

    def __init__(self, hall: Hall, tx: Transaction, catalog: Catalog, now: datetime) -> None:
        self.tx, self.catalog = tx, catalog
        self.since = max(now - timedelta(minutes=WINDOW_MINUTES), hall.start_of_day(now))
        local = hall.local(now)
        # the demo serves at any hour: the hall's schedule does not stop its counters
        self.clock, self.spans = local.time(), (
            () if hall.demo else hall.settings.hours.get(local.weekday(), ()))
        self._calls: dict[str, list[tuple[datetime, bool]]] = {}

    def _counters(self, service: Service, target_counter_id: str | None) -> list[Counter]:
        if target_counter_id:
            target = self.catalog.counters.get(target_counter_id)
            counters: Iterable[Counter] = [target] if target else []
        else:
            counters = self.catalog.counters_serving(service.id)
        # a paused counter calls nobody until it resumes: it adds nothing to the rate
        open_ = [c for c in counters if c.status is CounterStatus.OPEN]
        unknown = [c.id for c in open_ if c.id not in self._calls]
        if unknown:
            self._calls.update(self.tx.eta.call_times(unknown, self.since))
        return open_

    def minutes(self, service: Service, people_ahead: int, *, priority: bool = False,
                target_counter_id: str | None = None) -> int | None:
        """The estimate (domain.eta) from the pace and priority share of the counters
        able to call the ticket."""
        counters = self._counters(service, target_counter_id)
        calls = [call for c in counters for call in self._calls[c.id]]
        rate = calls_per_minute([
            minutes_per_call(call_intervals([at for at, _ in self._calls[c.id]]),
                             service.avg_service_minutes) for c in counters])
        return across_breaks(self.clock, estimate_wait_minutes(
            people_ahead, rate, priority=priority,
            priority_share=priority_share(sum(p for _, p in calls), len(calls))), self.spans)


def counter_turns(hall: Hall, tx: Transaction, counters: Iterable[Counter]) -> list[CounterTurn]:
    """Counters with their recent calls, which only the ratio mode looks at."""
    policy = hall.policy
    return [CounterTurn(c, regular_streak(tx.events.recent_call_priorities(
                c.id, policy.regular_per_priority + 1)) if policy.counts_streaks else 0)
            for c in counters]


def queue_positions(hall: Hall, tx: Transaction, catalog: Catalog,
                    about: Iterable[Waiting], now: datetime) -> QueuePositions:
    """Positions over every ticket that the counters able to call one of `about` could
    call (reads those counters' whole queues: for tickets already waiting)."""
    about = [t for t in about if t.status is TicketStatus.WAITING]
    if not about:
        return QueuePositions([], [], policy=hall.policy, max_wait_minutes={}, now=now)
    counters = [c for c in catalog.counters.values() if any(is_candidate(t, c) for t in about)]
    services = {s for c in counters for s in c.service_weights} | {t.service_id for t in about}
    targets = {c.id for c in counters} | {t.target_counter_id for t in about
                                          if t.target_counter_id}
    entries = tx.tickets.queue_entries(hall.today(now), services, targets)
    return QueuePositions(entries, counter_turns(hall, tx, counters), policy=hall.policy,
                          max_wait_minutes=catalog.max_wait_minutes, now=now)


class Newcomers:
    """People ahead of tickets issued just now, from line counts (never the whole queue).
    Counts are kept for the transaction: counters serving the same services share them,
    and a walk-in's counts are the same whatever the service they are asked for."""

    def __init__(self, hall: Hall, tx: Transaction, catalog: Catalog, now: datetime) -> None:
        self.hall, self.tx, self.catalog, self.now = hall, tx, catalog, now
        self.day = hall.today(now)
        self._turns: dict[str, CounterTurn] = {}
        self._transferred: dict[str, tuple[int, int]] = {}
        self._sizes: dict[tuple[frozenset[str], bool, int], tuple[int, int]] = {}

    def people_ahead(self, newcomer: Waiting) -> int:
        # a newcomer is not sent to a counter: the counters of its service may call it
        able = self.catalog.counters_serving(newcomer.service_id)
        unknown = [c for c in able if c.id not in self._turns]
        for turn in counter_turns(self.hall, self.tx, unknown):
            self._turns[turn.counter.id] = turn
        if unknown:
            self._transferred.update(self.tx.tickets.transferred_to(
                [c.id for c in unknown], self.day))
        lines = [self._lines(turn, newcomer)
                 for turn in counters_for(newcomer, [self._turns[c.id] for c in able])]
        return newcomer_people_ahead(lines, priority=newcomer.priority, policy=self.hall.policy)

    def _lines(self, turn: CounterTurn, newcomer: Waiting) -> LinesAhead:
        counter = turn.counter
        services = frozenset(counter.service_weights)
        key = (services, newcomer.priority, newcomer.id)
        if key not in self._sizes:
            self._sizes[key] = self.tx.tickets.line_sizes(
                self.day, services, priority=newcomer.priority, issued_at=newcomer.issued_at,
                ticket_id=newcomer.id)
        # a stand-in for a service no counter serves has nothing sent to it
        transferred = self._transferred.get(counter.id, (0, 0))
        return LinesAhead(turn, *transferred, *self._sizes[key])


def ticket_infos(hall: Hall, tx: Transaction, catalog: Catalog, tickets: Iterable[Ticket],
                 now: datetime, positions: QueuePositions | None = None, *,
                 issued_now: Iterable[int] = ()) -> list[TicketInfo]:
    """Each ticket with its people ahead and estimated wait (one queue read for all).
    `issued_now`: ids of tickets this very transaction issued, placed from line counts."""
    tickets = list(tickets)
    fresh = set(issued_now)
    newcomers = Newcomers(hall, tx, catalog, now)
    if positions is None:
        positions = queue_positions(hall, tx, catalog, [
            t for t in tickets if t.id not in fresh and t.status is TicketStatus.WAITING], now)
    rates = CallRates(hall, tx, catalog, now)
    out = []
    for ticket in tickets:
        if ticket.status is not TicketStatus.WAITING:
            out.append(TicketInfo(ticket, 0, None))
            continue
        ahead = (newcomers.people_ahead(ticket) if ticket.id in fresh
                 else positions.people_ahead(ticket))
        service = catalog.services.get(ticket.service_id)
        if service is None:
            out.append(TicketInfo(ticket, ahead, None))
            continue
        out.append(TicketInfo(ticket, ahead, rates.minutes(
            service, ahead, priority=ticket.priority,
            target_counter_id=ticket.target_counter_id)))
    return out


def ticket_info(hall: Hall, tx: Transaction, catalog: Catalog, ticket: Ticket,
                now: datetime) -> TicketInfo:
    return ticket_infos(hall, tx, catalog, [ticket], now)[0]


def walk_in_estimates(hall: Hall, tx: Transaction, catalog: Catalog,
                      services: Iterable[Service], now: datetime) -> dict[str, int | None]:
    """The wait a citizen taking a regular ticket of each service now should expect."""
    newcomers = Newcomers(hall, tx, catalog, now)
    rates = CallRates(hall, tx, catalog, now)
    return {s.id: rates.minutes(s, newcomers.people_ahead(walk_in(s.id, now)))
            for s in services}
