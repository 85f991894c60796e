"""config.toml: read, validate and turn into typed settings and domain objects.

Validation is strict on purpose: an unknown key, a wrong type, a duplicated prefix or a
counter that points to a service nobody defined stops the server with a message that names
the key and its line. A hall that starts with a typo in its config would otherwise print
wrong tickets all day. Every key is declared once (see registry.py and the tables in
site.py, catalog.py, devices.py); docs/config.md is generated from the declarations.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from printer.config import PrinterConfig
from queue_server.domain.errors import ConfigError
from queue_server.domain.models import Agency, Counter, Service, Zone
from queue_server.voice.settings import TtsSettings

from .backup import BackupSettings, backup_settings
from .catalog import CatalogDraft, check_catalog, read_catalog
from .devices import parse_printer_config, parse_tts_settings, read_printers, tts_settings
from .registry import InvalidSettings, Key, Problem, Problems, Table, read_table
from .schema import CONFIG, KEYS, RULES, TABLES, Invalid, validate_table, validate_value
from .site import (
    CLOSED_WEEK,
    BookingSettings,
    QueueSettings,
    ServerSettings,
    SiteSettings,
    SkmSettings,
    WeeklyHours,
    booking_settings,
    queue_settings,
    server_settings,
    site_settings,
    skm_settings,
    weekly_hours,
)
from .toml_lines import key_lines

__all__ = [
    "KEYS",
    "RULES",
    "TABLES",
    "BackupSettings",
    "BookingSettings",
    "CatalogDraft",
    "Invalid",
    "InvalidSettings",
    "Key",
    "Problem",
    "QueueSettings",
    "ServerSettings",
    "Settings",
    "SiteSettings",
    "SkmSettings",
    "Table",
    "check_catalog",
    "key_lines",
    "load_settings",
    "parse_printer_config",
    "parse_settings",
    "parse_tts_settings",
    "validate_table",
    "validate_value",
]


@dataclass(frozen=True)
class Settings:
    source: Path | None
    site: SiteSettings
    server: ServerSettings
    queue: QueueSettings
    hours: WeeklyHours
    agencies: tuple[Agency, ...]
    services: tuple[Service, ...]  # of every agency, in config order
    counters: tuple[Counter, ...]
    zones: tuple[Zone, ...]
    # printer name -> PrinterConfig; "default" serves kiosks without their own
    printers: dict[str, PrinterConfig] = field(default_factory=dict)
    kiosk_printers: dict[str, str] = field(default_factory=dict)  # kiosk device -> printer
    tts: TtsSettings = field(default_factory=TtsSettings)  # engines in fallback order
    skm: SkmSettings = field(default_factory=SkmSettings)
    booking: BookingSettings = field(default_factory=BookingSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)

    def services_of(self, agency_id: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.agency_id == agency_id)

    def services_with_agency(self) -> list[tuple[Agency, Service]]:
        agencies = {a.id: a for a in self.agencies}
        return [(agencies[s.agency_id], s) for s in self.services]


def load_settings(path: Path | str) -> Settings:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    return parse_settings(text, source=path)


def parse_settings(text: str, source: Path | None = None) -> Settings:
    """Settings from a config.toml text, or InvalidSettings listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source or 'config'}: not valid TOML: {exc}") from exc
    problems = Problems(key_lines(text), source.name if source else "config")
    values: dict[str, Any] = read_table(CONFIG, data, (), problems)
    hall_hours = weekly_hours(values.get("hours") or {}, CLOSED_WEEK)
    draft = read_catalog(values, hall_hours)
    problems.extend(check_catalog(draft))
    problems.raise_if_any(str(source or "config"))

    printers, kiosk_printers = read_printers(values["printers"])
    base_dir = source.parent if source else Path.cwd()
    return Settings(
        source=source,
        site=site_settings(values["site"], values["holidays"]),
        server=server_settings(values["server"], source),
        queue=queue_settings(values["queue"]),
        hours=hall_hours,
        agencies=tuple(a for _, a in draft.agencies),
        services=tuple(s for _, s in draft.services),
        counters=tuple(c for _, c in draft.counters),
        zones=tuple(z for _, z in draft.zones),
        printers=printers,
        kiosk_printers=kiosk_printers,
        tts=tts_settings(values["tts"], base_dir),
        skm=skm_settings(values["skm"]),
        booking=booking_settings(values["booking"]),
        backup=backup_settings(values["backup"]),
    )
