"""Small site-wide values kept in the database (key -> text)."""

from __future__ import annotations

from .base import Table


class SiteSettingsTable(Table):
    def get(self, key: str) -> str | None:
        row = self._one("SELECT value FROM site_settings WHERE key = ?", (key,))
        return row[0] if row else None
