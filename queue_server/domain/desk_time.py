"""How long one call keeps a counter's desk, per service, learned from the hall's recent
days: from the call to the ticket leaving the desk (finished, sent on to another service,
skipped as a no-show, turned away). That is what the queue behind pays for each call: the
walk up, the service, the recall wait of a citizen who never comes, all in their real
shares, where the configured minutes are the service alone.

Two uses: the minutes a call of each service takes (the mean, which the queue pays), and
how much longer the call at a desk now will last given how long it has already taken: a
call that has run past the mean is not about to end (a few long cases), so the forecast
does not free its desk the very next moment.

Pure: the caller reads the desk minutes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .eta import SEED_WEIGHT

# fewer calls of a service than this in the recent days: its configured minutes
MIN_CALLS = 20
# no two officers, nor one officer's morning and afternoon, run at exactly the same pace:
# the spread of a desk's true pace around the hall's is taken as this share at the least,
# which bounds how many calls the recent days' minutes are worth against a desk's own
MIN_PACE_SPREAD = 0.05


@dataclass(frozen=True, slots=True)
class DeskTimes:
    """Sorted desk minutes of the recent calls of each service (those with MIN_CALLS), and
    how many of a desk's own recent calls they are worth (`prior_calls`)."""

    samples: Mapping[str, tuple[float, ...]]
    prior_calls: float = SEED_WEIGHT

    @classmethod
    def learn(cls, calls: Iterable[tuple[Hashable, str, float]]) -> DeskTimes:
        """`calls`: (desk and stretch of time, service, desk minutes) of each call of the
        recent days; the stretch is the span a live pace is read over."""
        per: dict[str, list[float]] = {}
        kept = [(g, s, m) for g, s, m in calls if m >= 0]
        for _, service_id, minutes in kept:
            per.setdefault(service_id, []).append(minutes)
        samples = {s: tuple(sorted(xs)) for s, xs in per.items() if len(xs) >= MIN_CALLS}
        means = {s: sum(xs) / len(xs) for s, xs in samples.items()}
        groups: dict[Hashable, list[float]] = {}
        for group, service_id, minutes in kept:
            if means.get(service_id):
                groups.setdefault(group, []).append(minutes / means[service_id])
        return cls(samples, prior_calls(list(groups.values())))

    def mean(self, service_id: str, configured: float) -> float:
        """The minutes a call of the service keeps a desk: the recent days' mean, else the
        configured time."""
        xs = self.samples.get(service_id)
        return sum(xs) / len(xs) if xs else configured

    def remaining(self, service_id: str, elapsed: float, configured: float,
                  scale: float = 1.0) -> float:
        """Expected minutes left of a call of the service that has kept the desk `elapsed`
        minutes, at a counter `scale` times as slow as the recent days: the mean excess over
        `elapsed` of the recent calls that lasted longer (the calls of a day are skewed, so
        a long one tends to go on). Without recent calls, the configured time less the
        elapsed; none left when no recent call lasted that long."""
        xs = self.samples.get(service_id)
        if not xs:
            return max(configured * scale - elapsed, 0.0)
        scale = max(scale, 0.1)
        longer = xs[bisect_right(xs, elapsed / scale):]
        if not longer:
            return 0.0
        return max(scale * sum(longer) / len(longer) - elapsed, 0.0)


def prior_calls(groups: list[list[float]]) -> float:
    """How many of a desk's own calls the recent days' minutes are worth, by the hall's own
    spread (empirical Bayes): each call's minutes over its service's mean vary by `within`
    from call to call; the means of a desk's stretches vary by `between`, of which
    within / n is chance, the rest the desks' true differences in pace (at least
    MIN_PACE_SPREAD). A live mean of n calls weighs n / within against the prior's
    1 / true spread: the prior is worth within / true spread calls. Too few stretches
    with two calls or more: SEED_WEIGHT."""
    pairs = [g for g in groups if len(g) >= 2]
    if len(pairs) < 10:
        return float(SEED_WEIGHT)
    within = sum(map(_variance, pairs)) / len(pairs)
    between = _variance([sum(g) / len(g) for g in pairs])
    chance = sum(within / len(g) for g in pairs) / len(pairs)
    true_spread = max(between - chance, MIN_PACE_SPREAD ** 2)
    return max(within / true_spread, float(SEED_WEIGHT))


def _variance(xs: list[float]) -> float:
    """The sample variance in plain floats (statistics.variance is exact, and slow)."""
    mean = sum(xs) / len(xs)
    return sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)
