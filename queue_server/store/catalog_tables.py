"""The catalogue's tables: agencies, services, counters with their service weights, zones,
and the version number every process compares to know its cached copy is stale."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from queue_server.domain.catalog import Catalog
from queue_server.domain.models import Agency, Counter, CounterStatus, Service, Zone

from . import rows
from .base import Table


class CatalogTables(Table):
    def version(self) -> int:
        row = self._one("SELECT value FROM site_settings WHERE key = 'catalog_version'")
        return int(row[0]) if row else 0

    def bump_version(self) -> None:
        self.conn.execute(
            "INSERT INTO site_settings (key, value) VALUES ('catalog_version', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def load(self) -> Catalog:
        agencies = {r["id"]: rows.agency(r) for r in self._all(
            "SELECT * FROM agencies WHERE active = 1 ORDER BY position, id")}
        services = {r["id"]: rows.service(r) for r in self._all(
            "SELECT * FROM services WHERE active = 1 ORDER BY position, id")}
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self._all("SELECT counter_id, service_id, weight FROM counter_services "
                           "ORDER BY rowid"):
            if r["service_id"] in services:
                weights[r["counter_id"]][r["service_id"]] = r["weight"]
        counters = {r["id"]: rows.counter(r, dict(weights[r["id"]])) for r in self._all(
            "SELECT * FROM counters WHERE active = 1 ORDER BY number")}
        zones = {r["id"]: rows.zone(r) for r in self._all("SELECT * FROM zones ORDER BY id")}
        return Catalog(self.version(), agencies, services, counters, zones)

    def upsert(
        self,
        agencies: list[Agency],
        services: list[Service],
        counters: list[Counter],
        zones: list[Zone],
    ) -> list[str]:
        """Make the catalog tables say what the config says. Rows that left the config are
        deactivated, never deleted: old tickets still point at them. Returns what changed."""
        changes: list[str] = []

        def sync(table: str, records: list[dict[str, Any]], keep_status: Iterable[str] = ()):
            current = {r["id"]: dict(r) for r in self._all(f"SELECT * FROM {table}")}
            for record in records:
                old = current.pop(record["id"], None)
                if old is None:
                    cols = ", ".join(record)
                    marks = ", ".join("?" for _ in record)
                    self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                      tuple(record.values()))
                    changes.append(f"{table}: added {record['id']}")
                    continue
                diff = {k: v for k, v in record.items()
                        if k not in keep_status and old.get(k) != v}
                if diff:
                    sets = ", ".join(f"{k} = ?" for k in diff)
                    self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                                      (*diff.values(), record["id"]))
                    changes.append(f"{table}: updated {record['id']} ({', '.join(diff)})")
            for gone, old in current.items():
                if table == "zones":
                    self.conn.execute("DELETE FROM zones WHERE id = ?", (gone,))
                    changes.append(f"zones: removed {gone}")
                elif old.get("active"):
                    self.conn.execute(f"UPDATE {table} SET active = 0 WHERE id = ?", (gone,))
                    changes.append(f"{table}: deactivated {gone}")

        sync("agencies", [{"id": a.id, "name": a.name, "short_name": a.short_name,
                           "position": a.position, "active": 1} for a in agencies])
        sync("services", [{
            "id": s.id, "agency_id": s.agency_id, "prefix": s.prefix, "name": s.name,
            "name_en": s.name_en, "daily_quota": s.daily_quota,
            "max_wait_minutes": s.max_wait_minutes,
            "avg_service_minutes": s.avg_service_minutes,
            "hours": rows.hours_to_json(s.hours), "position": s.position, "active": 1,
            "requirements": json.dumps(list(s.requirements), ensure_ascii=False),
        } for s in services])
        sync("counters", [{"id": c.id, "number": c.number, "name": c.name,
                           "agency_id": c.agency_id, "position": c.number, "active": 1}
                          for c in counters])
        sync("zones", [{"id": z.id, "name": z.name, "agencies": json.dumps(list(z.agencies)),
                        "counters": json.dumps(list(z.counters))} for z in zones])

        wanted = {(c.id, s, w) for c in counters for s, w in c.service_weights.items()}
        present = {(r[0], r[1], r[2]) for r in self._all(
            "SELECT counter_id, service_id, weight FROM counter_services")}
        if wanted != present:
            self.conn.execute("DELETE FROM counter_services")
            self.conn.executemany(
                "INSERT INTO counter_services (counter_id, service_id, weight) VALUES (?, ?, ?)",
                [(c.id, s, w) for c in counters for s, w in c.service_weights.items()],
            )
            changes.append("counter_services: updated")
        if changes:
            self.bump_version()
        return changes

    def set_counter_status(self, counter_id: str, status: CounterStatus,
                           reason: str | None) -> None:
        self.conn.execute("UPDATE counters SET status = ?, pause_reason = ? WHERE id = ?",
                          (status.value, reason, counter_id))
        self.bump_version()

    def set_service_pause(self, service_id: str, reason: str | None) -> None:
        self.conn.execute("UPDATE services SET paused_reason = ? WHERE id = ?",
                          (reason, service_id))
        self.bump_version()
