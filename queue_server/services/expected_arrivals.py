"""The citizens the forecast expects later today (domain.arrival_profile): the arrival
pattern of the recent open days of today's kind, learned once a day, scaled by how busy
today is so far. Walk-ins only: a booking is known, not expected."""

from __future__ import annotations

from datetime import datetime, timedelta

from queue_server.domain.arrival_profile import (
    SLOT_MINUTES,
    ArrivalProfile,
    expected_arrivals,
    level,
)
from queue_server.domain.queue_positions import QueueEntry
from queue_server.store import Transaction

from .hall import Hall
from .recent_days import recent_days_like

# how far ahead arrivals are played (a forecast past it is carried on at the counters' rate)
HORIZON_MINUTES = 180


class ExpectedArrivals:
    def __init__(self, hall: Hall, tx: Transaction, now: datetime) -> None:
        self.hall, self.tx, self.now = hall, tx, now
        local = hall.local(now)
        self.midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        self.minute = (local - self.midnight).total_seconds() / 60
        self._scale: float | None = None
        self.profile = hall.daily("arrival_profile", hall.today(now), self._learn)

    @property
    def known(self) -> bool:
        """Whether the recent days say anything (a new hall's first day: they do not)."""
        return bool(self.profile.per_slot)

    def _learn(self) -> ArrivalProfile:
        days = recent_days_like(self.hall, self.tx, self.hall.local(self.now).date())
        counts: dict[tuple[str, bool, int], int] = {}
        for service_id, priority, at in self.tx.eta.issued_times(days):
            local = self.hall.local(at)
            slot = (local.hour * 60 + local.minute) // SLOT_MINUTES
            counts[(service_id, priority, slot)] = counts.get((service_id, priority, slot), 0) + 1
        return ArrivalProfile.pooled(((s, p, slot, n) for (s, p, slot), n in counts.items()),
                                     len(days))

    def scale(self) -> float:
        if self._scale is None:
            self._scale = level(self.tx.eta.issued_count(self.hall.today(self.now)),
                                self.profile.before(self.minute))
        return self._scale

    def of(self, service_ids: set[str]) -> list[QueueEntry]:
        """The expected citizens of these services, as queue entries (ids below zero)."""
        if not self.known:
            return []
        lines = [(s, p) for s in service_ids for p in (False, True)]
        return [QueueEntry(-(i + 1), service_id, priority,
                           self.midnight + timedelta(minutes=minute))
                for i, (minute, service_id, priority) in enumerate(expected_arrivals(
                    self.profile, lines, self.minute, self.scale(), HORIZON_MINUTES))]
