"""Browser sign-in: argon2-checked passwords, throttling, server-side sessions.

A session id is 256 random bits held in the signed cookie; only its SHA-256 is stored, so a
copy of the database opens no session. Signing in always makes a new id (no fixation);
signing out or changing the password ends sessions on the server, not just in the browser.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta

from queue_server.domain.access import Principal
from queue_server.domain.errors import BadRequest, RateLimited, Unauthorized
from queue_server.domain.sign_in import (
    MAX_FAILURES_PER_ADDRESS,
    WINDOW,
    locked_until,
)
from queue_server.services.accounts import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    principal_of,
    verify_password,
)
from queue_server.services.hall import Hall

# last_seen_at is for the admin's eyes; not every request needs a write
TOUCH_EVERY = timedelta(minutes=1)
SESSION_LIFETIME = timedelta(hours=14)  # a working day, then sign in again


_dummy_hash: str | None = None
_dummy_lock = threading.Lock()


def dummy_password_hash() -> str:
    """An argon2 hash of a password nobody knows, made by the same hasher (same memory,
    time and parallelism) as every real one: an unknown name, or an account without a
    password, costs one full verify too, so the answer time cannot tell which names exist.
    Made once per process (it takes as long as a real hash)."""
    global _dummy_hash
    with _dummy_lock:
        if _dummy_hash is None:
            _dummy_hash = hash_password(secrets.token_urlsafe(32))
        return _dummy_hash


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    session_id: str
    principal: Principal


def sign_in(hall: Hall, name: str, password: str, *, ip: str | None = None,
            user_agent: str | None = None) -> SignedIn:
    name = (name or "").strip()
    if not name or not password:
        raise BadRequest("Isi nama pengguna dan kata sandi.", field="name")
    now = hall.now()
    with hall.store.read() as tx:
        here = tx.web_sessions.sign_in_failures_from(now - WINDOW, name, ip)
        by_ip = tx.web_sessions.sign_in_failures(now - WINDOW, ip=ip) if ip else []
        found = tx.accounts.password_of(name)
    until = locked_until(here, now) or locked_until(by_ip, now, MAX_FAILURES_PER_ADDRESS)
    if until is not None:
        seconds = max(1, math.ceil((until - now).total_seconds()))
        minutes = max(1, round(seconds / 60))
        with hall.store.write() as tx:
            tx.events.append("sign_in_refused", now, f"user:{name}",
                             data={"ip": ip, "reason": "throttled"})
        raise RateLimited(f"Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit.",
                          retry_after=seconds)
    # argon2 runs whether or not the name exists (or has a password): the answer time
    # tells nothing
    stored = found.password_hash if found else None
    ok = verify_password(stored or dummy_password_hash(), password) and stored is not None
    with hall.store.write() as tx:
        tx.web_sessions.record_sign_in(name, ip, now, ok)
        if not ok or found is None:
            tx.events.append("sign_in_failed", now, f"user:{name}", data={"ip": ip})
        else:
            session_id = secrets.token_urlsafe(32)
            tx.web_sessions.create(session_hash(session_id), found.user_id, now, ip,
                                   user_agent)
            tx.events.append("signed_in", now, f"user:{name}", data={"ip": ip})
    if not ok or found is None:
        raise Unauthorized("Nama pengguna atau kata sandi salah.")
    principal = principal_for_session(hall, session_id)
    assert principal is not None
    return SignedIn(session_id, principal)


def principal_for_session(hall: Hall, session_id: str | None) -> Principal | None:
    if not session_id:
        return None
    digest = session_hash(session_id)
    now = hall.now()
    with hall.store.read() as tx:
        found = tx.web_sessions.live(digest)
        if found is None:
            return None
        last_seen = found.last_seen_at
        account = tx.accounts.user_account(found.user_id)
    if account is None or now - last_seen > SESSION_LIFETIME:
        return None
    if now - last_seen > TOUCH_EVERY:
        with hall.store.write() as tx:
            tx.web_sessions.touch(digest, now)
    return principal_of(account, session_hash=digest)


def sign_out(hall: Hall, session_id: str, principal: Principal) -> None:
    now = hall.now()
    with hall.store.write() as tx:
        if tx.web_sessions.revoke(now, id_hash=session_hash(session_id)):
            tx.events.append("signed_out", now, principal.actor)


def change_password(hall: Hall, principal: Principal, session_id: str, current: str,
                    new: str, repeat: str) -> None:
    """Also ends every other session of the user (a lost laptop stays signed out), and
    lifts the one-time password's hold: a password the user chose needs no change."""
    if principal.user_id is None:
        raise Unauthorized("Masuk terlebih dahulu.")
    if new != repeat:
        raise BadRequest("Kata sandi baru dan ulangannya tidak sama.", field="repeat")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise BadRequest(f"Kata sandi baru minimal {MIN_PASSWORD_LENGTH} karakter.",
                         field="new")
    if new == current:
        raise BadRequest("Kata sandi baru harus berbeda dari kata sandi saat ini.",
                         field="new")
    with hall.store.read() as tx:
        found = tx.accounts.password_of(principal.name)
    if found is None or not verify_password(found.password_hash, current):
        raise BadRequest("Kata sandi saat ini salah.", field="current")
    new_hash = hash_password(new)  # slow on purpose: outside the write lock
    now = hall.now()
    with hall.store.write() as tx:
        tx.accounts.set_password_hash(principal.user_id, new_hash, must_change=False)
        ended = tx.web_sessions.revoke(now, user_id=principal.user_id,
                                       keep=session_hash(session_id))
        tx.events.append("password_changed", now, principal.actor,
                         data={"other_sessions_ended": ended})
