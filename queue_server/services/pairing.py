"""Pairing a kiosk, a TV or a survey tablet from the admin page: the unpaired screen shows a
short code, an admin approves it under a device name (a survey tablet also with the counter
it stands at), and the screen collects its token once — no token is typed on a touchscreen
or read aloud across the hall.

The database never holds a usable secret: the screen's poll secret is stored as its hash,
and the device token is minted when the screen collects it (only its hash is stored), so a
copy of the database taken between approval and collection pairs nothing."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.domain import access
from queue_server.domain.errors import BadRequest, NotFound, RateLimited
from queue_server.domain.models import DeviceKind
from queue_server.domain.pairing import PAIRING_LIFETIME, seconds_until_a_slot
from queue_server.services import accounts
from queue_server.services.hall import Hall, require
from queue_server.store import DeviceRow, PairingRow, Transaction

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


def request_pairing(hall: Hall, kind: str, address: str | None = None) -> PairingRequest:
    """Anyone may ask (the screen has no credentials yet); only an admin can approve. The
    codes waiting at once are bounded per `address` (the asker's network address) and for
    the hall (RateLimited, with when to ask again)."""
    if kind not in {k.value for k in DeviceKind}:
        raise BadRequest("kind harus kiosk, display atau survey.", field="kind")
    now = hall.now()
    secret = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    code = f"{code[:3]}-{code[3:]}"
    with hall.store.write() as tx:
        # an expired code still answers "expired" for one more lifetime, then it is gone
        tx.pairing.forget_expired(now - PAIRING_LIFETIME)
        mine = tx.pairing.pending_times(now, address) if address else []
        wait = seconds_until_a_slot(mine, tx.pairing.pending_times(now), now)
        if wait is None:
            tx.pairing.insert(code, _poll_hash(secret), kind, now, now + PAIRING_LIFETIME,
                              address)
    if wait is not None:
        minutes = max(1, round(wait / 60))
        raise RateLimited(f"Terlalu banyak kode pemasangan menunggu persetujuan. Coba lagi "
                          f"dalam {minutes} menit, atau setujui kode yang sudah tampil.",
                          retry_after=wait)
    return PairingRequest(code, secret, int(PAIRING_LIFETIME.total_seconds()))


def pairing_status(hall: Hall, poll_secret: str) -> dict[str, Any]:
    """pending | approved (with the token, minted now and handed over exactly once) |
    collected | expired"""
    now = hall.now()
    with hall.store.write() as tx:
        row = tx.pairing.by_poll(_poll_hash(poll_secret or ""))
        if row is None:
            raise NotFound("Permintaan pemasangan tidak dikenal.", field="secret")
        if row.collected_at:
            return {"status": "collected"}
        if row.expires_at <= now:
            return {"status": "expired"}
        if not row.awaiting_collection:
            return {"status": "pending", "code": row.code}
        if not tx.pairing.collect(row.id, now):  # another poll took it a moment ago
            return {"status": "collected"}
        token = _mint_token(tx, row, now)
    return {"status": "approved", "token": token, "device": row.device_name,
            "kind": row.kind}


def _mint_token(tx: Transaction, row: PairingRow, now: datetime) -> str:
    """The device's token, made in the collecting transaction: its secret leaves in the
    answer only, its hash stays."""
    secret, prefix = accounts.new_device_secret()
    name = row.device_name or ""
    tx.accounts.create_token(name, accounts.hash_token(secret), prefix, now,
                             device_id=row.device_id)
    actor = row.approved_by or "pairing"
    tx.events.append("token_created", now, actor, data={
        "token": name, "prefix": prefix, "device": name, "kind": row.kind,
        "via": "pairing"})
    tx.events.append("device_paired", now, f"device:{name}",
                     data={"code": row.code, "kind": row.kind})
    return secret


def approve_pairing(hall: Hall, principal: access.Principal, code: str,
                    device_name: str, counter_id: str | None = None) -> str:
    """`counter_id`: the counter a survey tablet stands at (required for one, refused for a
    kiosk or a TV). The device exists from now on; its token is made when it collects."""
    require(principal.is_admin, principal.kind == "anonymous", "memasangkan perangkat")
    code = normalise_code(code)
    now = hall.now()
    with hall.store.read() as tx:
        row = tx.pairing.open_by_code(code, now)
    if row is None:
        raise NotFound(f"Kode {code} tidak ada atau sudah kedaluwarsa.", field="code")
    if not accounts.valid_name(device_name):
        raise BadRequest("device name must be 1-64 letters, digits, . _ @ or -", field="name")
    kind = DeviceKind(row.kind)
    counter_id = accounts.survey_counter(hall, kind, counter_id)
    data = {"code": code, "device": device_name, "kind": row.kind}
    if kind is DeviceKind.SURVEY:
        data["counter_id"] = counter_id or ""
    with hall.store.write() as tx:
        device_id = tx.accounts.ensure_device(device_name, kind.value, now, counter_id)
        if not tx.pairing.approve(row.id, now, principal.actor, device_name, device_id):
            raise NotFound(f"Kode {code} sudah disetujui.", field="code")
        tx.events.append("pairing_approved", now, principal.actor, data=data)
    return device_name


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
