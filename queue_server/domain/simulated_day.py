"""A realistic MPP day as a plan: when citizens arrive (a curve that peaks mid-morning),
which service each wants, who is a priority citizen, who will not show up, cancel or be
transferred, how long each service takes and when each counter takes its break.

Pure: everything comes from the `random.Random` handed in, so one seed is one day. Times are
minutes since the site's local midnight; the driver (services/simulation.py) turns them into
moments and runs the plan through the real use cases."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from .models import PriorityKind
from .opening import Span

NO_SHOW_SHARE = 0.05
CANCEL_SHARE = 0.02
TRANSFER_SHARE = 0.02
PRIORITY_SHARE = 0.10
# among priority citizens: mostly the elderly, then pregnant women, then the disabled
PRIORITY_KINDS = ((PriorityKind.LANSIA, 0.6), (PriorityKind.IBU_HAMIL, 0.25),
                  (PriorityKind.DISABILITAS, 0.15))
SERVICE_SIGMA = 0.45  # spread of the log-normal service time (a few long cases per day)
PEAK_MINUTE = 9 * 60 + 45  # the crowd of a public-service hall comes mid-morning
LUNCH_FROM, LUNCH_TO = 11 * 60 + 30, 13 * 60  # staggered lunch breaks start in this window
LUNCH_MINUTES = 30


class Fate(StrEnum):
    SERVE = "serve"
    NO_SHOW = "no_show"  # called, recalled, never comes: skipped and forfeit
    CANCEL = "cancel"  # gives up waiting (or is turned away when called)
    TRANSFER = "transfer"  # sent on to another service during service


@dataclass(frozen=True, slots=True)
class Arrival:
    minute: float  # minutes since local midnight
    service_id: str
    priority_kind: PriorityKind | None
    fate: Fate
    patience: float  # minutes a CANCEL citizen waits before giving up


@dataclass(frozen=True, slots=True)
class Break:
    counter_id: str
    start: float
    end: float
    reason: str


def minute_of(moment: time) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60


def arrival_weight(minute: float) -> float:
    """Relative arrival rate at a minute of the day: a mid-morning peak, a smaller bump
    after lunch and a trickle otherwise (shape of the MPP's own counts)."""
    morning = math.exp(-((minute - PEAK_MINUTE) / 70) ** 2 / 2)
    afternoon = 0.35 * math.exp(-((minute - 13 * 60 - 30) / 45) ** 2 / 2)
    return morning + afternoon + 0.08


def is_open(spans: Sequence[Span], minute: float) -> bool:
    return any(minute_of(a) <= minute < minute_of(b) for a, b in spans)


def plan_arrivals(rng: random.Random, count: int, services: Mapping[str, float],
                  spans: Mapping[str, Sequence[Span]]) -> list[Arrival]:
    """`count` arrivals, sorted by time. `services`: service id -> how popular it is;
    `spans`: service id -> its open spans that day. A citizen only comes for a service
    while it is open, so a closed hour (the Friday prayer break) has no arrivals."""
    ids = [s for s in services if spans.get(s)]
    minutes = [m for m in range(24 * 60) if any(is_open(spans[s], m + 0.5) for s in ids)]
    if not minutes or count <= 0:
        return []
    weights = [arrival_weight(m + 0.5) for m in minutes]
    arrivals = []
    for minute in sorted(rng.choices(minutes, weights, k=count)):
        at = minute + rng.random()
        open_now = [s for s in ids if is_open(spans[s], at)]
        if not open_now:  # the fraction of a minute fell past a service's closing time
            at, open_now = minute + 0.0, [s for s in ids if is_open(spans[s], minute)]
        service = rng.choices(open_now, [services[s] for s in open_now])[0]
        arrivals.append(Arrival(at, service, _priority(rng), _fate(rng),
                                patience=rng.uniform(15, 60)))
    return arrivals


def _priority(rng: random.Random) -> PriorityKind | None:
    if rng.random() >= PRIORITY_SHARE:
        return None
    kinds, weights = zip(*PRIORITY_KINDS, strict=True)
    return rng.choices(kinds, weights)[0]


def _fate(rng: random.Random) -> Fate:
    draw = rng.random()
    for fate, share in ((Fate.NO_SHOW, NO_SHOW_SHARE), (Fate.CANCEL, CANCEL_SHARE),
                        (Fate.TRANSFER, TRANSFER_SHARE)):
        if draw < share:
            return fate
        draw -= share
    return Fate.SERVE


def service_minutes(rng: random.Random, average: float) -> float:
    """A log-normal draw whose mean is the service's average (never under half a minute)."""
    mu = math.log(max(average, 0.5)) - SERVICE_SIGMA ** 2 / 2
    return max(0.5, rng.lognormvariate(mu, SERVICE_SIGMA))


def walk_minutes(rng: random.Random) -> float:
    """From hearing the number to sitting at the counter."""
    return rng.uniform(0.3, 1.5)


def plan_breaks(rng: random.Random, counter_ids: Sequence[str],
                day_spans: Sequence[Span]) -> list[Break]:
    """One break per counter: on a day whose hours have a gap (Friday's prayer) every
    counter pauses for the gap; otherwise lunch, staggered so the hall never stops."""
    if len(day_spans) > 1:
        start, end = minute_of(day_spans[0][1]), minute_of(day_spans[1][0])
        return [Break(c, start, end, "Salat Jumat") for c in counter_ids]
    breaks = []
    for i, counter in enumerate(counter_ids):
        slot = LUNCH_FROM + (i % 3) * LUNCH_MINUTES + rng.uniform(0, 10)
        breaks.append(Break(counter, min(slot, LUNCH_TO + LUNCH_MINUTES),
                            min(slot, LUNCH_TO + LUNCH_MINUTES) + LUNCH_MINUTES
                            + rng.uniform(0, 10), "Istirahat makan siang"))
    return breaks
