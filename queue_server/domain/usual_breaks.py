"""The break a counter usually takes (lunch, in turns), learned from its recent days, so the
estimate at 11:00 already counts the officer who will leave at 12:00.

Pure: times are minutes since the site's local midnight; the caller reads the pauses."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# a pause shorter than this is a phone call or an errand, not the day's break
MIN_BREAK_MINUTES = 10
# the break is usual when it was taken on at least this share of the recent open days
USUAL_SHARE = 0.5

Pause = tuple[float, float]  # (local minute paused, minutes away)


@dataclass(frozen=True, slots=True)
class UsualBreak:
    start: float  # local minute
    minutes: float

    @property
    def end(self) -> float:
        return self.start + self.minutes


def usual_break(days: Sequence[Sequence[Pause]], open_days: int,
                hall_breaks: Sequence[tuple[float, float]] = ()) -> UsualBreak | None:
    """From a counter's pauses on each of its recent days, its usual break: the longest pause
    of each day that lasted MIN_BREAK_MINUTES or more; when the counter took one on at least
    USUAL_SHARE of the `open_days`, the median start and the median length. A pause mostly
    inside the hall's own break (`hall_breaks`, the gaps of the opening hours: Friday's
    prayer) is the schedule, which the estimate already waits out, not the officer's."""
    longest = [max(breaks, key=lambda p: p[1]) for breaks in (
        [p for p in day if p[1] >= MIN_BREAK_MINUTES and not _scheduled(p, hall_breaks)]
        for day in days) if breaks]
    if not longest or open_days <= 0 or len(longest) < USUAL_SHARE * open_days:
        return None
    return UsualBreak(statistics.median(p[0] for p in longest),
                      statistics.median(p[1] for p in longest))


def _scheduled(pause: Pause, hall_breaks: Sequence[tuple[float, float]]) -> bool:
    start, end = pause[0], pause[0] + pause[1]
    inside = sum(max(0.0, min(end, b) - max(start, a)) for a, b in hall_breaks)
    return inside * 2 > pause[1]


def break_ahead(usual: UsualBreak | None, today: Sequence[Pause], now: float
                ) -> tuple[float, float] | None:
    """The break still to come today as (start, end), local minutes: none when there is no
    usual one, when today's already happened (a pause of MIN_BREAK_MINUTES or more), or when
    its usual time has passed without it; one due now starts now."""
    if usual is None or any(minutes >= MIN_BREAK_MINUTES for _, minutes in today):
        return None
    if now >= usual.end:
        return None
    start = max(usual.start, now)
    return start, start + usual.minutes


def back_from_pause(paused_at: float, usual: UsualBreak | None, default_minutes: float
                    ) -> float:
    """When a counter paused now is expected back (local minute): its usual break's length
    after it paused, else the default."""
    return paused_at + (usual.minutes if usual else default_minutes)
