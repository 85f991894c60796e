"""Where a waiting citizen stands: "people ahead" on the ticket, the phone, the kiosk and
the console, read from the very order call-next follows (`call_policy.call_order`).

With one counter the meaning is exact: the counter, pressing call-next again and again,
calls `people_ahead` others before this citizen (at the moment of asking, nobody new
arriving). With several counters that can call the citizen it is the position at the
counter that reaches them soonest: the smallest of those counts, taken over the open
counters (over the paused ones when none is open). When those counters serve the same
services with the same weights in strict mode, any interleaving of their calls calls exactly
`people_ahead` others first; otherwise it is an estimate (in ratio mode each counter keeps
its own streak). A service no counter serves is ordered as if one counter served it alone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .call_policy import CallPolicy, Waiting, call_order, is_candidate, lines_in_call_order
from .models import Counter, CounterStatus, TicketStatus


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """A waiting ticket as the call policy sees it: all a position needs, nothing more."""

    id: int
    service_id: str
    priority: bool
    issued_at: datetime
    target_counter_id: str | None = None
    status: TicketStatus = TicketStatus.WAITING


# ids of real tickets are SQLite rowids; a walk-in sorts after all of them at equal times
_WALK_IN_ID = sys.maxsize


def walk_in(service_id: str, now: datetime, *, priority: bool = False) -> QueueEntry:
    """The ticket a citizen would get by tapping the service now (the kiosk's estimate)."""
    return QueueEntry(_WALK_IN_ID, service_id, priority, now)


@dataclass(frozen=True, slots=True)
class CounterTurn:
    """A counter with what the policy needs of its recent calls."""

    counter: Counter
    regular_since_priority: int = 0


def counters_for(ticket: Waiting, turns: Sequence[CounterTurn]) -> list[CounterTurn]:
    """The counters whose order decides a ticket's position (see the module's docstring)."""
    able = [t for t in turns if is_candidate(ticket, t.counter)]
    open_ = [t for t in able if t.counter.status is CounterStatus.OPEN]
    if open_ or able:
        return open_ or able
    alone = Counter(ticket.target_counter_id or "", "", 0, "", {ticket.service_id: 1.0})
    return [CounterTurn(alone)]


@dataclass(frozen=True, slots=True)
class LinesAhead:
    """At one counter, how many tickets wait in each line, for placing a newcomer.

    A newcomer has waited nothing, so in its own line every ticket issued before it ranks
    ahead of it and none issued after (steps 3 to 5 of the call order all favour the longer
    wait); the other lines only matter by their size. Counts are therefore enough, and
    issuing a ticket never reads the whole queue."""

    turn: CounterTurn
    # sent to this counter: all go first, and their priority moves the ratio's streak
    transferred_priority: int
    transferred_regular: int
    # not sent to a counter; in the newcomer's own line only those issued before it
    priority: int
    regular: int


def newcomer_people_ahead(lines: Sequence[LinesAhead], *, priority: bool,
                          policy: CallPolicy) -> int:
    """People ahead of a ticket issued just now (not sent to a counter), at the counters
    that decide (`counters_for`), from the same line order `call_order` follows."""
    best: int | None = None
    own = (False, priority)
    for at in lines:
        sizes = {(True, True): at.transferred_priority, (True, False): at.transferred_regular,
                 (False, True): at.priority, (False, False): at.regular}
        sizes[own] += 1  # the newcomer, last of the tickets that rank ahead of it
        calls = 0
        for line, run in lines_in_call_order(
                sizes, policy=policy, regular_since_priority=at.turn.regular_since_priority):
            if line == own and run >= sizes[own]:
                position = calls + sizes[own] - 1
                best = position if best is None else min(best, position)
                break
            if line == own:
                sizes[own] -= run
            calls += run
    return best or 0


class QueuePositions:
    """People ahead of any waiting ticket of one moment of the hall.

    `waiting` must hold every waiting ticket the given counters could call; each counter's
    order is computed once and shared by every ticket asked about."""

    def __init__(
        self,
        waiting: Iterable[Waiting],
        counters: Sequence[CounterTurn],
        *,
        policy: CallPolicy,
        max_wait_minutes: Mapping[str, int | None],
        now: datetime,
    ) -> None:
        self._waiting = list(waiting)
        self._counters = list(counters)
        self._policy = policy
        self._max_wait = max_wait_minutes
        self._now = now
        self._orders: dict[tuple[str, frozenset[tuple[str, float]]], dict[int, int]] = {}

    def people_ahead(self, ticket: Waiting) -> int:
        """How many others call-next calls first; 0 for a ticket that no longer waits (or
        that is not among today's waiting tickets)."""
        if ticket.status is not TicketStatus.WAITING:
            return 0
        turns = counters_for(ticket, self._counters)
        return min(self._order(turn).get(ticket.id, 0) for turn in turns)

    def order_at(self, counter_id: str) -> list[int]:
        """Ticket ids in the order this counter would call them (the console's list)."""
        turn = next((t for t in self._counters if t.counter.id == counter_id), None)
        if turn is None:
            return []
        order = self._order(turn)
        return sorted(order, key=order.__getitem__)

    def _order(self, turn: CounterTurn) -> dict[int, int]:
        key = (turn.counter.id, frozenset(turn.counter.service_weights.items()))
        if key not in self._orders:
            self._orders[key] = {t.id: i for i, t in enumerate(self._call_order(
                turn, self._waiting))}
        return self._orders[key]

    def _call_order(self, turn: CounterTurn, waiting: Iterable[Waiting]):
        return call_order(waiting, turn.counter, policy=self._policy,
                          max_wait_minutes=self._max_wait,
                          regular_since_priority=turn.regular_since_priority, now=self._now)
