"""An administration form (API body) → a checked domain object, by the same settings
registry and whole-catalogue rules as config.toml. Every problem is named at its API field
in Bahasa Indonesia; a duplicate id, prefix or number is a conflict (409)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from queue_server.domain.errors import ConflictingFields, InvalidFields
from queue_server.domain.models import Agency, Counter, CounterStatus, Service, Zone
from queue_server.settings import CatalogDraft, Problem, check_catalog, validate_table
from queue_server.settings.site import WeeklyHours, weekly_hours

from . import catalogue_shapes as shapes

EDITED = "edited"  # the draft path of the object being saved, among the stored ones


@dataclass(frozen=True)
class Stored:
    """The catalogue as stored, inactive things too: what the new object must fit in."""

    agencies: list[Agency]
    services: list[Service]
    counters: list[Counter]
    zones: list[Zone]
    site_hours: WeeklyHours


@dataclass(frozen=True)
class Form:
    entity: str
    table: str  # the registry table that checks it
    fields: tuple[str, ...]  # the API's fields
    to_table: Callable[[dict[str, Any]], dict[str, Any]]
    ignore: frozenset[str] = frozenset()  # registry keys the form does not carry


FORMS = {
    "agency": Form("agency", "agencies", ("id", "name", "name_en", "short_name", "active",
                                          "badge", "logo"),
                   shapes.agency_table, frozenset({"services"})),
    "service": Form("service", "services", (
        "id", "agency_id", "prefix", "name", "name_en", "daily_quota", "online_quota",
        "max_wait_minutes", "service_minutes", "requirements", "hours", "active",
        "slot_minutes", "slot_capacity", "booking_days_ahead"),
        shapes.service_table),
    "counter": Form("counter", "counters", ("id", "name", "number", "agency_id", "services",
                                            "active"), shapes.counter_table),
    "zone": Form("zone", "zones", ("id", "name", "agencies", "counters"), dict),
}


def unknown_fields(entity: str, body: dict[str, Any]) -> None:
    unknown = sorted(set(body) - set(FORMS[entity].fields))
    if unknown:
        raise InvalidFields([(name, "kolom tidak dikenal") for name in unknown])


def checked(entity: str, form: dict[str, Any], stored: Stored, *, position: int,
            keep: Any = None) -> Any:
    """The domain object the form describes, or InvalidFields / ConflictingFields.
    `keep`: the stored object it replaces (its live state such as a pause is kept)."""
    spec = FORMS[entity]
    raw = spec.to_table(form)
    values, found = validate_table(spec.table, raw)
    problems = [(shapes.api_field(entity, p.path[1:]), p.indonesian) for p in found
                if p.path[1:2] and p.path[1] not in spec.ignore]
    extra: list[tuple[str, str]] = []
    thing = _build(entity, values, form, stored, position, keep, extra)
    conflicts = _catalogue_problems(entity, thing, stored, replacing=keep is not None)
    duplicates = [(f, m) for f, m, dup in conflicts if dup]
    problems += extra + [(f, m) for f, m, dup in conflicts if not dup]
    if duplicates:
        raise ConflictingFields(*_said(duplicates + problems))
    if problems:
        raise InvalidFields(*_said(problems))
    return thing


LABELS = {
    "id": "Id", "agency_id": "Instansi", "prefix": "Prefiks", "name": "Nama",
    "name_en": "Nama (Inggris)", "short_name": "Nama singkat", "badge": "Lencana",
    "logo": "Logo", "daily_quota": "Kuota harian",
    "online_quota": "Kuota daring", "max_wait_minutes": "Batas waktu tunggu",
    "service_minutes": "Waktu layanan", "requirements": "Persyaratan", "hours": "Jam layanan",
    "active": "Aktif", "number": "Nomor loket", "services": "Layanan loket",
    "agencies": "Instansi", "counters": "Loket", "slot_minutes": "Panjang slot",
    "slot_capacity": "Kapasitas slot", "booking_days_ahead": "Hari pemesanan",
}


def _said(problems: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """Each problem as a sentence for its field, and the first one named for the envelope:
    "Prefiks: harus 1 sampai 3 huruf kapital (A, KK, SKC)."."""
    said = [(f, m[:1].upper() + m[1:] + ("" if m.endswith(".") else ".")) for f, m in problems]
    field, message = problems[0]
    label = LABELS.get(field.split(".")[0], field)
    detail = field.split(".", 1)[1] if "." in field else ""
    return said, f"{label}{f' ({detail})' if detail else ''}: {message}."


def _build(entity: str, values: dict[str, Any], form: dict[str, Any], stored: Stored,
           position: int, keep: Any, extra: list[tuple[str, str]]) -> Any:
    if entity == "agency":
        name = values.get("name")
        return Agency(values.get("id"), name, values.get("short_name"), position,
                      name_en="" if values.get("name_en") in (None, name)
                      else values["name_en"], active=values.get("active", True),
                      badge=values.get("badge") or "", logo=values.get("logo") or "")
    if entity == "service":
        agency_id = form.get("agency_id")
        if not isinstance(agency_id, str) or not agency_id:
            extra.append(("agency_id", "wajib diisi"))
        elif agency_id not in {a.id for a in stored.agencies}:
            extra.append(("agency_id", f"instansi {agency_id!r} tidak dikenal"))
        own = weekly_hours(values.get("hours") or {}, {})
        return Service(
            id=values.get("id"), agency_id=agency_id, prefix=values.get("prefix"),
            name=values.get("name"), name_en=values.get("name_en") or values.get("name"),
            daily_quota=values.get("daily_quota"),
            max_wait_minutes=values.get("max_wait_minutes"),
            avg_service_minutes=values.get("avg_service_minutes"), position=position,
            paused_reason=keep.paused_reason if keep else None,
            hours={**stored.site_hours, **own}, requirements=tuple(
                values.get("requirements") or ()), online_quota=values.get("online_quota"),
            active=values.get("active", True), own_hours=own or None,
            slot_minutes=values.get("slot_minutes"),
            slot_capacity=values.get("slot_capacity"),
            booking_days_ahead=values.get("booking_days_ahead"))
    if entity == "counter":
        number = values.get("number")
        return Counter(values.get("id"), values.get("name") or f"Loket {number}", number,
                       values.get("agency"), dict(values.get("services") or {}),
                       status=keep.status if keep else CounterStatus.OPEN,
                       pause_reason=keep.pause_reason if keep else None,
                       active=values.get("active", True))
    return Zone(values.get("id"), values.get("name"), tuple(values.get("agencies") or ()),
                tuple(values.get("counters") or ()))


def _catalogue_problems(entity: str, thing: Any, stored: Stored, *,
                        replacing: bool) -> list[tuple[str, str, bool]]:
    """The whole-catalogue rules (unique prefixes, known services …) with the object in
    place of its stored self: (field, message, is a duplicate)."""
    draft = CatalogDraft()
    groups = {"agency": (draft.agencies, stored.agencies),
              "service": (draft.services, stored.services),
              "counter": (draft.counters, stored.counters),
              "zone": (draft.zones, stored.zones)}
    for kind, (located, things) in groups.items():
        for i, other in enumerate(things):
            if kind != entity or not replacing or other.id != thing.id:
                located.append((("stored", kind, i), other))
    # the edited object last: a duplicate is reported at the later one, so at the form
    groups[entity][0].append(((EDITED,), thing))
    out = []
    for problem in check_catalog(draft):
        if problem.path[:1] == (EDITED,):
            out.append((_field(entity, problem), problem.indonesian, problem.see is not None))
    return out


def _field(entity: str, problem: Problem) -> str:
    return shapes.api_field(entity, problem.path[1:])
