"""The wait a citizen is told, by playing the counters forward with the call policy itself.

Dividing people ahead by a rate assumes one shared line served in one order. A hall is
not that: counters serve different mixes of services at their own pace, an overdue ticket
jumps ahead (aging), weights favour one service as its citizens wait, and in ratio mode
each counter keeps its own streak. So the counters are replayed from now, nobody new
arriving: the counter that frees earliest calls what `call_policy.choose_next` would make
it call at that simulated moment, and is busy for its pace; one due for its usual break
(domain.usual_breaks) takes it after the citizen at its desk. A ticket's estimate is its
simulated call time less now. Pure: the caller reads the queue and the counters."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .call_policy import CallPolicy, Line, Waiting, choose_in_lines, line_for
from .models import Counter
from .queue_positions import CounterTurn
from .usual_breaks import MIN_BREAK_MINUTES

SHORTEST_BREAK = timedelta(minutes=MIN_BREAK_MINUTES)
# calls played at most: past them (hours of queue) the counters' combined rate carries the
# estimate on, so a huge queue costs a bounded play
MAX_CALLS = 100
# the tickets of a line a play is given at a time (forecast_calls' `read_more`): most plays
# end within the first few of each line, or draw on several lines
SHORT_READ = 25

# a (service, priority, sent-to) group of the queue: called oldest first within it
Group = tuple[str, bool, str | None]
# the next tickets of a group after its last one read, and whether still more may wait
ReadMore = Callable[[Waiting], tuple[Sequence[Waiting], bool]]


def queue_order(ticket: Waiting) -> tuple[datetime, int]:
    """The order within a group: oldest first, then lowest id."""
    return (ticket.issued_at, ticket.id)


@dataclass(frozen=True, slots=True)
class Desk:
    """A counter as the forecast plays it: when it can next call, its minutes per call
    (its live pace) and, per service, the minutes a call of that service takes there (the
    service's configured time scaled by how the counter's live pace compares with its
    mix's configured one)."""

    turn: CounterTurn
    free_at: datetime
    pace_minutes: float
    service_minutes: Mapping[str, float] = field(default_factory=dict)
    # the break it is expected to take later today (domain.usual_breaks): from the first
    # moment it is free at or after `break_at` it calls nobody until `back_at`
    break_at: datetime | None = None
    back_at: datetime | None = None

    def minutes_for(self, service_id: str) -> float:
        return self.service_minutes.get(service_id, self.pace_minutes)


@dataclass(frozen=True, slots=True)
class Forecast:
    """The play's calls of the wanted tickets; when it stopped at MAX_CALLS, where and how
    fast the counters were going."""

    calls: dict[int, datetime]
    cut_at: datetime | None = None  # the last call played, when the play was cut
    calls_made: int = 0
    calls_per_minute: float = 0.0

    def call_of(self, ticket_id: int, people_ahead: int) -> datetime | None:
        """A wanted ticket's call: played, or past a cut play at the counters' combined
        rate for the people still ahead of it; None when no counter can call it."""
        if ticket_id in self.calls:
            return self.calls[ticket_id]
        if self.cut_at is None or self.calls_per_minute <= 0:
            return None
        still_ahead = max(people_ahead + 1 - self.calls_made, 1)
        return self.cut_at + timedelta(minutes=still_ahead / self.calls_per_minute)


def _serves(key: Group, counter) -> bool:
    """Whether a counter may call from a (service, priority, sent-to) line (is_candidate
    for the line rather than one ticket)."""
    service_id, _, target = key
    return target == counter.id if target is not None else service_id in counter.service_weights


def forecast_calls(waiting: Iterable[Waiting], desks: Sequence[Desk], wanted: Iterable[int],
                   *, policy: CallPolicy, max_wait_minutes: Mapping[str, int | None],
                   now: datetime, max_calls: int = MAX_CALLS,
                   arrivals: Sequence[Waiting] = (), read_to: Collection[int] = (),
                   read_more: ReadMore | None = None) -> Forecast:
    """The simulated call time of each wanted ticket id; a ticket no desk reaches (all
    its counters paused or closed) is left out. Stops once every wanted ticket is called,
    or after `max_calls` calls (Forecast.call_of carries the rest on). `arrivals`: citizens
    expected later (domain.arrival_profile), oldest first, who join their line when the play
    reaches their moment and may go ahead of a wanted ticket.

    `read_to`, `read_more`: when only the oldest tickets of some lines were read, the last
    one read of each; once the play calls one, `read_more` gives the next tickets of its
    line (and whether the new last one is such an end again), so a queue is read only as
    far as the play goes.

    Within one (service, priority, sent-to) group the call order is oldest first, so only
    the heads of the groups are offered to the call policy (`choose_in_lines`, the
    `choose_next` of candidates already in their lines): a step costs the number of groups,
    not the length of the queue."""
    left = set(wanted)
    groups: dict[Group, deque[Waiting]] = {}
    ends = set(read_to)
    for ticket in sorted(waiting, key=queue_order):
        groups.setdefault((ticket.service_id, ticket.priority, ticket.target_counter_id),
                          deque()).append(ticket)
    coming = deque(arrivals)
    for ticket in coming:
        groups.setdefault((ticket.service_id, ticket.priority, None), deque())
    # the groups each desk may call from, and the call policy's line each falls in there,
    # never change during the play (is_candidate and line_of read only the service, the
    # priority and the counter a ticket was sent to): found once, not every step
    lines = [_desk_lines(groups, d.turn.counter) for d in desks]
    streaks = [d.turn.regular_since_priority for d in desks]
    steps: list[dict[str, timedelta]] = [{} for _ in desks]
    break_due = [d.break_at is not None and d.back_at is not None for d in desks]
    ready = [(d.free_at, i) for i, d in enumerate(desks)]
    heapq.heapify(ready)
    out: dict[int, datetime] = {}
    made, last_call = 0, now
    while left and ready:
        if made >= max_calls:
            return Forecast(out, last_call, made, sum(1 / d.pace_minutes for d in desks
                                                      if d.pace_minutes > 0))
        at, i = heapq.heappop(ready)
        while coming and coming[0].issued_at <= at:
            ticket = coming.popleft()
            groups[(ticket.service_id, ticket.priority, None)].append(ticket)
        desk = desks[i]
        if break_due[i] and desk.break_at is not None and desk.back_at is not None \
                and desk.break_at <= at:
            # the officer finishes the citizen at the desk, then leaves until the break's
            # usual end (a late start still makes a break)
            break_due[i] = False
            heapq.heappush(ready, (max(desk.back_at, at + SHORTEST_BREAK), i))
            continue
        heads: dict[Line, list[Waiting]] = {}
        for line, line_groups in lines[i]:
            held = [g[0] for g in line_groups if g]
            if held:
                heads[line] = held
        chosen = choose_in_lines(heads, desk.turn.counter, policy=policy,
                                 max_wait_minutes=max_wait_minutes,
                                 regular_since_priority=streaks[i], now=at)
        if chosen is None:
            if coming:  # idle until the next citizen expected
                heapq.heappush(ready, (max(at, coming[0].issued_at), i))
            continue
        group = groups[(chosen.service_id, chosen.priority, chosen.target_counter_id)]
        group.popleft()
        if chosen.id in ends and read_more is not None:
            _read_on(group, chosen, read_more, ends)
        if chosen.id in left:
            left.discard(chosen.id)
            out[chosen.id] = at
        made, last_call = made + 1, at
        streaks[i] = 0 if chosen.priority else streaks[i] + 1
        step = steps[i].get(chosen.service_id)
        if step is None:  # each desk's time per service, worked out once per play
            step = steps[i][chosen.service_id] = timedelta(
                minutes=desks[i].minutes_for(chosen.service_id))
        heapq.heappush(ready, (at + step, i))
    return Forecast(out)


def _desk_lines(groups: Mapping[Group, deque[Waiting]],
                counter: Counter) -> list[tuple[Line, list[deque[Waiting]]]]:
    """The groups a counter may call from, by the call policy's line they fall in there."""
    by_line: dict[Line, list[deque[Waiting]]] = {}
    for key, group in groups.items():
        if _serves(key, counter):
            _, priority, target = key
            by_line.setdefault(line_for(target, priority, counter), []).append(group)
    return list(by_line.items())


def _read_on(group: deque[Waiting], last: Waiting, read_more: ReadMore,
             ends: set[int]) -> None:
    """The line's next tickets after `last`, in their place: before what the group held
    that was not read (a ticket asked about, citizens expected later), which is newer."""
    more, maybe_more = read_more(last)
    if not more:
        return
    merged = {t.id: t for t in group}
    merged.update((t.id, t) for t in more)
    group.clear()
    group.extend(sorted(merged.values(), key=queue_order))
    if maybe_more:
        ends.add(max(more, key=queue_order).id)
