"""The wait a citizen is told: (people ahead + ½) ÷ the live call rate of the counters open
for their service, less the calls priority citizens take from a regular one. Pure: the
caller reads the calls and counters, this module does the sums.

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
# follow the configured time and one or two quick calls do not swing them
SEED_WEIGHT = 3
# an interval this many times the typical one is a break or an empty queue, not a citizen
GAP_FACTOR = 3


def call_intervals(call_times: Sequence[datetime]) -> list[float]:
    """Minutes between one counter's consecutive calls, in time order."""
    return [(b - a).total_seconds() / 60 for a, b in pairwise(sorted(call_times))]


def minutes_per_call(intervals: Sequence[float], seed_minutes: float) -> float:
    """One counter's mean minutes per citizen over its recent call intervals pooled with
    SEED_WEIGHT seed ones, leaving out the gaps over GAP_FACTOR x their median (a break, an
    empty queue): those say nothing about the pace of a queue that has people in it. A mean,
    not the median: service times are skewed, and the queue pays their mean."""
    pooled = [*intervals, *([seed_minutes] * SEED_WEIGHT)]
    typical = statistics.median(pooled)
    kept = [x for x in pooled if x <= GAP_FACTOR * typical]
    return max(sum(kept) / len(kept), 0.1)


def calls_per_minute(paces: Sequence[float]) -> float:
    """The combined rate of the counters serving a queue, each at its own pace (minutes
    per call). Paused and closed counters are not passed in: they call nobody."""
    return sum(1 / pace for pace in paces if pace > 0)


def priority_share(priority_calls: int, calls: int) -> float:
    """The share of recent calls that went to priority citizens: a regular citizen waits
    for the priority ones who arrive after them too. Shrunk towards none while few calls
    were seen."""
    return priority_calls / (calls + SEED_WEIGHT)


def estimate_wait_minutes(people_ahead: int, rate_per_minute: float, *,
                          priority: bool = False, priority_share: float = 0.0
                          ) -> int | None:
    """Whole minutes to the citizen's call, rounded up; None when no counter is open.

    With n people ahead the citizen is the (n+1)-th call, and the counters' next call comes
    on average half an interval from now: (n + 1/2) calls. A regular citizen gets only the
    calls that do not go to priority citizens, so their rate is the counters' rate times
    (1 - the priority share)."""
    if people_ahead <= 0:
        return 0
    rate = rate_per_minute if priority else rate_per_minute * (1 - min(priority_share, 0.9))
    if rate <= 0:
        return None
    # a hair under a whole minute is that minute: float noise must not add one
    return math.ceil(round((people_ahead + 0.5) / rate, 6))


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
