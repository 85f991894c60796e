"""Administration of the catalogue: agencies, services, counters and zones, created and
edited in the browser (API.md "Administration"). Each change is checked like config.toml,
made in one transaction with one event (before → after, actor), remembered as an admin
edit so a restart keeps it, and published so every screen refreshes. Nothing is deleted:
`active: false` deactivates."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from queue_server.domain import access
from queue_server.domain.errors import BadRequest, Forbidden, InvalidValue, NotFound
from queue_server.domain.logo_files import EXTENSIONS, logo_kind
from queue_server.domain.models import Agency, Counter, Role, Service, Zone
from queue_server.store import Transaction
from queue_server.store import rows as columns
from queue_server.store.admin_edits import WHOLE

from . import catalogue_shapes as shapes
from .catalogue_forms import Stored, checked, unknown_fields
from .hall import Hall, Outcome, require

SHAPES = {"agency": shapes.agency_config, "service": shapes.service_config,
          "counter": shapes.counter_config, "zone": shapes.zone_config}
COLUMNS = {"agency": columns.agency_columns, "service": columns.service_columns,
           "counter": columns.counter_columns, "zone": columns.zone_columns}
NOUNS = {"agency": "Instansi", "service": "Layanan", "counter": "Loket", "zone": "Zona"}
ADMIN_ONLY = {"agency", "zone"}  # supervisors read their agencies, never edit them


def _stored(hall: Hall, tx: Transaction) -> Stored:
    return Stored(tx.catalog.all_agencies(), tx.catalog.all_services(),
                  tx.catalog.all_counters(), tx.catalog.all_zones(),
                  tx.catalog.site_hours() or dict(hall.settings.hours))


def _things(stored: Stored, entity: str) -> list[Any]:
    return {"agency": stored.agencies, "service": stored.services,
            "counter": stored.counters, "zone": stored.zones}[entity]


def _agency_of(entity: str, thing: Any) -> str | None:
    return thing.id if entity == "agency" else getattr(thing, "agency_id", None)


def _may_see(p: access.Principal, entity: str, thing: Any) -> bool:
    if p.is_admin:
        return True
    agency = _agency_of(entity, thing)
    return entity != "zone" and agency is not None and access.supervises(p, agency)


def _require_staff_admin(p: access.Principal, what: str) -> None:
    require(p.is_admin or p.role is Role.SUPERVISOR, p.kind == "anonymous", what)


def list_of(hall: Hall, principal: access.Principal, entity: str) -> list[dict[str, Any]]:
    """Every agency/service/counter/zone the person may manage, inactive ones too."""
    _require_staff_admin(principal, "membuka halaman administrasi")
    if entity == "zone":  # supervisors read their own agency, but the TVs are the hall's
        require(principal.is_admin, False, "mengelola zona layar")
    with hall.store.read() as tx:
        stored = _stored(hall, tx)
    return [SHAPES[entity](t) for t in _things(stored, entity)
            if _may_see(principal, entity, t)]


def create(hall: Hall, principal: access.Principal, entity: str,
           body: dict[str, Any]) -> dict[str, Any]:
    return _save(hall, principal, entity, None, body)


def update(hall: Hall, principal: access.Principal, entity: str, id: str,
           body: dict[str, Any]) -> dict[str, Any]:
    return _save(hall, principal, entity, id, body)


def set_agency_logo(hall: Hall, principal: access.Principal, data_dir: Path, agency_id: str,
                    data: bytes) -> dict[str, Any]:
    """An uploaded logo: its kind read from its bytes (domain/logo_files.py), kept in the
    data folder's logos/ under a name made of its content (a new logo is a new address, so
    browsers may keep one for long), then set on the agency like any edit of it."""
    require(principal.is_admin, principal.kind == "anonymous", "mengubah instansi")
    with hall.store.read() as tx:
        if agency_id not in {a.id for a in _stored(hall, tx).agencies}:
            raise NotFound(f"Instansi {agency_id!r} tidak ditemukan.", field="id")
    try:
        kind = logo_kind(data)
    except InvalidValue as exc:
        raise BadRequest(f"Logo: {exc.indonesian}.", field="logo") from None
    name = f"{agency_id}-{hashlib.sha256(data).hexdigest()[:10]}.{EXTENSIONS[kind]}"
    folder = data_dir / "logos"
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / name).write_bytes(data)
    return update(hall, principal, "agency", agency_id, {"logo": name})


def _save(hall: Hall, principal: access.Principal, entity: str, id: str | None,
          body: dict[str, Any]) -> dict[str, Any]:
    noun = NOUNS[entity].lower()
    _require_staff_admin(principal, f"mengubah {noun}")
    if entity in ADMIN_ONLY:
        require(principal.is_admin, False, f"mengubah {noun}")
    unknown_fields(entity, body)
    now = hall.now()
    with hall.store.write() as tx:
        stored = _stored(hall, tx)
        things = _things(stored, entity)
        old = None
        if id is not None:
            old = next((t for t in things if t.id == id), None)
            if old is None:
                raise NotFound(f"{NOUNS[entity]} {id!r} tidak ditemukan.", field="id")
            if not _may_see(principal, entity, old):
                raise Forbidden(f"{NOUNS[entity]} {id!r} milik instansi lain.", field="id")
            if "id" in body and body["id"] != id:
                raise BadRequest("Id tidak dapat diubah; buat yang baru dan nonaktifkan "
                                 "yang lama.", field="id")
        before = SHAPES[entity](old) if old is not None else None
        form = {**(before or {}), **body}
        if old is not None:
            position = getattr(old, "position", 0)
        else:  # a new agency or service goes last on the kiosk
            position = tx.catalog.next_position(entity) if entity in {"agency",
                                                                      "service"} else 0
        thing = checked(entity, form, stored, keep=old, position=position)
        _check_scope(principal, entity, thing, stored)
        after = SHAPES[entity](thing)
        if before == after:
            return after  # nothing changed: no event, no refresh
        _write(tx, entity, old, thing)
        changed = _changed_fields(entity, old, thing)
        tx.admin_edits.mark(entity, thing.id, changed, now, principal.actor)
        tx.catalog.bump_version()
        tx.events.append(f"{entity}.{'created' if old is None else 'updated'}", now,
                         principal.actor,
                         service_id=thing.id if entity == "service" else None,
                         counter_id=thing.id if entity == "counter" else None,
                         data={"entity": entity, "id": thing.id, "before": before,
                               "after": after})
        events = tx.written
    hall.publish(Outcome(ticket=None, events=events))
    return after


def _check_scope(p: access.Principal, entity: str, thing: Any, stored: Stored) -> None:
    """A supervisor keeps a service or counter inside their agencies, and gives a counter
    only their agencies' services."""
    if p.is_admin:
        return
    agency = _agency_of(entity, thing)
    if agency is None or not access.supervises(p, agency):
        raise Forbidden("Anda hanya dapat mengelola instansi Anda sendiri.", field="agency_id")
    if isinstance(thing, Counter):
        agency_of = {s.id: s.agency_id for s in stored.services}
        for service_id in thing.service_weights:
            if not access.supervises(p, agency_of.get(service_id, "")):
                raise Forbidden("Loket hanya dapat melayani layanan instansi Anda.",
                                field=f"services.{service_id}")


def _write(tx: Transaction, entity: str, old: Any, thing: Agency | Service | Counter | Zone
           ) -> None:
    cols = COLUMNS[entity](thing)  # type: ignore[operator]
    if old is None:
        tx.catalog.insert(entity, cols)
    else:
        tx.catalog.update(entity, thing.id, {k: v for k, v in cols.items() if k != "id"})
    if isinstance(thing, Counter) and (old is None or old.service_weights
                                       != thing.service_weights):
        tx.catalog.set_counter_services(thing.id, thing.service_weights)


def _changed_fields(entity: str, old: Any, thing: Any) -> list[str]:
    """The stored columns the admin set, for the restart rule ("*": created here)."""
    if old is None:
        return [WHOLE]
    before, after = COLUMNS[entity](old), COLUMNS[entity](thing)
    changed = [k for k in after if before.get(k) != after[k] and k != "hours"]
    if isinstance(thing, Counter) and old.service_weights != thing.service_weights:
        changed.append("services")
    return changed
