"""The parts of the wait a citizen is told that are sums: each counter's live pace from its
recent calls, the priority share that stretches a regular citizen's wait, whole minutes,
and the hall's own break (Friday's prayer) waited out. The counters are played forward
with the call policy in domain.eta_forecast; the caller reads the calls.

Why calls and not service times: the wait that matters ends at the citizen's call, and a
counter's pace from call to call holds everything that delays it (service, walking up, a
no-show's wait, typing), not only the minutes between start and finish."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import datetime, time
from itertools import pairwise

# the recent window a counter's pace is read from
WINDOW_MINUTES = 45
# seed-sized pseudo intervals pooled with the real ones, so the first estimates of a day
# follow the seed and one or two quick calls do not swing them; a hall with recent days
# weighs the seed by their own spread instead (domain.desk_time.prior_calls)
SEED_WEIGHT = 3
# an interval this many times the typical one is a break or an empty queue, not a citizen
GAP_FACTOR = 3


def call_intervals(call_times: Sequence[datetime]) -> list[float]:
    """Minutes between one counter's consecutive calls, in time order."""
    return [(b - a).total_seconds() / 60 for a, b in pairwise(sorted(call_times))]


def minutes_per_call(intervals: Sequence[float], seed_minutes: float,
                     seed_weight: float = SEED_WEIGHT) -> float:
    """One counter's mean minutes per citizen over its recent call intervals pooled with
    `seed_weight` seed ones, leaving out the gaps over GAP_FACTOR x the typical one (a
    break, an empty queue): those say nothing about the pace of a queue that has people in
    it. A mean, not the median: service times are skewed, and the queue pays their mean."""
    typical = statistics.median([*intervals, *([seed_minutes] * math.ceil(seed_weight))])
    kept = [x for x in intervals if x <= GAP_FACTOR * typical]
    return max((sum(kept) + seed_weight * seed_minutes) / (len(kept) + seed_weight), 0.1)


def priority_share(priority_calls: int, calls: int) -> float:
    """The share of recent calls that went to priority citizens: a regular citizen waits
    for the priority ones who arrive after them too. Shrunk towards none while few calls
    were seen."""
    return priority_calls / (calls + SEED_WEIGHT)


def regular_wait(minutes: float, share: float) -> float:
    """A regular citizen's wait to their forecast call, stretched by the priority citizens
    who will arrive meanwhile and go first: the counters give regular citizens only the
    share of their calls that does not go to priority ones."""
    return minutes / (1 - min(max(share, 0.0), 0.9))


def whole_minutes(minutes: float) -> int:
    """The minutes told: rounded up, never negative; a hair over a whole minute (float
    noise) is that minute."""
    return max(math.ceil(round(minutes, 6)), 0)


def across_breaks(now: time, minutes: int | None,
                  spans: Sequence[tuple[time, time]]) -> int | None:
    """An estimate stretched over the hall's own break of the day (Friday's prayer): the
    counters stop at the end of a span and start again at the next one, so calls that do
    not fit before the break happen after it. Past the last span the hall keeps serving
    who is still waiting (overtime), so the estimate is not cut at closing time."""
    if not minutes:
        return minutes
    at, left = _minute(now), float(minutes)
    for start, end in spans:
        begin, stop = _minute(start), _minute(end)
        if stop <= at:
            continue
        at = max(at, begin)
        if at + left <= stop:
            break
        left -= stop - at
        at = stop
    return math.ceil(round(at + left - _minute(now), 6))


def _minute(moment: time) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60
