"""First estimate of the wait: people ahead x recent mean service time / open counters."""

from __future__ import annotations

import math
from collections.abc import Sequence

# How many seed-sized samples the configured average weighs against real ones; it keeps the
# first estimates of a day from jumping with the first one or two citizens.
SEED_WEIGHT = 3


def mean_service_minutes(recent_minutes: Sequence[float], seed_minutes: float) -> float:
    """Recent service times shrunk towards the configured seed average."""
    total = seed_minutes * SEED_WEIGHT + sum(recent_minutes)
    return total / (SEED_WEIGHT + len(recent_minutes))


def estimate_wait_minutes(
    people_ahead: int, mean_minutes: float, open_counters: int
) -> int | None:
    """Whole minutes, rounded up; None when no counter is open to serve the queue."""
    if people_ahead <= 0:
        return 0
    if open_counters <= 0:
        return None
    return math.ceil(people_ahead * mean_minutes / open_counters)
