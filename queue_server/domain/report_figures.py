"""Every figure of a report row, from legs (domain/report_legs.py): counts, mean and
nearest-rank percentiles of waits and service times, the share called within the
service's maximum wait, and the priority group. One place computes them; the JSON, CSV,
XLSX and the pages only show them (docs/reports.md defines each)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .report_legs import Leg, Outcome


def nearest_rank(sorted_values: Sequence[float], percent: int) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `percent` % of the
    values at or below it (rank = ceil(percent/100 × n)). None for no values."""
    n = len(sorted_values)
    if n == 0:
        return None
    if not 0 < percent <= 100:
        raise ValueError("percent must be in 1..100")
    rank = -(-percent * n // 100)  # integer ceiling: no float rounding at exact ranks
    return sorted_values[rank - 1]


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True, slots=True)
class Spread:
    """Minutes, to one decimal; None when the row has no such times."""

    mean: float | None
    p50: float | None
    p90: float | None
    max: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        ordered = sorted(values)
        return cls(_minutes(mean(ordered)), _minutes(nearest_rank(ordered, 50)),
                   _minutes(nearest_rank(ordered, 90)),
                   _minutes(ordered[-1] if ordered else None))


@dataclass(frozen=True, slots=True)
class Figures:
    """One row of a report (API.md `Row`)."""

    key: str
    name: str
    issued: int  # tickets taken into this row (first legs; a transfer in is not issued)
    called: int  # legs called at least once
    served: int  # legs that ended done
    no_show: int
    cancelled: int
    transferred_out: int
    wait: Spread
    service: Spread  # p50/p90/mean; max kept for completeness
    within_max_wait_pct: float | None
    priority_issued: int
    priority_served: int
    priority_wait_p50: float | None


class Tally:
    """The sums and values behind a row, gathered in one pass over its legs; the tallies
    of a grouping's rows merge into the total without a second pass over the legs."""

    COUNTS = ("issued", "called", "served", "no_show", "cancelled", "transferred",
              "priority_issued", "priority_served", "judged", "within")
    __slots__ = (*COUNTS, "priority_waits", "service_times", "waits")

    def __init__(self) -> None:
        self.issued = self.called = self.served = self.no_show = self.cancelled = 0
        self.transferred = self.priority_issued = self.priority_served = 0
        self.judged = self.within = 0
        self.waits: list[float] = []
        self.priority_waits: list[float] = []
        self.service_times: list[float] = []

    @classmethod
    def of(cls, legs: Iterable[Leg], max_wait_minutes: Mapping[str, int | None]) -> Tally:
        """`max_wait_minutes`: each service's limit (None: none)."""
        t = cls()
        waits, priority_waits, service_times = t.waits, t.priority_waits, t.service_times
        issued = called = served = no_show = cancelled = transferred = 0
        priority_issued = priority_served = judged = within = 0
        served_outcome, no_show_outcome = Outcome.SERVED, Outcome.NO_SHOW
        cancelled_outcome, transferred_outcome = Outcome.CANCELLED, Outcome.TRANSFERRED
        limits = max_wait_minutes.get
        for _, service, _, priority, issued_here, wait, _, _, outcome, took in legs:
            if issued_here:
                issued += 1
                priority_issued += priority
            if wait is not None:
                called += 1
                waits.append(wait)
                if priority:
                    priority_waits.append(wait)
                limit = limits(service)
                if limit is not None:
                    judged += 1
                    within += wait <= limit
            if outcome is served_outcome:
                served += 1
                priority_served += priority
                if took is not None:
                    service_times.append(took)
            elif outcome is no_show_outcome:
                no_show += 1
            elif outcome is cancelled_outcome:
                cancelled += 1
            elif outcome is transferred_outcome:
                transferred += 1
        t.issued, t.called, t.served, t.no_show = issued, called, served, no_show
        t.cancelled, t.transferred = cancelled, transferred
        t.priority_issued, t.priority_served = priority_issued, priority_served
        t.judged, t.within = judged, within
        return t

    @classmethod
    def merged(cls, parts: Iterable[Tally]) -> Tally:
        t = cls()
        for part in parts:
            for name in cls.COUNTS:
                setattr(t, name, getattr(t, name) + getattr(part, name))
            t.waits += part.waits
            t.priority_waits += part.priority_waits
            t.service_times += part.service_times
        return t

    def row(self, key: str, name: str) -> Figures:
        return Figures(
            key, name, self.issued, self.called, self.served, self.no_show, self.cancelled,
            self.transferred, Spread.of(self.waits), Spread.of(self.service_times),
            round(100 * self.within / self.judged, 1) if self.judged else None,
            self.priority_issued, self.priority_served,
            _minutes(nearest_rank(sorted(self.priority_waits), 50)),
        )


def figures(key: str, name: str, legs: Iterable[Leg],
            max_wait_minutes: Mapping[str, int | None]) -> Figures:
    """The row of these legs. `max_wait_minutes`: each service's limit (None: none)."""
    return Tally.of(legs, max_wait_minutes).row(key, name)


def grouped(legs: Iterable[Leg], key_of: Callable[[Leg], str | None]
            ) -> dict[str | None, list[Leg]]:
    """Legs by the key of their row. Legs whose key is None belong to no row (a counter
    grouping has no row for legs never called), only to the total: they are kept under
    None so the total can be merged from the groups."""
    out: dict[str | None, list[Leg]] = {}
    for leg in legs:
        key = key_of(leg)
        found = out.get(key)
        if found is None:
            out[key] = [leg]
        else:
            found.append(leg)
    return out
