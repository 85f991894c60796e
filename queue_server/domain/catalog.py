"""The hall's catalogue: agencies, services, counters and zones as one aggregate, read on
every request (and cached by version), changed only as a whole by seeding or admin edits."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Agency, Counter, CounterStatus, Service, Zone


@dataclass(frozen=True, slots=True)
class Catalog:
    version: int
    agencies: dict[str, Agency]
    services: dict[str, Service]
    counters: dict[str, Counter]
    zones: dict[str, Zone]

    def counters_serving(self, service_id: str) -> list[Counter]:
        return [c for c in self.counters.values() if service_id in c.service_weights]

    def open_counters(self, service_id: str) -> int:
        """Counters open now that serve this service."""
        return sum(1 for c in self.counters_serving(service_id)
                   if c.status is CounterStatus.OPEN)

    @property
    def max_wait_minutes(self) -> dict[str, int | None]:
        return {s.id: s.max_wait_minutes for s in self.services.values()}
