"""Config → database. Idempotent: a restart with the same config changes nothing; an
edited config updates what changed; history (tickets, events) is never touched."""

from __future__ import annotations

from queue_server.domain.models import Agency, Counter, Service, Zone
from queue_server.settings import Settings
from queue_server.store import Store


def catalog_from_settings(settings: Settings):
    agencies = [Agency(a.id, a.name, a.short_name, i) for i, a in enumerate(settings.agencies)]
    services = [
        Service(
            id=s.id, agency_id=a.id, prefix=s.prefix, name=s.name, name_en=s.name_en,
            daily_quota=s.daily_quota, max_wait_minutes=s.max_wait_minutes,
            avg_service_minutes=s.avg_service_minutes, position=i, hours=s.hours,
        )
        for i, (a, s) in enumerate(settings.services_with_agency())
    ]
    counters = [Counter(c.id, c.name, c.number, c.agency, dict(c.services))
                for c in settings.counters]
    zones = [Zone(z.id, z.name, z.agencies, z.counters) for z in settings.zones]
    return agencies, services, counters, zones


def seed_catalog(store: Store, settings: Settings) -> list[str]:
    """Returns a line per change, for the start-up log."""
    with store.write() as session:
        return session.upsert_catalog(*catalog_from_settings(settings))
