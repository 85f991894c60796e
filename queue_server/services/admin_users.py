"""Staff accounts from the administration (API.md "Administration", users): list, create,
edit, deactivate and reset the password of admins, supervisors and officers.

An admin manages every account; a supervisor only the officers of their agencies (every
counter of the officer in one of the supervisor's agencies) and may give them only such
counters. A new account and a reset get a one-time password, shown once and stored as its
argon2 hash, that must be replaced at the next sign-in. Deactivating ends the user's browser
sessions and bearer tokens in the same transaction (the realtime layer then drops their
sockets); reactivating lets them sign in again, their old tokens stay revoked."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from queue_server.domain import access
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import BadRequest, Conflict, Forbidden, NotFound
from queue_server.domain.models import Role
from queue_server.services import accounts
from queue_server.services.hall import Hall, Outcome, require
from queue_server.store import Transaction
from queue_server.store.accounts import UserRow

ENTITY = "user"
DISPLAY_NAME_MAX = 80
# no 0/O, 1/l/I: read off a screen and typed by someone else
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
PASSWORD_LENGTH = 12
EDITABLE = ("display_name", "role", "agencies", "counters", "active")


@dataclass(frozen=True)
class CreatedUser:
    user: UserRow
    password: str  # the one-time password: shown once, never stored


def shape(row: UserRow) -> dict[str, Any]:
    """The API's `User` (also the before/after of the events): never a password or hash."""
    return {"name": row.name, "display_name": row.display_name, "role": row.role,
            "agencies": list(row.agencies), "counters": list(row.counters),
            "active": row.active, "must_change_password": row.must_change_password}


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


# ---------------------------------------------------------------- reading


def list_users(hall: Hall, principal: access.Principal) -> list[UserRow]:
    """Admins see every account; a supervisor the officers they manage."""
    _require_manager(principal)
    with hall.store.read() as tx:
        owners = tx.accounts.counter_agencies()
        return [row for row in tx.accounts.users() if _manages(principal, row, owners)]


def get_user(hall: Hall, principal: access.Principal, name: str) -> UserRow:
    _require_manager(principal)
    with hall.store.read() as tx:
        return _target(tx, principal, name)


# ---------------------------------------------------------------- changing


def create_user(hall: Hall, principal: access.Principal, *, name: object, role: object,
                display_name: object = None, agencies: object = (),
                counters: object = ()) -> CreatedUser:
    _require_manager(principal)
    wanted = {"name": _name(name), "role": _role(role),
              "display_name": _display_name(display_name),
              "agencies": _ids(agencies, "agencies"), "counters": _ids(counters, "counters")}
    with hall.store.read() as tx:  # refuse before the slow hash, then again under the lock
        _check_new(tx, hall.catalog(tx), principal, wanted)
    password = one_time_password()
    password_hash = accounts.hash_password(password)  # ~0.2 s on purpose: outside the lock
    now = hall.now()
    with hall.store.write() as tx:
        _check_new(tx, hall.catalog(tx), principal, wanted)
        tx.accounts.create_user(wanted["name"], wanted["role"].value, password_hash, now,
                                wanted["agencies"], wanted["counters"],
                                display_name=wanted["display_name"],
                                must_change_password=True)
        after = _row(tx, wanted["name"])
        _record(tx, "user.created", now, principal, None, after)
        events = tx.written
    hall.publish(Outcome(ticket=None, events=events))
    return CreatedUser(after, password)


def update_user(hall: Hall, principal: access.Principal, name: str,
                changes: Mapping[str, object]) -> UserRow:
    """Change some of display_name, role, agencies, counters, active (what is absent stays).
    `active: false` ends the user's sessions and tokens at once."""
    _require_manager(principal)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise BadRequest(f"Kolom tidak dikenal: {', '.join(unknown)}.", field=unknown[0])
    now = hall.now()
    with hall.store.write() as tx:
        before = _target(tx, principal, name)
        wanted = {
            "name": before.name,
            "role": _role(changes["role"]) if "role" in changes else Role(before.role),
            "display_name": (_display_name(changes["display_name"])
                             if "display_name" in changes else before.display_name),
            "agencies": (_ids(changes["agencies"], "agencies") if "agencies" in changes
                         else before.agencies),
            "counters": (_ids(changes["counters"], "counters") if "counters" in changes
                         else before.counters),
        }
        active = changes.get("active", before.active)
        if not isinstance(active, bool):
            raise BadRequest("Kolom 'active' harus true/false.", field="active")
        _check_not_self(principal, before, wanted["role"], active)
        _check_new(tx, hall.catalog(tx), principal, wanted, before)
        tx.accounts.update_user(before.id, display_name=wanted["display_name"],
                                role=wanted["role"].value)
        tx.accounts.set_user_scope(before.id, wanted["agencies"], wanted["counters"])
        if active != before.active:
            tx.accounts.set_active(before.id, active, now)
        if not active:  # also mops up a session opened by a race with an earlier deactivation
            tx.web_sessions.end_all_of(before.id, now)
            tx.accounts.revoke_user_tokens(before.id, now)
        after = _row(tx, name)
        if after == before:
            return after  # nothing changed: no event, nobody told
        _record(tx, "user.updated", now, principal, before, after)
        events = tx.written
    hall.publish(Outcome(ticket=None, events=events))
    return after


def set_active(hall: Hall, principal: access.Principal, name: str, active: bool) -> UserRow:
    return update_user(hall, principal, name, {"active": active})


def reset_password(hall: Hall, principal: access.Principal, name: str) -> str:
    """A new one-time password (returned once): the old one stops working, the user's
    browser sessions end, and the next sign-in must choose a new password. Bearer tokens
    are left alone (they were made by the IT officer, not with the password)."""
    _require_manager(principal)
    with hall.store.read() as tx:
        _check_reset(principal, _target(tx, principal, name))
    password = one_time_password()
    password_hash = accounts.hash_password(password)
    now = hall.now()
    with hall.store.write() as tx:
        before = _target(tx, principal, name)
        _check_reset(principal, before)
        tx.accounts.set_password_hash(before.id, password_hash, must_change=True)
        tx.web_sessions.end_all_of(before.id, now)
        _record(tx, "user.password_reset", now, principal, before, _row(tx, name))
        events = tx.written
    hall.publish(Outcome(ticket=None, events=events))
    return password


# ---------------------------------------------------------------- rules


def _require_manager(principal: access.Principal) -> None:
    require(access.can_manage_users(principal), principal.kind == "anonymous",
            "mengelola akun petugas")


def _manages(principal: access.Principal, row: UserRow, owners: Mapping[str, str]) -> bool:
    return access.can_manage_user(principal, Role(row.role), row.agencies,
                                  [owners.get(c) for c in row.counters])


def _target(tx: Transaction, principal: access.Principal, name: str) -> UserRow:
    row = _row(tx, name)
    if not _manages(principal, row, tx.accounts.counter_agencies()):
        raise Forbidden(f"Akun {name!r} di luar wewenang Anda: supervisor hanya mengelola "
                        f"petugas loket di instansinya.", field="name")
    return row


def _row(tx: Transaction, name: str) -> UserRow:
    row = tx.accounts.user(name) if isinstance(name, str) else None
    if row is None:
        raise NotFound(f"Pengguna {name!r} tidak ditemukan.", field="name")
    return row


def _is_self(principal: access.Principal, row: UserRow) -> bool:
    return principal.kind == "user" and principal.name == row.name


def _check_not_self(principal: access.Principal, before: UserRow, role: Role,
                    active: bool) -> None:
    # an admin who could lock themselves out could leave the hall without any admin
    if not _is_self(principal, before):
        return
    if not active:
        raise Conflict("Anda tidak dapat menonaktifkan akun Anda sendiri; minta admin lain "
                       "melakukannya.", field="active")
    if role.value != before.role:
        raise Conflict("Anda tidak dapat mengubah peran akun Anda sendiri; minta admin lain "
                       "melakukannya.", field="role")


def _check_reset(principal: access.Principal, row: UserRow) -> None:
    if _is_self(principal, row):
        raise Conflict("Untuk akun Anda sendiri, gunakan halaman Ganti kata sandi.",
                       field="name")


def _check_new(tx: Transaction, catalog: Catalog, principal: access.Principal,
               wanted: dict[str, Any], before: UserRow | None = None) -> None:
    """The account as it would be: known agencies and counters (ones it already holds may
    stay, even if deactivated since), the scope its role needs, and the caller's reach."""
    role: Role = wanted["role"]
    held_agencies = set(before.agencies) if before else set()
    held_counters = set(before.counters) if before else set()
    for agency in wanted["agencies"]:
        if agency not in catalog.agencies and agency not in held_agencies:
            raise BadRequest(f"Instansi {agency!r} tidak dikenal atau tidak aktif.",
                             field="agencies")
    for counter in wanted["counters"]:
        if counter not in catalog.counters and counter not in held_counters:
            raise BadRequest(f"Loket {counter!r} tidak dikenal atau tidak aktif.",
                             field="counters")
    if role is Role.OFFICER and not wanted["counters"]:
        raise BadRequest("Petugas loket (officer) perlu paling sedikit satu loket.",
                         field="counters")
    if role is Role.SUPERVISOR and not wanted["agencies"]:
        raise BadRequest("Supervisor perlu paling sedikit satu instansi.", field="agencies")
    if principal.is_admin:
        return
    if role is not Role.OFFICER:
        raise Forbidden("Supervisor hanya dapat membuat dan mengubah akun petugas loket "
                        "(officer).", field="role")
    owners = tx.accounts.counter_agencies()
    for counter in wanted["counters"]:
        if owners.get(counter) not in principal.agencies:
            raise Forbidden(f"Loket {counter!r} bukan milik instansi yang Anda awasi.",
                            field="counters")
    for agency in wanted["agencies"]:
        if agency not in principal.agencies:
            raise Forbidden(f"Instansi {agency!r} bukan instansi yang Anda awasi.",
                            field="agencies")


def _record(tx: Transaction, type: str, now: Any, principal: access.Principal,
            before: UserRow | None, after: UserRow) -> None:
    tx.events.append(type, now, principal.actor, data={
        "entity": ENTITY, "id": after.name,
        "before": shape(before) if before else None, "after": shape(after)})
    tx.catalog.bump_version()  # every process and screen hears of the change


# ---------------------------------------------------------------- field checks


def _name(value: object) -> str:
    if not accounts.valid_name(value):
        raise BadRequest("Nama pengguna harus 1–64 karakter: huruf, angka, titik, garis "
                         "bawah, @ atau tanda hubung, diawali huruf atau angka.", field="name")
    return value  # type: ignore[return-value]


def _role(value: object) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise BadRequest("Peran harus admin, supervisor atau officer.", field="role") from None


def _display_name(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest("Nama tampilan harus teks.", field="display_name")
    text = " ".join(value.split())
    if len(text) > DISPLAY_NAME_MAX:
        raise BadRequest(f"Nama tampilan maksimal {DISPLAY_NAME_MAX} karakter.",
                         field="display_name")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise BadRequest("Nama tampilan tidak boleh berisi karakter kendali.",
                         field="display_name")
    return text or None


def _ids(value: object, field: str) -> tuple[str, ...]:
    what = "instansi" if field == "agencies" else "loket"
    if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and 0 < len(v) <= 40 for v in value):
        raise BadRequest(f"Kolom '{field}' harus daftar id {what}.", field=field)
    return tuple(sorted(set(value)))
