"""Pairing a kiosk, a TV or a survey tablet from the admin page: the unpaired screen shows a
short code, an admin approves it under a device name (a survey tablet also with the counter
it stands at), and the screen collects its token once — no token is typed on a touchscreen
or read aloud across the hall."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from queue_server.domain import access
from queue_server.domain.errors import BadRequest, NotFound
from queue_server.domain.models import DeviceKind
from queue_server.services import accounts
from queue_server.services.hall import Hall, require
from queue_server.store import DeviceRow, PairingRow

PAIRING_LIFETIME = timedelta(minutes=15)
# no 0/O, 1/I/L: read from across the room and typed by an admin
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PATTERN = re.compile(r"^[A-Z2-9]{3}-?[A-Z2-9]{3}$")


def _poll_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    code = (code or "").strip().upper().replace(" ", "")
    if not CODE_PATTERN.match(code):
        raise BadRequest("Kode pemasangan berbentuk 6 huruf/angka, mis. K7Q-4MZ.", field="code")
    return code if "-" in code else f"{code[:3]}-{code[3:]}"


@dataclass(frozen=True)
class PairingRequest:
    code: str
    poll_secret: str
    expires_in_seconds: int


def request_pairing(hall: Hall, kind: str) -> PairingRequest:
    """Anyone may ask (the screen has no credentials yet); only an admin can approve."""
    if kind not in {k.value for k in DeviceKind}:
        raise BadRequest("kind harus kiosk, display atau survey.", field="kind")
    now = hall.now()
    secret = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    code = f"{code[:3]}-{code[3:]}"
    with hall.store.write() as tx:
        tx.pairing.forget_expired(now)
        tx.pairing.insert(code, _poll_hash(secret), kind, now, now + PAIRING_LIFETIME)
    return PairingRequest(code, secret, int(PAIRING_LIFETIME.total_seconds()))


def pairing_status(hall: Hall, poll_secret: str) -> dict[str, Any]:
    """pending | approved (with the token, handed over exactly once) | collected | expired"""
    now = hall.now()
    with hall.store.write() as tx:
        row = tx.pairing.by_poll(_poll_hash(poll_secret or ""))
        if row is None:
            raise NotFound("Permintaan pemasangan tidak dikenal.", field="secret")
        if row.token_secret:
            tx.pairing.collect(row.id, now)
            tx.events.append("device_paired", now, f"device:{row.device_name}",
                             data={"code": row.code, "kind": row.kind})
            return {"status": "approved", "token": row.token_secret,
                    "device": row.device_name, "kind": row.kind}
        if row.collected_at:
            return {"status": "collected"}
        if row.expires_at <= now:
            return {"status": "expired"}
        return {"status": "pending", "code": row.code}


def approve_pairing(hall: Hall, principal: access.Principal, code: str,
                    device_name: str, counter_id: str | None = None) -> str:
    """`counter_id`: the counter a survey tablet stands at (required for one, refused for a
    kiosk or a TV)."""
    require(principal.is_admin, principal.kind == "anonymous", "memasangkan perangkat")
    code = normalise_code(code)
    now = hall.now()
    with hall.store.read() as tx:
        row = tx.pairing.open_by_code(code, now)
    if row is None:
        raise NotFound(f"Kode {code} tidak ada atau sudah kedaluwarsa.", field="code")
    issued = accounts.create_device_token(hall, device_name, row.kind, actor=principal.actor,
                                          counter_id=counter_id)
    data = {"code": code, "device": issued.name, "kind": row.kind}
    if row.kind == DeviceKind.SURVEY.value:
        data["counter_id"] = (counter_id or "").strip()
    with hall.store.write() as tx:
        tx.pairing.approve(row.id, now, principal.actor, issued.name, issued.secret)
        tx.events.append("pairing_approved", now, principal.actor, data=data)
    return issued.name


def pending(hall: Hall, principal: access.Principal) -> list[PairingRow]:
    require(principal.is_admin, principal.kind == "anonymous", "melihat perangkat")
    with hall.store.read() as tx:
        return tx.pairing.pending(hall.now())


def devices(hall: Hall, principal: access.Principal) -> list[DeviceRow]:
    require(principal.is_admin, principal.kind == "anonymous", "melihat perangkat")
    with hall.store.read() as tx:
        return tx.accounts.devices()


def revoke_device(hall: Hall, principal: access.Principal, name: str) -> int:
    """The device stops working at once: its tokens fail, its open sockets are dropped."""
    require(principal.is_admin, principal.kind == "anonymous", "mencabut perangkat")
    now = hall.now()
    with hall.store.write() as tx:
        device_id = tx.accounts.revoke_device(name, now)
        if device_id is None:
            raise NotFound(f"Perangkat {name!r} tidak ada.", field="name")
        tx.events.append("device_revoked", now, principal.actor, data={"device": name})
    return device_id
