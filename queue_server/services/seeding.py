"""Config → database. Idempotent: a restart with the same config changes nothing; an
edited config updates what changed; an admin's edit in the browser is kept (and reported);
history (tickets, events) is never touched."""

from __future__ import annotations

from queue_server.settings import Settings
from queue_server.store import Store, Transaction
from queue_server.store.catalog_seed import SeedReport

from .site_admin import seed_site


def seed_catalog(store: Store, settings: Settings, *,
                 keep_admin_edits: bool = True) -> SeedReport:
    """The changes and the kept admin edits, a line each, for the start-up log.
    `keep_admin_edits=False` is `queue-server config apply`: the file wins everywhere."""
    with store.write() as tx:
        return seed_into(tx, settings, keep_admin_edits=keep_admin_edits)


def seed_into(tx: Transaction, settings: Settings, *,
              keep_admin_edits: bool = True) -> SeedReport:
    """The same inside the caller's transaction (config apply previews in one it rolls
    back)."""
    report = tx.catalog_seed.apply(
        list(settings.agencies), list(settings.services), list(settings.counters),
        list(settings.zones), keep_admin_edits=keep_admin_edits)
    seed_site(tx, settings, report=report, keep_admin_edits=keep_admin_edits)
    if not keep_admin_edits:
        tx.admin_edits.forget_all()
    return report
