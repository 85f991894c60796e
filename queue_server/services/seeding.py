"""Config → database. Idempotent: a restart with the same config changes nothing; an
edited config updates what changed; history (tickets, events) is never touched."""

from __future__ import annotations

from queue_server.settings import Settings
from queue_server.store import Store


def seed_catalog(store: Store, settings: Settings) -> list[str]:
    """Returns a line per change, for the start-up log."""
    with store.write() as tx:
        return tx.catalog.upsert(settings.agencies, settings.services,
                                 settings.counters, settings.zones)
