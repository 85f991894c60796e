"""The catalogue's tables: agencies, services, counters with their service weights, zones,
and the version number every process compares to know its cached copy is stale."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from queue_server.domain.catalog import Catalog
from queue_server.domain.models import Agency, Counter, CounterStatus, Service, Zone

from . import rows
from .base import Table

# the catalogue's tables, by the entity names of admin events and admin_edits
TABLES = {"agency": "agencies", "service": "services", "counter": "counters",
          "zone": "zones"}
SITE_HOURS_KEY = "schedule.hours"  # the site's week, written by the schedule (site_admin)


class CatalogTables(Table):
    def version(self) -> int:
        row = self._one("SELECT value FROM site_settings WHERE key = 'catalog_version'")
        return int(row[0]) if row else 0

    def bump_version(self) -> None:
        self.conn.execute(
            "INSERT INTO site_settings (key, value) VALUES ('catalog_version', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def site_hours(self) -> rows.Hours | None:
        row = self._one("SELECT value FROM site_settings WHERE key = ?", (SITE_HOURS_KEY,))
        return rows.hours_from_json(row[0]) if row and row[0] else None

    def load(self) -> Catalog:
        """What the hall runs on: every agency, the active services and those deactivated
        while citizens still hold their tickets (callable until served, never offered),
        and the active counters."""
        site_hours = self.site_hours()
        agencies = {r["id"]: rows.agency(r) for r in self._all(
            "SELECT * FROM agencies ORDER BY position, id")}
        # the partial indexes hold only live tickets: a year of history is never read
        services = {r["id"]: rows.service(r, site_hours) for r in self._all(
            "SELECT * FROM services WHERE active = 1 OR id IN ("
            "SELECT service_id FROM tickets INDEXED BY tickets_waiting_by_day "
            "WHERE status = 'waiting' UNION "
            "SELECT service_id FROM tickets INDEXED BY tickets_at_counter "
            "WHERE status IN ('called', 'serving')) ORDER BY position, id")}
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self._all("SELECT counter_id, service_id, weight FROM counter_services "
                           "ORDER BY rowid"):
            if r["service_id"] in services:
                weights[r["counter_id"]][r["service_id"]] = r["weight"]
        counters = {r["id"]: rows.counter(r, dict(weights[r["id"]])) for r in self._all(
            "SELECT * FROM counters WHERE active = 1 ORDER BY number")}
        zones = {r["id"]: rows.zone(r) for r in self._all("SELECT * FROM zones ORDER BY id")}
        return Catalog(self.version(), agencies, services, counters, zones)

    # -- every row, inactive ones too (the admin pages and seeding)

    def all_agencies(self) -> list[Agency]:
        return [rows.agency(r) for r in self._all("SELECT * FROM agencies ORDER BY position, id")]

    def all_services(self) -> list[Service]:
        site_hours = self.site_hours()
        return [rows.service(r, site_hours) for r in self._all(
            "SELECT * FROM services ORDER BY position, id")]

    def all_counters(self) -> list[Counter]:
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self._all("SELECT counter_id, service_id, weight FROM counter_services "
                           "ORDER BY rowid"):
            weights[r["counter_id"]][r["service_id"]] = r["weight"]
        return [rows.counter(r, dict(weights[r["id"]])) for r in self._all(
            "SELECT * FROM counters ORDER BY number")]

    def all_zones(self) -> list[Zone]:
        return [rows.zone(r) for r in self._all("SELECT * FROM zones ORDER BY id")]

    def columns_of(self, entity: str) -> dict[str, dict[str, Any]]:
        """id -> the stored columns, as the *_columns functions of rows.py write them."""
        return {r["id"]: dict(r) for r in self._all(f"SELECT * FROM {TABLES[entity]}")}

    def next_position(self, entity: str) -> int:
        row = self._one(f"SELECT coalesce(max(position), -1) + 1 FROM {TABLES[entity]}")
        return int(row[0]) if row else 0

    # -- writes (the caller bumps the version once per change)

    def insert(self, entity: str, columns: dict[str, Any]) -> None:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.execute(f"INSERT INTO {TABLES[entity]} ({names}) VALUES ({marks})",
                          tuple(columns.values()))

    def update(self, entity: str, id: str, columns: dict[str, Any]) -> None:
        if columns:
            sets = ", ".join(f"{k} = ?" for k in columns)
            self.conn.execute(f"UPDATE {TABLES[entity]} SET {sets} WHERE id = ?",
                              (*columns.values(), id))

    def delete_zone(self, id: str) -> None:
        self.conn.execute("DELETE FROM zones WHERE id = ?", (id,))

    def set_counter_services(self, counter_id: str, weights: dict[str, float]) -> None:
        self.conn.execute("DELETE FROM counter_services WHERE counter_id = ?", (counter_id,))
        self.conn.executemany(
            "INSERT INTO counter_services (counter_id, service_id, weight) VALUES (?, ?, ?)",
            [(counter_id, s, w) for s, w in weights.items()])

    def set_counter_status(self, counter_id: str, status: CounterStatus,
                           reason: str | None) -> None:
        self.conn.execute("UPDATE counters SET status = ?, pause_reason = ? WHERE id = ?",
                          (status.value, reason, counter_id))
        self.bump_version()

    def set_service_pause(self, service_id: str, reason: str | None) -> None:
        self.conn.execute("UPDATE services SET paused_reason = ? WHERE id = ?",
                          (reason, service_id))
        self.bump_version()

