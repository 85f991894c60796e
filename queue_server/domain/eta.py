"""The wait a citizen is told: people ahead ÷ the live call rate of the counters open for
their service. Pure: the caller reads the calls and counters, this module does the sums.

Why calls and not service times: the wait that matters ends at the citizen's call, and a
counter's pace from call to call holds everything that delays it (service, walking up, a
no-show's wait, typing), not only the minutes between start and finish."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

# the recent window a counter's pace is read from
WINDOW_MINUTES = 45
# seed-sized pseudo intervals pooled with the real ones, so the first estimates of a day
# follow the configured time and one or two quick calls do not swing them
SEED_WEIGHT = 3


def call_intervals(call_times: Sequence[datetime]) -> list[float]:
    """Minutes between one counter's consecutive calls, in time order."""
    return [(b - a).total_seconds() / 60 for a, b in pairwise(sorted(call_times))]


def minutes_per_call(intervals: Sequence[float], seed_minutes: float) -> float:
    """One counter's typical minutes per citizen: the median of its recent call intervals
    pooled with SEED_WEIGHT seed ones. The median ignores the odd long gap (a break, an
    empty queue) that would drag a mean."""
    pooled = [*intervals, *([seed_minutes] * SEED_WEIGHT)]
    return max(statistics.median(pooled), 0.1)


def calls_per_minute(paces: Sequence[float]) -> float:
    """The combined rate of the counters serving a queue, each at its own pace (minutes
    per call). Paused and closed counters are not passed in: they call nobody."""
    return sum(1 / pace for pace in paces if pace > 0)


def estimate_wait_minutes(people_ahead: int, rate_per_minute: float) -> int | None:
    """Whole minutes to the citizen's call, rounded up; None when no counter is open to
    serve it. Each person ahead takes one call of the counters' combined rate."""
    if people_ahead <= 0:
        return 0
    if rate_per_minute <= 0:
        return None
    # a hair under a whole minute is that minute: float noise must not add one
    return math.ceil(round(people_ahead / rate_per_minute, 6))
