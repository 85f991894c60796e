"""Which waiting ticket a counter calls next. One pure function, so the rule can be
read, tested and explained to an agency head in one place.

Order, each step a tie-break of the one before:
1. tickets transferred to this very counter;
2. priority citizens: strictly first, or one after every N regular calls at this counter;
3. tickets past their service's maximum wait (aging);
4. the counter's service weights: waited time x weight, largest first;
5. oldest issue time first (then lowest id, so the choice is total).
Within one (service, priority, transferred-here) group this order is oldest-first, so the
store may hand over only the head of each group.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from .models import Counter, PriorityMode, TicketStatus


@dataclass(frozen=True, slots=True)
class CallPolicy:
    priority_mode: PriorityMode = PriorityMode.STRICT
    regular_per_priority: int = 3  # N of "one priority after every N regular" (ratio mode)
    aging: bool = True

    @property
    def counts_streaks(self) -> bool:
        """Whether the counter's recent calls matter (only the ratio mode looks at them)."""
        return self.priority_mode is PriorityMode.RATIO


def is_candidate(ticket: Waiting, counter: Counter) -> bool:
    if ticket.status is not TicketStatus.WAITING:
        return False
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    return ticket.service_id in counter.service_weights


def regular_calls_before_priority(policy: CallPolicy, regular_since_priority: int) -> int:
    """How many more regular citizens this counter calls before a waiting priority citizen
    gets their turn (0: it is their turn now)."""
    if policy.priority_mode is PriorityMode.STRICT:
        return 0
    return max(policy.regular_per_priority - regular_since_priority, 0)


def priority_turn(policy: CallPolicy, regular_since_priority: int) -> bool:
    """Whether a waiting priority citizen goes before regular ones right now."""
    return regular_calls_before_priority(policy, regular_since_priority) == 0


class Waiting(Protocol):
    """What the policy reads of a waiting ticket (a `Ticket`, or a lighter queue entry)."""

    @property
    def id(self) -> int: ...
    @property
    def service_id(self) -> str: ...
    @property
    def status(self) -> TicketStatus: ...
    @property
    def priority(self) -> bool: ...
    @property
    def issued_at(self) -> datetime: ...
    @property
    def target_counter_id(self) -> str | None: ...


W = TypeVar("W", bound=Waiting)


def call_order(
    waiting: Iterable[W],
    counter: Counter,
    *,
    policy: CallPolicy,
    max_wait_minutes: Mapping[str, int | None],
    regular_since_priority: int,
    now: datetime,
) -> Iterator[W]:
    """The tickets `counter` would call, in order, if it pressed call-next again and again
    at `now` with nobody new arriving. `choose_next` is its first step and queue positions
    (people ahead) are indexes in it, so the two can never disagree."""

    rank = _ranking(counter, policy, max_wait_minutes, now)
    lines: dict[Line, deque[W]] = {line: deque() for line in LINES}
    for ticket in sorted((t for t in waiting if is_candidate(t, counter)), key=rank):
        lines[line_of(ticket, counter)].append(ticket)
    for line, run in lines_in_call_order({k: len(v) for k, v in lines.items()}, policy=policy,
                                         regular_since_priority=regular_since_priority):
        for _ in range(run):
            yield lines[line].popleft()


# (transferred to this counter, priority citizen): a counter's waiting tickets fall in four
# lines; steps 1 and 2 of the order pick the line, steps 3 to 5 order each line
Line = tuple[bool, bool]
LINES: tuple[Line, ...] = tuple(itertools.product((True, False), repeat=2))


def line_of(ticket: Waiting, counter: Counter) -> Line:
    return line_for(ticket.target_counter_id, ticket.priority, counter)


def line_for(target_counter_id: str | None, priority: bool, counter: Counter) -> Line:
    """The line of `counter` that a ticket sent to `target_counter_id` (or to nobody) and
    of that priority waits in."""
    return (target_counter_id == counter.id, priority)


def _ranking(counter: Counter, policy: CallPolicy, max_wait_minutes: Mapping[str, int | None],
             now: datetime) -> Callable[[Waiting], tuple[bool, float, datetime, int]]:
    """Steps 3 to 5, the order within a line (steps 1 and 2 choose the line:
    lines_in_call_order)."""

    aging, weights = policy.aging, counter.service_weights  # read once: rank runs per head

    def rank(ticket: Waiting) -> tuple[bool, float, datetime, int]:
        issued_at = ticket.issued_at
        waited = (now - issued_at).total_seconds()
        if waited < 0:
            waited = 0.0
        limit = max_wait_minutes.get(ticket.service_id)
        overdue = aging and limit is not None and waited > limit * 60
        return (not overdue, -waited * weights.get(ticket.service_id, 1.0), issued_at,
                ticket.id)

    return rank


def first_line(held: Container[Line], *, policy: CallPolicy,
               regular_since_priority: int) -> Line | None:
    """Steps 1 and 2: the line the next press takes its ticket from, given which lines hold
    someone (tickets sent here before all; then priority or regular, by the mode)."""
    priority_first = priority_turn(policy, regular_since_priority)
    for here in (True, False):
        for priority in (priority_first, not priority_first):
            if (here, priority) in held:
                return (here, priority)
    return None


def lines_in_call_order(
    sizes: Mapping[Line, int], *, policy: CallPolicy, regular_since_priority: int
) -> Iterator[tuple[Line, int]]:
    """Which line successive call-next presses take their tickets from, given how many
    tickets wait in each line, as runs (line, how many in a row): only the line sizes and
    the ratio matter, not who is in them, and a run is one step however long the queue."""
    left = {line: sizes.get(line, 0) for line in LINES}
    streak = regular_since_priority
    while True:
        line = first_line([k for k, n in left.items() if n > 0], policy=policy,
                          regular_since_priority=streak)
        if line is None:
            return
        here, priority = line
        if left[(here, not priority)] == 0:
            run = left[line]  # nothing else in this group: the choice cannot change
        elif priority:
            # a priority call resets the streak: more follow only if it is their turn again
            run = left[line] if priority_turn(policy, 0) else 1
        else:
            run = min(left[line], regular_calls_before_priority(policy, streak))
        left[line] -= run
        yield line, run
        streak = 0 if priority else streak + run


def choose_next(
    waiting: Iterable[W],
    counter: Counter,
    *,
    policy: CallPolicy,
    max_wait_minutes: Mapping[str, int | None],
    regular_since_priority: int,
    now: datetime,
) -> W | None:
    """The ticket `counter` should call now, or None when nobody waits for it: the first
    of `call_order`, found without ordering the whole queue (it runs at every call and at
    every step of a forecast): the first line (which depends only on which lines hold
    someone), and within it the best rank."""
    by_line: dict[Line, list[W]] = {}
    for ticket in waiting:
        if is_candidate(ticket, counter):
            by_line.setdefault(line_of(ticket, counter), []).append(ticket)
    return choose_in_lines(by_line, counter, policy=policy, max_wait_minutes=max_wait_minutes,
                           regular_since_priority=regular_since_priority, now=now)


def choose_in_lines(
    by_line: Mapping[Line, Sequence[W]],
    counter: Counter,
    *,
    policy: CallPolicy,
    max_wait_minutes: Mapping[str, int | None],
    regular_since_priority: int,
    now: datetime,
) -> W | None:
    """`choose_next` over candidates already sorted into their lines (`line_of`), each line
    given only when it holds someone: a forecast knows every group's line once, so its
    steps skip the sorting."""
    line = first_line(by_line, policy=policy, regular_since_priority=regular_since_priority)
    if line is None:
        return None
    in_line = by_line[line]
    if len(in_line) == 1:
        return in_line[0]
    return min(in_line, key=_ranking(counter, policy, max_wait_minutes, now))


def regular_streak(recent_call_priorities: Iterable[bool]) -> int:
    """Regular calls since the last priority call, given this counter's calls newest first."""
    streak = 0
    for was_priority in recent_call_priorities:
        if was_priority:
            break
        streak += 1
    return streak
