"""The citizens the hall expects to arrive later today, from the recent weeks' pattern, so
the wait forecast counts those who will go ahead of a citizen waiting now: priority
citizens, and at a shared counter the service it weighs higher.

Pure: minutes are since the site's local midnight; the caller reads the counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SLOT_MINUTES = 15
# pseudo arrivals pooled into both sides of today's level, so an early-morning count of a
# few citizens does not swing it
LEVEL_PRIOR = 20.0

Line = tuple[str, bool]  # (service id, priority)


@dataclass(frozen=True, slots=True)
class ArrivalProfile:
    """Mean arrivals per (service, priority) line in each SLOT_MINUTES slot of the day over
    the recent open days of today's kind."""

    per_slot: Mapping[Line, Mapping[int, float]]

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str, bool, int, int]], days: int
                    ) -> ArrivalProfile:
        """`counts`: (service, priority, slot, arrivals) summed over `days` days."""
        per: dict[Line, dict[int, float]] = {}
        if days > 0:
            for service_id, priority, slot, n in counts:
                per.setdefault((service_id, priority), {})[slot] = n / days
        return cls(per)

    @classmethod
    def pooled(cls, counts: Iterable[tuple[str, bool, int, int]], days: int) -> ArrivalProfile:
        """The hall's arrivals per slot shared out by each line's share of the recent days:
        a line's own count in one quarter hour of a few days is a handful (a priority line's
        mostly none or one), so its slots would place citizens where chance put them; the
        hall's curve (the morning crowd, the lunch dip) is read from every arrival, each
        line's share from all of its own. `counts` as from_counts."""
        counts = list(counts)
        if days <= 0 or not counts:
            return cls({})
        curve: dict[int, int] = {}
        share: dict[Line, int] = {}
        for service_id, priority, slot, n in counts:
            curve[slot] = curve.get(slot, 0) + n
            share[(service_id, priority)] = share.get((service_id, priority), 0) + n
        total = sum(share.values())
        if total <= 0:
            return cls({})
        return cls({line: {slot: c / days * n / total for slot, c in curve.items()}
                    for line, n in share.items() if n > 0})

    def before(self, minute: float) -> float:
        """Mean arrivals of the whole hall before a minute of the day."""
        full, part = int(minute // SLOT_MINUTES), (minute % SLOT_MINUTES) / SLOT_MINUTES
        return sum(n if slot < full else n * part if slot == full else 0.0
                   for slots in self.per_slot.values() for slot, n in slots.items())


def level(today_so_far: int, usual_so_far: float) -> float:
    """How busy today is against the recent days by the same minute (1: as usual)."""
    return (today_so_far + LEVEL_PRIOR) / (usual_so_far + LEVEL_PRIOR)


def expected_arrivals(profile: ArrivalProfile, lines: Iterable[Line], now: float,
                      scale: float, horizon: float) -> list[tuple[float, str, bool]]:
    """(minute, service, priority) of the citizens expected from `now` to `now + horizon`,
    evenly spread: a line's expected count, times `scale`, is accumulated slot by slot and
    one arrival is placed each time the running sum passes a half."""
    out = []
    end = now + horizon
    for line in sorted(set(lines)):
        slots = profile.per_slot.get(line)
        if not slots:
            continue
        total, placed = 0.0, 0
        first = int(now // SLOT_MINUTES)
        for slot in range(first, int(end // SLOT_MINUTES) + 1):
            start = max(slot * SLOT_MINUTES, now)
            stop = min((slot + 1) * SLOT_MINUTES, end)
            if stop <= start:
                continue
            rate = slots.get(slot, 0.0) * scale / SLOT_MINUTES
            if rate <= 0:
                continue
            while total + (stop - start) * rate >= placed + 0.5:
                at = start + (placed + 0.5 - total) / rate
                out.append((at, *line))
                placed += 1
            total += (stop - start) * rate
    out.sort()
    return out
