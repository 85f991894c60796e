"""Today's settings as a config.toml (GET /api/v1/admin/config.toml): the database's site,
schedule and catalogue, with the sections only the file sets ([server], [queue], [skm],
[tts], [printers], the time zone) copied from the file the hall runs on. `queue-server serve
--config` on the result reproduces the catalogue exactly, inactive things included."""

from __future__ import annotations

import tomllib
from datetime import datetime
from typing import Any

import tomli_w

from queue_server.domain import access
from queue_server.domain.models import Agency, Counter, Service, Zone
from queue_server.domain.opening import WEEKDAYS

from .catalogue_shapes import hours_text, week_text
from .hall import Hall, require

FILE_ONLY = ("server", "queue", "skm", "tts", "printers")
SITE_KEYS = ("name", "short_name", "timezone", "public_url", "language", "running_text",
             "running_text_en", "ticket_footer", "address", "logo")


def export_toml(hall: Hall, principal: access.Principal) -> str:
    require(principal.is_admin, principal.kind == "anonymous", "mengekspor pengaturan")
    with hall.store.read() as tx:
        hall.catalog(tx)  # the live site values of this very moment
        agencies, services = tx.catalog.all_agencies(), tx.catalog.all_services()
        counters, zones = tx.catalog.all_counters(), tx.catalog.all_zones()
    settings = hall.settings
    source = _source_file(hall)
    doc: dict[str, Any] = {"site": _site(settings.site, source.get("site", {}))}
    doc.update({name: source[name] for name in FILE_ONLY if name in source})
    doc["hours"] = {WEEKDAYS[day]: hours_text(settings.hours.get(day, ())) for day in range(7)}
    doc["holidays"] = {d.isoformat(): name for d, name in sorted(settings.site.holidays.items())}
    doc["agencies"] = [_agency(a, [s for s in services if s.agency_id == a.id])
                       for a in agencies]
    doc["counters"] = [_counter(c) for c in counters]
    doc["zones"] = [_zone(z) for z in zones]
    when = hall.local(hall.now()).strftime("%Y-%m-%d %H:%M")
    header = (f"# {settings.site.name}: settings exported from Loket on {when} "
              f"{settings.site.zone_label}.\n"
              "# Serve with `queue-server serve --config FILE`, or make a running hall take\n"
              "# it with `queue-server config apply FILE` (shows the differences first).\n\n")
    return header + tomli_w.dumps(doc, multiline_strings=True)


def _source_file(hall: Hall) -> dict[str, Any]:
    source = hall.settings.source
    if source is None or not source.exists():
        return {}
    with source.open("rb") as f:
        return tomllib.load(f)


def _site(site: Any, written: dict[str, Any]) -> dict[str, Any]:
    out = {key: getattr(site, key) for key in SITE_KEYS if getattr(site, key, None)}
    if "logo" in written:  # a file name relative to the config file, as it was written
        out["logo"] = written["logo"]
    return out


def _agency(a: Agency, services: list[Service]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.id, "name": a.name, "short_name": a.short_name}
    if a.name_en:
        out["name_en"] = a.name_en
    if not a.active:
        out["active"] = False
    if a.badge:
        out["badge"] = a.badge
    if a.logo:
        out["logo"] = a.logo
    out["services"] = [_service(s) for s in services]
    return out


def _service(s: Service) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "prefix": s.prefix, "name": s.name,
                           "name_en": s.name_en}
    for key in ("daily_quota", "online_quota", "max_wait_minutes"):
        if getattr(s, key) is not None:
            out[key] = getattr(s, key)
    out["avg_service_minutes"] = s.avg_service_minutes
    if s.requirements:
        out["requirements"] = list(s.requirements)
    if s.own_hours:
        out["hours"] = week_text(s.own_hours)
    for key in ("slot_minutes", "slot_capacity", "booking_days_ahead"):
        if getattr(s, key) is not None:
            out[key] = getattr(s, key)
    if not s.active:
        out["active"] = False
    return out


def _counter(c: Counter) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "number": c.number, "name": c.name,
                           "agency": c.agency_id, "services": dict(c.service_weights)}
    if not c.active:
        out["active"] = False
    return out


def _zone(z: Zone) -> dict[str, Any]:
    return {"id": z.id, "name": z.name, "agencies": list(z.agencies),
            "counters": list(z.counters)}


def exported_at(moment: datetime) -> str:
    """The download's file name: loket-config-2026-12-01.toml."""
    return f"loket-config-{moment:%Y-%m-%d}.toml"
