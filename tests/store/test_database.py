"""The SQLite file under load from other processes: waiting for the write lock never freezes
the server, and WAL pages reach the database file in the background."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time

import requests

from queue_server.services import tickets
from tests.conftest import KIOSK, always_open_config, provision


def test_checkpointer_moves_committed_tickets_into_the_database_file(make_hall, settings,
                                                                     tmp_path):
    hall = make_hall(settings, demo=True)
    hall.store.checkpoint_in_background(interval=0.05)
    code = tickets.issue_ticket(hall, KIOSK, "skck").ticket.ticket.code
    deadline = time.monotonic() + 10
    while hall.store._checkpointer.checkpoints < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    # a copy of the main file alone (no -wal beside it) already holds the ticket
    copy = tmp_path / "copy.db"
    shutil.copy(hall.store.path, copy)
    found = sqlite3.connect(copy).execute("SELECT code FROM tickets").fetchall()
    assert found == [(code,)]


def test_server_keeps_answering_while_another_process_holds_the_write_lock(
        live_server_factory, tmp_path):
    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    tokens = provision(server.data_dir, server.config)
    server.start()
    blocker = sqlite3.connect(server.data_dir / "loket.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # e.g. a backup or a CLI command mid-write
    result: dict[str, int] = {}

    def issue() -> None:
        r = requests.post(f"{server.url}/api/v1/tickets", json={"service_id": "ktp-el"},
                          headers={"Authorization": f"Bearer {tokens['kiosk']}"}, timeout=30)
        result["status"] = r.status_code

    writer = threading.Thread(target=issue)
    writer.start()
    try:
        time.sleep(0.3)  # the ticket request is now waiting for the lock
        health = requests.get(f"{server.url}/api/v1/health", timeout=5)
        assert health.status_code == 200
        services = requests.get(f"{server.url}/api/v1/services", timeout=5)
        assert services.status_code == 200
        assert writer.is_alive() and "status" not in result  # still waiting, not failed
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    writer.join(30)
    assert result["status"] == 201
