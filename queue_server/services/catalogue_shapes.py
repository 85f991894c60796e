"""The catalogue as the administration API writes it (API.md `Agency`, `ServiceConfig`,
`CounterConfig`, `Zone`), and back into config.toml's own table shape, so one settings
registry validates an admin form and a config file alike."""

from __future__ import annotations

from datetime import time
from typing import Any

from queue_server.domain.models import Agency, Counter, Service, Zone
from queue_server.domain.opening import END_OF_DAY, WEEKDAYS

Hours = dict[int, tuple[tuple[time, time], ...]]

# API field -> the registry's key, where they differ
SERVICE_KEYS = {"service_minutes": "avg_service_minutes"}
COUNTER_KEYS = {"agency_id": "agency"}
# the registry's key -> the database column, where they differ
SERVICE_COLUMNS = {"hours": "own_hours"}


def _clock(moment: time) -> str:
    return "24:00" if moment == END_OF_DAY else f"{moment:%H:%M}"


def hours_text(spans: tuple[tuple[time, time], ...]) -> str:
    """Spans as config.toml and the admin form write them: "08:00-12:00, 13:00-15:00"."""
    return ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in spans) or "closed"


def week_text(hours: Hours | None) -> dict[str, str] | None:
    if not hours:
        return None
    return {WEEKDAYS[day]: hours_text(spans) for day, spans in sorted(hours.items())}


def agency_config(a: Agency) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "name_en": a.name_en or a.name,
            "short_name": a.short_name, "active": a.active, "badge": a.badge or None,
            "logo": a.logo or None}


def service_config(s: Service) -> dict[str, Any]:
    return {"id": s.id, "agency_id": s.agency_id, "prefix": s.prefix, "name": s.name,
            "name_en": s.name_en, "daily_quota": s.daily_quota,
            "online_quota": s.online_quota, "max_wait_minutes": s.max_wait_minutes,
            "service_minutes": s.avg_service_minutes, "requirements": list(s.requirements),
            "hours": week_text(s.own_hours), "active": s.active,
            "slot_minutes": s.slot_minutes, "slot_capacity": s.slot_capacity,
            "booking_days_ahead": s.booking_days_ahead}


def counter_config(c: Counter) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "number": c.number, "agency_id": c.agency_id,
            "services": dict(c.service_weights), "active": c.active}


def zone_config(z: Zone) -> dict[str, Any]:
    return {"id": z.id, "name": z.name, "agencies": list(z.agencies),
            "counters": list(z.counters)}


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """config.toml has no null: a key left out takes its default."""
    return {k: v for k, v in values.items() if v is not None}


def service_table(config: dict[str, Any]) -> dict[str, Any]:
    """An API ServiceConfig as an [[agencies.services]] table (without its agency)."""
    raw = {SERVICE_KEYS.get(k, k): v for k, v in config.items() if k != "agency_id"}
    if not raw.get("requirements"):
        raw.pop("requirements", None)
    return drop_none(raw)


def counter_table(config: dict[str, Any]) -> dict[str, Any]:
    return drop_none({COUNTER_KEYS.get(k, k): v for k, v in config.items()})


def agency_table(config: dict[str, Any]) -> dict[str, Any]:
    return drop_none(dict(config))


def api_field(entity: str, registry_path: tuple[Any, ...]) -> str:
    """A problem's path inside one table ("avg_service_minutes", "hours", "friday") as the
    API's field ("service_minutes", "hours.friday")."""
    names = {"service": {v: k for k, v in SERVICE_KEYS.items()},
             "counter": {v: k for k, v in COUNTER_KEYS.items()}}.get(entity, {})
    parts = [str(p) for p in registry_path]
    if parts:
        parts[0] = names.get(parts[0], parts[0])
    return ".".join(parts)
