"""People ahead and estimated waits, computed inside the caller's transaction. People ahead
come from the order call-next follows (domain.queue_positions), never from a second
ordering in SQL; the wait from playing the counters forward with that same policy
(domain.eta_forecast), each at its live pace (domain.eta) around the minutes a call of each
service kept a desk on the recent days (domain.desk_time), from the moment the citizen at
each desk now is expected to leave it. Ticket answer, paper, kiosk, console, TV and phone
all read their estimate here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from queue_server.domain.call_policy import Waiting, is_candidate, regular_streak
from queue_server.domain.catalog import Catalog
from queue_server.domain.eta import (
    WINDOW_MINUTES,
    across_breaks,
    call_intervals,
    minutes_per_call,
    priority_share,
    regular_wait,
    whole_minutes,
)
from queue_server.domain.eta_forecast import (
    MAX_CALLS,
    SHORT_READ,
    Desk,
    Forecast,
    forecast_calls,
    queue_order,
)
from queue_server.domain.models import Counter, CounterStatus, Service, Ticket, TicketStatus
from queue_server.domain.queue_positions import (
    CounterTurn,
    LinesAhead,
    QueueEntry,
    QueuePositions,
    counters_for,
    newcomer_people_ahead,
    walk_in,
)
from queue_server.store import Transaction

from .counter_breaks import Breaks, CounterBreaks
from .desk_times import desk_times
from .expected_arrivals import ExpectedArrivals
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
        self._calls: dict[str, list[tuple[datetime, bool, str]]] = {}
        self._at_desk: dict[str, tuple[str, datetime]] = {}
        self.breaks = Breaks(hall, tx, now)
        self.desk_times = desk_times(hall, tx, now)
        self.stretch_for_priority = True
        # per service, asked for every call of every counter's window (a pace's seed)
        self._call_minutes: dict[str, float] = {}

    def _counters(self, service: Service, target_counter_id: str | None) -> list[Counter]:
        if target_counter_id:
            target = self.catalog.counters.get(target_counter_id)
            counters: Iterable[Counter] = [target] if target else []
        else:
            counters = self.catalog.counters_serving(service.id)
        # a paused counter calls nobody until it resumes: it adds nothing to the rate
        open_ = [c for c in counters if c.status is CounterStatus.OPEN]
        self._counters_loaded(open_)
        return open_

    def _counters_loaded(self, counters: Iterable[Counter]) -> None:
        unknown = [c.id for c in counters if c.id not in self._calls]
        if unknown:
            self._calls.update(self.tx.eta.call_times(unknown, self.since))
            self._at_desk.update(self.tx.eta.at_desks(unknown))

    def call_minutes(self, service_id: str) -> float:
        """The minutes a call of a service keeps a desk: the recent days' (domain.desk_time),
        else its configured time."""
        known = self._call_minutes.get(service_id)
        if known is None:
            service = self.catalog.services.get(service_id)
            known = self._call_minutes[service_id] = self.desk_times.mean(
                service_id, service.avg_service_minutes if service else 5.0)
        return known

    def pace(self, counter: Counter) -> tuple[float, float]:
        """A counter's minutes per call, pooled with the seed, and the seed: the minutes the
        calls it made would take by the recent days (the mix it actually called, each
        interval that of its first call), or its services' when it made none yet."""
        calls = self._calls[counter.id]
        mix = [s for _, _, s in calls[:-1]] or [
            s for s in counter.service_weights if s in self.catalog.services]
        seed = sum(map(self.call_minutes, mix)) / len(mix) if mix else 5.0
        return minutes_per_call(call_intervals([at for at, _, _ in calls]), seed,
                                self.desk_times.prior_calls), seed

    def share(self, service: Service, target_counter_id: str | None) -> float:
        """The share of recent calls of the ticket's counters that went to priority."""
        counters = self._counters(service, target_counter_id)
        calls = [call for c in counters for call in self._calls[c.id]]
        return priority_share(sum(p for _, p, _ in calls), len(calls))

    def desks(self, counters: Iterable[Counter], turns: Iterable[CounterTurn],
              now: datetime) -> list[Desk]:
        """The counters as the forecast plays them: when each can call next (a desk with
        nobody at it at once; one with a citizen when that call is expected to end, given
        how long it has run), its pace, and the break it is still expected to take today."""
        streaks = {t.counter.id: t for t in turns}
        counters = list(counters)
        breaks = self.breaks.of([c.id for c in counters])
        out = []
        for counter in counters:
            pace, seed = self.pace(counter)
            scale = pace / seed
            ready = now
            if counter.id in self._at_desk:
                service_id, called_at = self._at_desk[counter.id]
                service = self.catalog.services.get(service_id)
                ready = now + timedelta(minutes=self.desk_times.remaining(
                    service_id, max((now - called_at).total_seconds() / 60, 0.0),
                    service.avg_service_minutes if service else pace, scale))
            expected = breaks.get(counter.id, CounterBreaks())
            if counter.status is CounterStatus.PAUSED:
                ready = max(ready, expected.back_at or now)
            out.append(Desk(streaks.get(counter.id, CounterTurn(counter)), ready, pace, {
                s: self.call_minutes(s) * scale
                for s in counter.service_weights if s in self.catalog.services},
                break_at=expected.break_at, back_at=expected.break_back_at))
        return out

    def minutes_at(self, call_at: datetime | None, now: datetime, service: Service, *,
                   priority: bool, target_counter_id: str | None) -> int | None:
        """Whole minutes to a forecast call, rounded up, stretched by the priority citizens
        arriving meanwhile (a regular one) and over the hall's break."""
        if call_at is None:
            return None
        wait = max((call_at - now).total_seconds() / 60, 0.0)
        if not priority and self.stretch_for_priority:
            wait = regular_wait(wait, self.share(service, target_counter_id))
        return across_breaks(self.clock, whole_minutes(wait), self.spans)


class Forecasts:
    """Forecast call times (domain.eta_forecast), one play per set of open counters that
    share the tickets asked about: the counters able to call a ticket and the others that
    drain the same services."""

    def __init__(self, hall: Hall, tx: Transaction, catalog: Catalog, now: datetime,
                 rates: CallRates) -> None:
        self.hall, self.tx, self.catalog, self.now, self.rates = hall, tx, catalog, now, rates
        self.arrivals = ExpectedArrivals(hall, tx, now)
        # expected citizens played in the forecast include the priority ones who will go
        # first; without a pattern yet, the recent priority share stretches the wait instead
        rates.stretch_for_priority = not self.arrivals.known

    def _desk_ids(self, ticket: Waiting) -> frozenset[str]:
        service = self.catalog.services.get(ticket.service_id)
        if service is None:
            return frozenset()
        target = ticket.target_counter_id
        able = [c for c in ([self.catalog.counters[target]] if target in self.catalog.counters
                            else [] if target else self.catalog.counters_serving(service.id))
                if c.status in (CounterStatus.OPEN, CounterStatus.PAUSED)]
        mix = {s for c in able for s in c.service_weights}
        near = {c.id for s in mix for c in self.catalog.counters_serving(s)
                if c.status in (CounterStatus.OPEN, CounterStatus.PAUSED)}
        return frozenset({c.id for c in able} | near)

    def minutes(self, tickets: Iterable[tuple[Waiting, int]]) -> dict[int, int | None]:
        """The estimate of each (waiting ticket, its people ahead): the people ahead carry
        a play cut short over a huge queue on (Forecast.call_of)."""
        plays: dict[frozenset[str], list[tuple[Waiting, int]]] = {}
        for ticket, ahead in tickets:
            plays.setdefault(self._desk_ids(ticket), []).append((ticket, ahead))
        out: dict[int, int | None] = {}
        for ids, asked in plays.items():
            played = self._play(ids, [t for t, _ in asked]) if ids else Forecast({})
            for t, ahead in asked:
                service = self.catalog.services.get(t.service_id)
                out[t.id] = None if service is None else self.rates.minutes_at(
                    played.call_of(t.id, ahead), self.now, service, priority=t.priority,
                    target_counter_id=t.target_counter_id)
        return out

    def _play(self, ids: frozenset[str], asked: list[Waiting]) -> Forecast:
        counters = [self.catalog.counters[i] for i in sorted(ids)]
        self.rates._counters_loaded(counters)
        services = {s for c in counters for s in c.service_weights}
        lines = services | {t.service_id for t in asked}
        desks = self.rates.desks(counters, counter_turns(self.hall, self.tx, counters),
                                 self.now)
        # a play reads each service's line as far as it goes, SHORT_READ tickets at a
        # time (most end within the first few). Tickets sent to a counter are read to the
        # play's whole reach at once: one read gives all of a counter's lines, so a line it
        # gave nothing of could still hold some.
        day = self.hall.today(self.now)
        entries: list[Waiting] = list(self.tx.eta.queue_heads(
            day, lines, ids, SHORT_READ, per_counter=MAX_CALLS))
        known = {e.id for e in entries}
        read_to = last_of_full_lines(entries, SHORT_READ)
        entries += [t for t in asked if t.id not in known]  # a walk-in not yet issued

        def read_more(last: Waiting) -> tuple[list[QueueEntry], bool]:
            more = self.tx.eta.line_after(day, last, SHORT_READ)
            return more, len(more) >= SHORT_READ

        return forecast_calls(
            entries, desks, [t.id for t in asked], policy=self.hall.policy,
            max_wait_minutes=self.catalog.max_wait_minutes, now=self.now,
            arrivals=self.arrivals.of(services), read_to=read_to, read_more=read_more)


def last_of_full_lines(entries: Iterable[Waiting], per_line: int) -> set[int]:
    """The last ticket of each (service, priority) line that gave all `per_line` asked for
    (more of it may wait): once a play calls it, the line is read on. What a line left
    unread is newer than all it gave, so it waits behind that last one."""
    lines: dict[tuple[str, bool], list[Waiting]] = {}
    for e in entries:
        if e.target_counter_id is None:
            lines.setdefault((e.service_id, e.priority), []).append(e)
    return {max(line, key=queue_order).id
            for line in lines.values() if len(line) >= per_line}


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
    if not any(t.status is TicketStatus.WAITING for t in tickets):
        # a call, start or finish: nobody asked about waits, so no rate or forecast to read
        return [TicketInfo(t, 0, None) for t in tickets]
    fresh = set(issued_now)
    newcomers = Newcomers(hall, tx, catalog, now)
    if positions is None:
        positions = queue_positions(hall, tx, catalog, [
            t for t in tickets if t.id not in fresh and t.status is TicketStatus.WAITING], now)
    aheads = {t.id: (newcomers.people_ahead(t) if t.id in fresh else positions.people_ahead(t))
              for t in tickets if t.status is TicketStatus.WAITING}
    forecasts = Forecasts(hall, tx, catalog, now, CallRates(hall, tx, catalog, now))
    minutes = forecasts.minutes((t, aheads[t.id]) for t in tickets if t.id in aheads)
    return [TicketInfo(t, aheads[t.id], minutes.get(t.id)) if t.id in aheads
            else TicketInfo(t, 0, None) for t in tickets]


def ticket_info(hall: Hall, tx: Transaction, catalog: Catalog, ticket: Ticket,
                now: datetime) -> TicketInfo:
    return ticket_infos(hall, tx, catalog, [ticket], now)[0]


def walk_in_estimates(hall: Hall, tx: Transaction, catalog: Catalog,
                      services: Iterable[Service], now: datetime) -> dict[str, int | None]:
    """The wait a citizen taking a regular ticket of each service now should expect."""
    newcomers = Newcomers(hall, tx, catalog, now)
    forecasts = Forecasts(hall, tx, catalog, now, CallRates(hall, tx, catalog, now))
    out = {}
    for service in services:
        entry = walk_in(service.id, now)  # one play each: walk-ins do not queue behind another
        out[service.id] = forecasts.minutes([(entry, newcomers.people_ahead(entry))])[entry.id]
    return out
