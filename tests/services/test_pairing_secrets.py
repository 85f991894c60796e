"""The database never holds a usable pairing secret (issue 13, defect 10): the screen's
poll secret is kept as a hash and its device token is minted only when the screen collects
it, so a copy of the database file taken after an admin approved a code pairs nothing. A
hand-over left waiting by an older version is revoked on upgrade and minted afresh."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlite_utils import Database

from queue_server.services import accounts, pairing
from queue_server.services.hall import Hall
from queue_server.store import migrate, open_store
from queue_server.store.migrations import migrations
from tests.conftest import ADMIN


def every_value(path: Path) -> list[str]:
    """Every value of every row of every table of the database file, as text."""
    db = Database(path)
    try:
        tables = db.table_names()
        return [str(v) for t in tables for r in db.execute(f"SELECT * FROM [{t}]") for v in r]
    finally:
        db.close()


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
                    if p.exists())


def test_after_approval_no_row_of_the_database_holds_the_token_the_screen_then_receives(
        hall, tmp_path):
    asked = pairing.request_pairing(hall, "display", address="10.0.0.7")
    pairing.approve_pairing(hall, ADMIN, asked.code, "tv-lobi")
    approved_copy = every_value(tmp_path / "loket.db")
    approved_bytes = file_bytes(tmp_path / "loket.db")
    handed = pairing.pairing_status(hall, asked.poll_secret)
    token = handed["token"]
    assert handed["status"] == "approved"
    assert accounts.principal_for_token(hall, token).name == "tv-lobi"  # it pairs for real
    for secret in (token, asked.poll_secret):
        assert not any(secret in v for v in approved_copy)
        assert secret.encode() not in approved_bytes
        assert not any(secret in v for v in every_value(tmp_path / "loket.db"))
        assert secret.encode() not in file_bytes(tmp_path / "loket.db")


def test_a_second_poll_racing_the_first_gets_no_second_token(hall):
    asked = pairing.request_pairing(hall, "kiosk")
    pairing.approve_pairing(hall, ADMIN, asked.code, "kiosk-lobi")
    first = pairing.pairing_status(hall, asked.poll_secret)
    assert first["status"] == "approved"
    assert pairing.pairing_status(hall, asked.poll_secret) == {"status": "collected"}
    [device] = pairing.devices(hall, ADMIN)
    assert device.live_tokens == 1


def test_the_token_is_minted_at_collection_and_its_creation_is_audited_to_the_admin(hall):
    asked = pairing.request_pairing(hall, "display")
    pairing.approve_pairing(hall, ADMIN, asked.code, "tv-lobi")
    assert [d.live_tokens for d in pairing.devices(hall, ADMIN)] == [0]  # listed, no token
    pairing.pairing_status(hall, asked.poll_secret)
    assert [d.live_tokens for d in pairing.devices(hall, ADMIN)] == [1]
    with hall.store.read() as tx:
        made = tx.conn.execute("SELECT actor FROM events WHERE type = 'token_created'") \
            .fetchall()
    assert [r[0] for r in made] == [ADMIN.actor]


def test_a_hand_over_waiting_from_an_older_version_is_revoked_and_minted_afresh(
        tmp_path, settings, clock):
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="0012_hardening")
    old_token = "lkt_old-token-kept-in-clear-by-0011"
    old_hash = hashlib.sha256(old_token.encode()).hexdigest()
    poll_secret = "the-screen-still-polls-with-this"
    old["devices"].insert({"id": 1, "name": "tv-lobi", "kind": "display",
                           "created_at": "2026-03-02T01:58:00+00:00"})
    old["tokens"].insert({"name": "tv-lobi", "secret_hash": old_hash, "prefix": old_token[:12],
                          "device_id": 1, "created_at": "2026-03-02T01:59:00+00:00"})
    old["pairing_requests"].insert({
        "code": "K7Q-4MZ", "poll_hash": hashlib.sha256(poll_secret.encode()).hexdigest(),
        "kind": "display", "created_at": "2026-03-02T01:55:00+00:00",
        "expires_at": "2026-03-02T02:10:00+00:00",
        "approved_at": "2026-03-02T01:59:00+00:00", "approved_by": "user:admin",
        "device_name": "tv-lobi", "token_secret": old_token})
    old.close()

    store = open_store(path)  # the upgrade: 0012 runs
    try:
        assert not any(old_token in v for v in every_value(path))
        hall = Hall(store, settings, clock=clock)  # 09:00 WIB, before the code expires
        assert accounts.principal_for_token(hall, old_token) is None
        handed = pairing.pairing_status(hall, poll_secret)
        assert (handed["status"], handed["device"]) == ("approved", "tv-lobi")
        assert handed["token"] != old_token
        assert accounts.principal_for_token(hall, handed["token"]).name == "tv-lobi"
        with store.database() as db:
            assert migrate(db) == []  # applied once
    finally:
        store.close()
