"""`queue-server config apply FILE`: make a running hall's catalogue and site what a file
says, admin edits included, after showing what would change. The preview runs the very
seeding in a transaction it rolls back, so what it shows is what applying does."""

from __future__ import annotations

from queue_server.settings import Settings
from queue_server.store import Store
from queue_server.store.catalog_seed import SeedReport

from .hall import system_clock
from .seeding import seed_into


class _Preview(Exception):
    def __init__(self, report: SeedReport) -> None:
        super().__init__("preview only")
        self.report = report


def preview(store: Store, settings: Settings) -> SeedReport:
    """What applying the file would change, without changing anything."""
    try:
        with store.write() as tx:
            raise _Preview(seed_into(tx, settings, keep_admin_edits=False))
    except _Preview as done:
        return done.report


def apply(store: Store, settings: Settings, actor: str = "cli") -> SeedReport:
    """The file wins everywhere; admin edits are forgotten (from now on the file's values
    are plain config values again). One `config.applied` event says who and how much."""
    with store.write() as tx:
        report = seed_into(tx, settings, keep_admin_edits=False)
        if report.changes:
            tx.catalog.bump_version()
            tx.events.append("config.applied", system_clock(), actor, data={
                "entity": "config", "id": str(settings.source or "config"),
                "before": None, "after": {"changes": report.changes}})
        return report


_DETAILED = ("agencies: updated", "services: updated", "counters: updated",
             "zones: updated", "counter_services: updated")


def describe(report: SeedReport) -> list[str]:
    """The lines the command prints: each value the file changes (old -> new), then what
    it adds, deactivates or changes on the site."""
    return report.details + [line for line in report.changes
                             if not line.startswith(_DETAILED)]
