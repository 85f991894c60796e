"""A ticket's legs, read from its events: one leg per queue it waited in.

A ticket that is never transferred is one leg. Each transfer ends the current leg (it
counts as `transferred` there) and starts a new one that joined the next queue at the
moment of the transfer. Pure: the store hands over facts, this folds them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    SERVED = "served"  # dilayani (done)
    NO_SHOW = "no_show"  # tidak hadir (skipped and not recalled)
    CANCELLED = "cancelled"  # dibatalkan
    TRANSFERRED = "transferred"  # dialihkan to another queue
    OPEN = "open"  # still waiting, called or being served


@dataclass(frozen=True, slots=True)
class TicketFacts:
    id: int
    service_id: str  # where it is now (after any transfer)
    issued_at: datetime
    priority: bool


@dataclass(frozen=True, slots=True)
class LegEvent:
    """One event of a ticket's life, as far as reports need it."""

    type: str  # called | recalled | started | finished | skipped | cancelled | transferred
    at: datetime
    counter_id: str | None = None
    actor: str | None = None
    from_service: str | None = None  # transferred only
    to_service: str | None = None  # transferred only


@dataclass(frozen=True, slots=True)
class Leg:
    ticket_id: int
    service_id: str
    joined_at: datetime  # issue, or the transfer into this queue
    priority: bool
    issued_here: bool  # the ticket's first leg (not transferred in)
    called_at: datetime | None  # the first call of this leg
    counter_id: str | None  # where that first call was made
    officer: str | None  # who made it (`user:NAME`)
    outcome: Outcome
    service_minutes: float | None  # served legs: finish - start (finish - call if never started)

    @property
    def wait_minutes(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.joined_at).total_seconds() / 60


class _Open:
    """The leg being folded."""

    def __init__(self, service_id: str, joined_at: datetime, issued_here: bool) -> None:
        self.service_id = service_id
        self.joined_at = joined_at
        self.issued_here = issued_here
        self.called_at: datetime | None = None
        self.counter_id: str | None = None
        self.officer: str | None = None
        self.last_call: datetime | None = None
        self.started_at: datetime | None = None
        self.outcome = Outcome.OPEN
        self.service_minutes: float | None = None

    def close(self, ticket: TicketFacts, outcome: Outcome | None = None) -> Leg:
        return Leg(ticket.id, self.service_id, self.joined_at, ticket.priority,
                   self.issued_here, self.called_at, self.counter_id, self.officer,
                   outcome or self.outcome, self.service_minutes)


def legs_of(ticket: TicketFacts, events: Iterable[LegEvent]) -> list[Leg]:
    """The legs of one ticket; `events` in the order they happened."""
    ordered = list(events)
    first_transfer = next((e for e in ordered if e.type == "transferred"), None)
    first_service = (first_transfer.from_service if first_transfer and first_transfer.from_service
                     else ticket.service_id)
    legs: list[Leg] = []
    leg = _Open(first_service, ticket.issued_at, True)
    for e in ordered:
        if e.type == "called":
            if leg.called_at is None:
                leg.called_at, leg.counter_id, leg.officer = e.at, e.counter_id, e.actor
            leg.last_call = e.at
            leg.outcome = Outcome.OPEN
        elif e.type == "recalled":
            # a recall after a skip is a new call (the citizen came back); a recall of a
            # called ticket only repeats the announcement
            if leg.outcome is Outcome.NO_SHOW:
                leg.last_call = e.at
                leg.outcome = Outcome.OPEN
        elif e.type == "started":
            leg.started_at = e.at
        elif e.type == "finished":
            begun = leg.started_at or leg.last_call or e.at
            leg.service_minutes = (e.at - begun).total_seconds() / 60
            leg.outcome = Outcome.SERVED
        elif e.type == "skipped":
            leg.outcome = Outcome.NO_SHOW
        elif e.type == "cancelled":
            leg.outcome = Outcome.CANCELLED
        elif e.type == "transferred":
            legs.append(leg.close(ticket, Outcome.TRANSFERRED))
            leg = _Open(e.to_service or ticket.service_id, e.at, False)
    legs.append(leg.close(ticket))
    return legs
