"""Small site-wide values kept in the database (key -> text): the site's texts and address,
the weekly hours and the holidays (seeded from config.toml, edited by an admin), and the
catalogue version."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from queue_server.domain.opening import Span

from . import rows
from .base import Table, marks

# the site's editable values, by their settings-registry names
SITE_FIELDS = ("name", "short_name", "running_text", "running_text_en", "ticket_footer",
               "public_url")
SITE_KEYS = {name: f"site.{name}" for name in SITE_FIELDS}
HOURS_KEY = "schedule.hours"  # rows.hours_to_json: weekday 0..6 -> spans, [] = closed
HOLIDAYS_KEY = "schedule.holidays"  # {"YYYY-MM-DD": "name"}


class SiteSettingsTable(Table):
    def get(self, key: str) -> str | None:
        row = self._one("SELECT value FROM site_settings WHERE key = ?", (key,))
        return row[0] if row else None

    def many(self, keys: Iterable[str]) -> dict[str, str]:
        """The stored values among `keys`; a key never stored is absent."""
        wanted = list(keys)
        return {r[0]: r[1] for r in self._all(
            f"SELECT key, value FROM site_settings WHERE key IN ({marks(wanted)})", wanted)}

    def set(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO site_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def delete(self, key: str) -> None:
        self.conn.execute("DELETE FROM site_settings WHERE key = ?", (key,))

    def get_json(self, key: str) -> Any:
        text = self.get(key)
        return None if text is None else json.loads(text)

    def set_json(self, key: str, value: Any) -> None:
        self.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    # -- the schedule, typed

    def hours(self) -> dict[int, tuple[Span, ...]] | None:
        """Weekday (0 = Monday) -> open spans, or None when never stored."""
        text = self.get(HOURS_KEY)
        return None if text is None else rows.hours_from_json(text)

    def set_hours(self, hours: dict[int, tuple[Span, ...]]) -> None:
        self.set(HOURS_KEY, rows.hours_to_json({day: hours.get(day, ()) for day in range(7)}))

    def holidays(self) -> dict[date, str] | None:
        stored = self.get_json(HOLIDAYS_KEY)
        if stored is None:
            return None
        return {date.fromisoformat(day): name for day, name in stored.items()}

    def set_holidays(self, holidays: dict[date, str]) -> None:
        self.set_json(HOLIDAYS_KEY, {d.isoformat(): holidays[d] for d in sorted(holidays)})
