"""How far the estimate given at issue was from the wait the citizen then had."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WITHIN_MINUTES = 5


@dataclass(frozen=True, slots=True)
class Given:
    """One called ticket: its service, the minutes it was told, the minutes it waited."""

    service_id: str
    given_minutes: int
    waited_minutes: float


@dataclass(frozen=True, slots=True)
class ServiceAccuracy:
    service_id: str
    tickets: int
    mae_minutes: float | None


@dataclass(frozen=True, slots=True)
class Accuracy:
    tickets: int
    mae_minutes: float | None
    p90_abs_error_minutes: float | None
    within_5_minutes_pct: float | None
    by_service: tuple[ServiceAccuracy, ...]


def abs_errors(rows: Iterable[Given]) -> list[float]:
    return [abs(r.given_minutes - r.waited_minutes) for r in rows]


def mean_abs_error(errors: Sequence[float]) -> float | None:
    return round(sum(errors) / len(errors), 2) if errors else None


def nearest_rank(values: Sequence[float], pct: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least pct % at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return round(ordered[rank - 1], 2)


def within_pct(errors: Sequence[float], minutes: float = WITHIN_MINUTES) -> float | None:
    if not errors:
        return None
    return round(100 * sum(1 for e in errors if e <= minutes) / len(errors), 1)


def accuracy(rows: Iterable[Given]) -> Accuracy:
    rows = list(rows)
    errors = abs_errors(rows)
    services: dict[str, list[Given]] = {}
    for r in rows:
        services.setdefault(r.service_id, []).append(r)
    return Accuracy(
        tickets=len(rows),
        mae_minutes=mean_abs_error(errors),
        p90_abs_error_minutes=nearest_rank(errors, 90),
        within_5_minutes_pct=within_pct(errors),
        by_service=tuple(ServiceAccuracy(sid, len(group), mean_abs_error(abs_errors(group)))
                         for sid, group in sorted(services.items())),
    )
