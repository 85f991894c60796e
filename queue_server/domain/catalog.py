"""The hall's catalogue: agencies, services, counters and zones as one aggregate, read on
every request (and cached by version), changed only as a whole by seeding or admin edits."""

from __future__ import annotations

from dataclasses import dataclass, field

from .badges import badges
from .models import Agency, Counter, CounterStatus, Service, Zone


@dataclass(frozen=True, slots=True)
class Catalog:
    version: int
    agencies: dict[str, Agency]
    services: dict[str, Service]
    counters: dict[str, Counter]
    zones: dict[str, Zone]
    # service id -> the counters serving it, in counter order (asked on every ticket)
    _serving: dict[str, tuple[Counter, ...]] = field(init=False, repr=False, compare=False)
    max_wait_minutes: dict[str, int | None] = field(init=False, repr=False, compare=False)
    # agency id -> its distinct badge on the kiosk and the TV (domain.badges)
    badges: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        serving: dict[str, list[Counter]] = {}
        for counter in self.counters.values():
            for service_id in counter.service_weights:
                serving.setdefault(service_id, []).append(counter)
        object.__setattr__(self, "_serving", {s: tuple(c) for s, c in serving.items()})
        object.__setattr__(self, "max_wait_minutes",
                           {s.id: s.max_wait_minutes for s in self.services.values()})
        object.__setattr__(self, "badges", badges(self.agencies.values()))

    def offered(self, service: Service) -> bool:
        """Kiosks offer it and it takes tickets and transfers: neither the service nor its
        agency was deactivated (a deactivated one stays here while its tickets wait)."""
        agency = self.agencies.get(service.agency_id)
        return service.active and agency is not None and agency.active

    def counters_serving(self, service_id: str) -> tuple[Counter, ...]:
        return self._serving.get(service_id, ())

    def open_counters(self, service_id: str) -> int:
        """Counters open now that serve this service."""
        return sum(1 for c in self.counters_serving(service_id)
                   if c.status is CounterStatus.OPEN)
