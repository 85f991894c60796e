"""A ticket's legs, read from its events: one leg per queue it waited in.

A ticket that is never transferred is one leg. Each transfer ends the current leg (it
counts as `transferred` there) and starts a new one that joined the next queue at the
moment of the transfer. Pure: the store hands over facts, this folds them.

Times are whole milliseconds since the Unix epoch (UTC), as the store reads them: a month
is ~600,000 events, and tuples of numbers fold several times faster than datetimes in
frozen objects (bench/reports.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

MS_PER_MINUTE = 60_000


class Outcome(StrEnum):
    SERVED = "served"  # dilayani (done)
    NO_SHOW = "no_show"  # tidak hadir (skipped and not recalled)
    CANCELLED = "cancelled"  # dibatalkan
    TRANSFERRED = "transferred"  # dialihkan to another queue
    OPEN = "open"  # still waiting, called or being served


class TicketFacts(NamedTuple):
    id: int
    service_id: str  # where it is now (after any transfer)
    issued_ms: int
    priority: bool


class LegEvent(NamedTuple):
    """One event of a ticket's life, as far as reports need it."""

    ticket_id: int
    type: str  # called | recalled | started | finished | skipped | cancelled | transferred
    at_ms: int
    counter_id: str | None = None  # called only
    actor: str | None = None  # called only
    from_service: str | None = None  # transferred only
    to_service: str | None = None  # transferred only


class Leg(NamedTuple):
    ticket_id: int
    service_id: str
    joined_ms: int  # issue, or the transfer into this queue
    priority: bool
    issued_here: bool  # the ticket's first leg (not transferred in)
    wait_minutes: float | None  # to the first call of this leg; None: never called
    counter_id: str | None  # where that first call was made
    officer: str | None  # who made it (`user:NAME`)
    outcome: Outcome
    service_minutes: float | None  # served: finish - start (finish - call if never started)


def legs_of(ticket: TicketFacts, events: Sequence[LegEvent]) -> list[Leg]:
    """The legs of one ticket; `events` in the order they happened."""
    return fold_legs([ticket], events)


def fold_legs(tickets: Iterable[TicketFacts], events: Sequence[LegEvent]) -> list[Leg]:
    """The legs of many tickets. `events` hold those tickets' events grouped by ticket in
    the same order as `tickets` (a ticket with none has no group), each group in order.
    Plain tuples in the layouts of TicketFacts and LegEvent do: only positions are read.
    One loop for a month of events (no call per ticket: this is the reports' hot path)."""
    out: list[Leg] = []
    append = out.append
    i, n = 0, len(events)
    for tid, now_in, joined, priority in tickets:
        service: str | None = None  # the first leg's is known at its transfer, else now_in
        issued_here = True
        called = counter = officer = last_call = started = service_minutes = None
        outcome = Outcome.OPEN
        while i < n and events[i][0] == tid:
            _, kind, at, counter_id, actor, from_service, to_service = events[i]
            i += 1
            if kind == "called":
                if called is None:
                    called, counter, officer = at, counter_id, actor
                last_call, outcome = at, Outcome.OPEN
            elif kind == "started":
                started = at
            elif kind == "finished":
                begun = started if started is not None else \
                    last_call if last_call is not None else at
                service_minutes = (at - begun) / MS_PER_MINUTE
                outcome = Outcome.SERVED
            elif kind == "recalled":
                # a recall after a skip is a new call (the citizen came back); a recall of
                # a called ticket only repeats the announcement
                if outcome is Outcome.NO_SHOW:
                    last_call, outcome = at, Outcome.OPEN
            elif kind == "skipped":
                outcome = Outcome.NO_SHOW
            elif kind == "cancelled":
                outcome = Outcome.CANCELLED
            elif kind == "transferred":
                if service is None:
                    service = from_service or now_in
                append(Leg(tid, service, joined, priority, issued_here,
                           None if called is None else (called - joined) / MS_PER_MINUTE,
                           counter, officer, Outcome.TRANSFERRED, None))
                service, joined, issued_here = to_service or now_in, at, False
                called = counter = officer = last_call = started = service_minutes = None
                outcome = Outcome.OPEN
        append(Leg(tid, service if service is not None else now_in, joined, priority,
                   issued_here, None if called is None else (called - joined) / MS_PER_MINUTE,
                   counter, officer, outcome, service_minutes))
    return out
