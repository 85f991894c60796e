"""People, devices and their bearer tokens.

A token is shown once and stored only as its SHA-256: tokens are 192 random bits, so a
fast hash is enough (passwords, being guessable, get argon2 instead)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from queue_server.domain.access import Principal
from queue_server.domain.errors import BadRequest, NotFound
from queue_server.domain.models import DeviceKind, Role
from queue_server.services.hall import Hall
from queue_server.store import AccountRow, TokenRow

TOKEN_PREFIX = "lkt_"
# The name rule, also the devices page's `pattern` attribute: "\-" keeps it a valid
# regular expression for Chromium too (its v flag refuses a bare "-" there)
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}"
_NAME = re.compile(f"^{NAME_PATTERN}$")
# last_used_at is for the admin's eyes; writing it on every request would serialise reads
TOUCH_EVERY = timedelta(minutes=1)
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class IssuedToken:
    name: str
    secret: str  # shown once, never stored
    prefix: str


def valid_name(name: object) -> bool:
    """1-64 letters, digits, . _ @ or -, starting with a letter or digit (users, tokens,
    devices alike)."""
    return isinstance(name, str) and bool(_NAME.match(name))


def _check_name(name: str, what: str) -> str:
    if not valid_name(name):
        raise BadRequest(f"{what} name must be 1-64 letters, digits, . _ @ or -", field="name")
    return name


def _new_secret() -> tuple[str, str]:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(24)
    return secret, secret[:12]


def new_device_secret() -> tuple[str, str]:
    """A device token's secret and shown prefix, for a token minted inside another use
    case's transaction (pairing mints it only when the screen collects it)."""
    return _new_secret()


def principal_of(row: AccountRow, session_hash: str | None = None) -> Principal:
    if row.user_id is not None:
        return Principal(
            kind="user", name=row.name, role=Role(row.role), agencies=row.agencies,
            counters=row.counters, user_id=row.user_id, token_id=row.token_id,
            session_hash=session_hash,
            # only a browser session is held to it: tokens are made by the IT officer
            must_change_password=row.must_change_password and session_hash is not None,
        )
    # a survey tablet carries its counter (it may answer only for whom that counter served)
    return Principal(kind="device", name=row.name, device_kind=DeviceKind(row.device_kind),
                     counters=row.counters, device_id=row.device_id, token_id=row.token_id)


def create_user(hall: Hall, name: str, role: str, password: str | None, *,
                agencies: Sequence[str] = (), counters: Sequence[str] = (),
                actor: str = "cli") -> int:
    _check_name(name, "user")
    try:
        role_ = Role(role)
    except ValueError:
        raise BadRequest("role must be admin, supervisor or officer", field="role") from None
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(f"password must be at least {MIN_PASSWORD_LENGTH} characters",
                         field="password")
    catalog = hall.current_catalog()
    for agency in agencies:
        if agency not in catalog.agencies:
            raise NotFound(f"unknown agency {agency!r}", field="agency")
    counter_ids = [resolve_counter_id(catalog.counters, c) for c in counters]
    if role_ is Role.SUPERVISOR and not agencies:
        raise BadRequest("a supervisor needs at least one --agency", field="agency")
    if role_ is Role.OFFICER and not counter_ids:
        raise BadRequest("an officer needs at least one --counter", field="counter")
    now = hall.now()
    # argon2 takes ~0.2 s on purpose: never inside the write transaction
    password_hash = hash_password(password) if password else None
    with hall.store.write() as tx:
        user_id = tx.accounts.create_user(name, role_.value, password_hash, now, agencies,
                                          counter_ids)
        tx.events.append("user_created", now, actor, data={
            "user": name, "role": role_.value, "agencies": list(agencies),
            "counters": counter_ids})
    return user_id


def resolve_counter_id(counters: dict[str, Any], name_or_id: str) -> str:
    """Counters are named in config by id (loket-3) and shown by name (Loket 3)."""
    if name_or_id in counters:
        return name_or_id
    for counter in counters.values():
        if counter.name.lower() == name_or_id.lower() or str(counter.number) == name_or_id:
            return counter.id
    raise NotFound(f"unknown counter {name_or_id!r}", field="counter")


def create_user_token(hall: Hall, user: str, token_name: str | None = None,
                      actor: str = "cli") -> IssuedToken:
    name = _check_name(token_name or user, "token")
    secret, prefix = _new_secret()
    now = hall.now()
    with hall.store.write() as tx:
        user_id = tx.accounts.user_id(user)
        tx.accounts.create_token(name, hash_token(secret), prefix, now, user_id=user_id)
        tx.events.append("token_created", now, actor,
                         data={"token": name, "prefix": prefix, "user": user})
    return IssuedToken(name, secret, prefix)


def create_device_token(hall: Hall, device: str, kind: str, actor: str = "cli", *,
                        counter_id: str | None = None) -> IssuedToken:
    """A device and its token; a survey tablet names the counter it stands at."""
    _check_name(device, "device")
    try:
        kind_ = DeviceKind(kind)
    except ValueError:
        raise BadRequest("kind must be kiosk, display or survey", field="kind") from None
    counter_id = survey_counter(hall, kind_, counter_id)
    secret, prefix = _new_secret()
    now = hall.now()
    with hall.store.write() as tx:
        device_id = tx.accounts.ensure_device(device, kind_.value, now, counter_id)
        tx.accounts.create_token(device, hash_token(secret), prefix, now, device_id=device_id)
        data = {"token": device, "prefix": prefix, "device": device, "kind": kind_.value}
        if counter_id is not None:
            data["counter_id"] = counter_id
        tx.events.append("token_created", now, actor, data=data)
    return IssuedToken(device, secret, prefix)


def survey_counter(hall: Hall, kind: DeviceKind, counter_id: str | None) -> str | None:
    """The counter a device stands at: required (an active counter) for a survey tablet,
    none for a kiosk or a TV, which serve the whole hall."""
    counter_id = (counter_id or "").strip() or None
    if kind is not DeviceKind.SURVEY:
        if counter_id is not None:
            raise BadRequest("Hanya tablet survei yang ditempatkan di sebuah loket.",
                             field="counter_id")
        return None
    if counter_id is None:
        raise BadRequest("Pilih loket tempat tablet survei ini berdiri.", field="counter_id")
    if counter_id not in hall.current_catalog().counters:
        raise BadRequest(f"Loket {counter_id!r} tidak ada atau tidak aktif.",
                         field="counter_id")
    return counter_id


def list_tokens(hall: Hall) -> list[TokenRow]:
    with hall.store.read() as tx:
        return tx.accounts.tokens()


def revoke_token(hall: Hall, name: str, actor: str = "cli") -> int:
    now = hall.now()
    with hall.store.write() as tx:
        count = tx.accounts.revoke_tokens(name, now)
        if count:
            tx.events.append("token_revoked", now, actor,
                             data={"token": name, "count": count})
    if not count:
        raise NotFound(f"no live token named {name!r}", field="name")
    return count


def principal_for_token(hall: Hall, secret: str) -> Principal | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    digest = hash_token(secret)
    with hall.store.read() as tx:
        row = tx.accounts.account_for_token(digest)
    if row is None:
        return None
    now = hall.now()
    last = row.last_used_at
    if row.token_id is not None and (last is None or now - last > TOUCH_EVERY):
        with hall.store.write() as tx:
            tx.accounts.touch_token(row.token_id, now)
    return principal_of(row)
