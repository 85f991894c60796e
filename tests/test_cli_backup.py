"""`queue-server backup [--to DIR]` and `queue-server restore FILE [--skip-ahead N]` against
a real server process: the backup is made while kiosks issue over HTTP, restore refuses
(exit 2) while the server holds the data folder, and after it stops the restore prints how
far each of today's sequences jumped, so the next ticket is above every one issued since."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading

import requests

from tests.live_server import ROOT, hall_config, provision


def queue_server(server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "queue_server.cli", *args, "--config", str(server.config),
         "--data-dir", str(server.data_dir)],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ})


def issue(server, service_id: str, session: requests.Session) -> str:
    r = session.post(f"{server.url}/api/v1/tickets", json={"service_id": service_id},
                     headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()["ticket"]["code"]


def test_backup_under_http_load_then_restore_refused_while_served_and_done_once_stopped(
        live_server_factory, tmp_path):
    # no daily quotas: the kiosk issues as fast as the server answers while the backup runs
    server = live_server_factory(config=hall_config(tmp_path / "cfg", drop_quotas=True))
    server.tokens = provision(server.data_dir, server.config)
    server.start()
    session = requests.Session()
    for _ in range(20):
        issue(server, "ktp-el", session)
    stop, during = threading.Event(), []

    def kiosk() -> None:
        with requests.Session() as own:
            while not stop.is_set():
                during.append(issue(server, "kartu-keluarga", own))

    worker = threading.Thread(target=kiosk)
    worker.start()
    try:
        made = queue_server(server, "backup", "--to", str(tmp_path / "usb"))
    finally:
        stop.set()
        worker.join()
    assert made.returncode == 0, made.stderr
    assert "integrity_check ok" in made.stdout
    backup = next((tmp_path / "usb").glob("loket-*.sqlite3"))
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    # the admin page's button, on the gevent server: the copy runs off the event loop
    admin = {"Authorization": f"Bearer {server.tokens['admin']}"}
    clicked = session.post(f"{server.url}/api/v1/admin/backups", headers=admin, timeout=30)
    assert clicked.status_code == 201, clicked.text
    assert clicked.json()["backup"]["tickets"] >= 20
    health = session.get(f"{server.url}/api/v1/health", timeout=10).json()
    assert health["backup"] == {"last_at": clicked.json()["backup"]["made_at"],
                                "stale": False}

    after = [issue(server, "ktp-el", session) for _ in range(5)]
    after += [issue(server, "skck", session) for _ in range(3)]  # none at backup time

    refused = queue_server(server, "restore", str(backup))
    assert refused.returncode == 2
    assert "Server masih berjalan" in refused.stderr
    assert issue(server, "ktp-el", session)  # untouched: the hall goes on

    assert server.process is not None  # a power cut: the last tickets are in the WAL only
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(10)
    server.stop()
    done = queue_server(server, "restore", str(backup), "--skip-ahead", "50")
    assert done.returncode == 0, done.stderr
    assert "Database sebelumnya disimpan sebagai" in done.stdout
    assert re.search(r"^  A: lanjut dari A\d{3} → A\d{3}$", done.stdout, re.M)
    assert re.search(r"^  S: lanjut dari S004 → S054$", done.stdout, re.M)
    assert list(server.data_dir.glob("loket-before-restore-*.db"))

    server.start()
    issued_before = set(after) | set(during) | {f"A{n:03d}" for n in range(1, 27)}
    for service_id in ("ktp-el", "kartu-keluarga", "skck"):
        code = issue(server, service_id, session)
        assert code not in issued_before
    assert issue(server, "skck", session) == "S055"
