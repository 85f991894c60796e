"""config.toml into the catalogue tables, keeping what an admin set in the browser.

The rule (DESIGN.md "Running the hall"): a value the admin pages never touched takes the
file's value on every start; a value an admin set is kept, and each such value the file
disagrees with is reported ("kept admin edit of services.ktp-el.daily_quota: 150, config
says 100"). A thing an admin created is not deactivated for missing from the file. With
`keep_admin_edits=False` (`queue-server config apply`) the file wins everywhere."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from queue_server.domain.models import Agency, Counter, Service, Zone

from . import rows
from .admin_edits import WHOLE, AdminEdits
from .base import Table
from .catalog_tables import TABLES, CatalogTables

# how config.toml names a column, for the start-up log
_CONFIG_NAME = {("service", "own_hours"): "hours", ("counter", "agency_id"): "agency"}
_JSON_COLUMNS = {"own_hours", "requirements", "agencies", "counters"}


@dataclass
class SeedReport:
    changes: list[str] = field(default_factory=list)  # what the file changed
    kept: list[str] = field(default_factory=list)  # admin edits the file disagrees with
    # each value the file changed, "services.ktp-el.daily_quota: 200 -> 150" (config apply)
    details: list[str] = field(default_factory=list)


def _shown(column: str, value: Any) -> str:
    if value is not None and column in _JSON_COLUMNS:
        value = json.loads(value)
    return repr(value)


class CatalogSeed(Table):
    def __init__(self, conn, catalog: CatalogTables, edits: AdminEdits) -> None:
        super().__init__(conn)
        self.catalog = catalog
        self.edits = edits

    def apply(self, agencies: list[Agency], services: list[Service], counters: list[Counter],
              zones: list[Zone], *, keep_admin_edits: bool = True) -> SeedReport:
        report = SeedReport()
        self._sync("agency", [rows.agency_columns(a) for a in agencies], report,
                   keep_admin_edits)
        self._sync("service", [rows.service_columns(s) for s in services], report,
                   keep_admin_edits)
        self._sync("counter", [rows.counter_columns(c) for c in counters], report,
                   keep_admin_edits)
        self._sync("zone", [rows.zone_columns(z) for z in zones], report, keep_admin_edits)
        self._sync_weights(counters, report, keep_admin_edits)
        if report.changes:
            self.catalog.bump_version()
        return report

    def _sync(self, entity: str, records: list[dict[str, Any]], report: SeedReport,
              keep: bool) -> None:
        table = TABLES[entity]
        current = self.catalog.columns_of(entity)
        edited = self.edits.of(entity) if keep else {}
        for record in records:
            id = record["id"]
            old = current.pop(id, None)
            if old is None:
                self.catalog.insert(entity, record)
                report.changes.append(f"{table}: added {id}")
                continue
            mine = edited.get(id, set())
            diff = {k: v for k, v in record.items() if old.get(k) != v}
            kept = {k for k in diff if WHOLE in mine or k in mine}
            if "own_hours" in mine or WHOLE in mine:
                kept |= {"hours"} & set(diff)  # the resolved week follows its own days
            for column in sorted(kept - {"position", "hours"}):
                name = _CONFIG_NAME.get((entity, column), column)
                report.kept.append(
                    f"kept admin edit of {table}.{id}.{name}: {_shown(column, old[column])}, "
                    f"config says {_shown(column, diff[column])}")
            apply = {k: v for k, v in diff.items() if k not in kept}
            for column in sorted(set(apply) - {"position", "hours"}):
                name = _CONFIG_NAME.get((entity, column), column)
                report.details.append(f"{table}.{id}.{name}: {_shown(column, old[column])} "
                                      f"-> {_shown(column, apply[column])}")
            if apply:
                self.catalog.update(entity, id, apply)
                report.changes.append(f"{table}: updated {id} ({', '.join(apply)})")
        for gone, old in current.items():  # left the file
            mine = edited.get(gone, set())
            if WHOLE in mine or "active" in mine:
                continue
            if entity == "zone":
                self.catalog.delete_zone(gone)
                report.changes.append(f"zones: removed {gone}")
            elif old.get("active"):
                self.catalog.update(entity, gone, {"active": 0})
                report.changes.append(f"{table}: deactivated {gone}")

    def _sync_weights(self, counters: list[Counter], report: SeedReport, keep: bool) -> None:
        """A counter's services as the file says, unless an admin set them. Rows of a
        service that is now inactive stay: its waiting citizens must still be callable."""
        present = {c.id: c.service_weights for c in self.catalog.all_counters()}
        inactive = {s.id for s in self.catalog.all_services() if not s.active}
        edited = self.edits.of("counter") if keep else {}
        for counter in counters:
            now = present.get(counter.id, {})
            wanted = dict(counter.service_weights)
            wanted.update({s: w for s, w in now.items() if s in inactive and s not in wanted})
            if now == wanted:
                continue
            mine = edited.get(counter.id, set())
            if WHOLE in mine or "services" in mine:
                report.kept.append(f"kept admin edit of counters.{counter.id}.services: "
                                   f"{now!r}, config says {counter.service_weights!r}")
                continue
            self.catalog.set_counter_services(counter.id, wanted)
            report.details.append(f"counters.{counter.id}.services: {now!r} -> {wanted!r}")
            report.changes.append(f"counter_services: updated {counter.id}")
