"""GET /api/v1/admin/status on a tmp hall: what the IT officer's page shows, with its numbers
checked against the disk, the database files, the heartbeats, the backups and the log."""

from __future__ import annotations

import shutil
import socket
import time
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import jsonschema
import pytest

import printer
from queue_server import __version__
from queue_server.services import accounts, pairing
from queue_server.services.system_status import ping_message_queue
from tests.conftest import ADMIN, bearer
from tests.web.test_api import API, envelope_of, issue

NETWORK = printer.PrinterConfig(name="default", kind="network", host="127.0.0.1", port=9,
                                timeout=0.5)


@pytest.fixture
def settings(base_settings, tmp_path):
    # the hall's printer, but on this machine; backups on "another disk"
    return replace(base_settings, printers={"default": NETWORK}, kiosk_printers={},
                   backup=replace(base_settings.backup, dir=str(tmp_path / "usb")))


def status(client, tokens, who: str = "admin") -> dict:
    answer = client.get(f"{API}/admin/status", headers=bearer(tokens[who]))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    spec = client.get(f"{API}/openapi.json").get_json()
    jsonschema.validate(body, {"$ref": "#/components/schemas/SystemStatus",
                               "components": spec["components"]})
    return body


def test_the_status_shows_version_uptime_disk_and_database_sizes(app, client, tokens):
    issue(client, tokens)
    body = status(client, tokens)
    data_dir = app.extensions["loket"].data_dir
    assert body["version"] == __version__
    assert body["data_dir"] == str(data_dir)
    assert 0 <= body["uptime_seconds"] < 3600
    assert body["started_at"] <= body["now"]
    usage = shutil.disk_usage(data_dir)
    assert body["disk"]["total_bytes"] == usage.total
    assert abs(body["disk"]["free_bytes"] - usage.free) < 50_000_000  # others write meanwhile
    assert body["database"]["bytes"] == (data_dir / "loket.db").stat().st_size > 0
    wal = data_dir / "loket.db-wal"
    assert body["database"]["wal_bytes"] == (wal.stat().st_size if wal.exists() else 0)
    assert body["message_queue"] is None  # one process: no Redis in use


def test_the_last_backup_shows_and_is_stale_after_a_day(client, tokens, clock, tmp_path):
    before = status(client, tokens)["backup"]
    assert before == {"last": None, "stale": True, "dir": str(tmp_path / "usb")}
    issue(client, tokens)
    made = client.post(f"{API}/admin/backups", headers=bearer(tokens["admin"]))
    assert made.status_code == 201, made.get_data(as_text=True)
    after = status(client, tokens)["backup"]
    assert after["last"] == made.get_json()["backup"]
    assert after["last"]["tickets"] == 1 and after["stale"] is False
    clock.advance(hours=25)
    assert status(client, tokens)["backup"]["stale"] is True


def test_every_screen_shows_its_last_heartbeat_and_address(app, client, tokens, clock):
    hall = app.extensions["loket"].hall
    beat = client.post(f"{API}/devices/heartbeat", json={"page": "kiosk"},
                       headers=bearer(tokens["kiosk"]),
                       environ_base={"REMOTE_ADDR": "10.20.30.41"})
    assert beat.status_code == 204, beat.get_data(as_text=True)
    accounts.create_device_token(hall, "tv-gone", "display")
    pairing.revoke_device(hall, ADMIN, "tv-gone")
    devices = {d["name"]: d for d in status(client, tokens)["devices"]}
    assert set(devices) == {"kiosk-1", "tv-1"}  # a revoked screen is not listed
    kiosk = devices["kiosk-1"]
    assert kiosk["kind"] == "kiosk" and kiosk["page"] == "kiosk"
    assert kiosk["address"] == "10.20.30.41" and kiosk["silent"] is False
    assert kiosk["last_seen_at"] == "2026-03-02T09:00:00+07:00"
    assert devices["tv-1"]["last_seen_at"] is None and devices["tv-1"]["silent"] is True
    clock.advance(seconds=91)  # three heartbeats missed: as the screen_offline alarm says
    assert {d["name"]: d for d in status(client, tokens)["devices"]}["kiosk-1"]["silent"]


def test_printers_show_with_their_paper_state(client, tokens):
    printers = status(client, tokens)["printers"]
    assert printers == [{"name": "default", "ok": None, "message": "belum digunakan",
                         "paper": "unknown", "pending_jobs": 0, "held_jobs": 0,
                         "last_success_at": None}]


def test_the_last_twenty_errors_of_the_log_show_newest_first_with_their_exception(
        app, client, tokens):
    data_dir = app.extensions["loket"].data_dir
    old = [f"2026-03-01 10:00:{n:02d},000 ERROR queue_server.old: lama {n}" for n in range(5)]
    (data_dir / "loket.log.1").write_text("\n".join(old) + "\n", encoding="utf-8")
    lines = ["2026-03-02 08:00:00,000 INFO queue_server.web: not an error"]
    for n in range(25):
        lines.append(f"2026-03-02 08:01:{n:02d},123 ERROR queue_server.printing: gagal {n}")
        if n == 24:
            lines += ["Traceback (most recent call last):", '  File "x.py", line 1, in <module>',
                      "OSError: [Errno 28] No space left on device"]
    lines.append("2026-03-02 08:02:00,000 WARNING queue_server.web: a warning")
    (data_dir / "loket.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = status(client, tokens)["errors"]
    assert len(errors) == 20
    # the log wrote this PC's local time; the answer says it in the hall's zone
    at = datetime(2026, 3, 2, 8, 1, 24).astimezone(ZoneInfo("Asia/Jakarta"))
    assert errors[0] == {"at": at.isoformat(timespec="seconds"), "level": "ERROR",
                         "logger": "queue_server.printing", "message": "gagal 24",
                         "detail": "OSError: [Errno 28] No space left on device"}
    assert [e["message"] for e in errors[1:]] == [f"gagal {n}" for n in range(23, 4, -1)]
    assert all(e["detail"] is None for e in errors[1:])


def test_a_fresh_log_still_shows_the_errors_of_the_rotated_one(app, client, tokens):
    data_dir = app.extensions["loket"].data_dir
    (data_dir / "loket.log.1").write_text(
        "2026-03-01 10:00:00,000 ERROR queue_server.store: kemarin\n", encoding="utf-8")
    (data_dir / "loket.log").write_text(
        "2026-03-02 08:00:00,000 CRITICAL queue_server.web: hari ini\n", encoding="utf-8")
    assert [e["message"] for e in status(client, tokens)["errors"]] == ["hari ini", "kemarin"]


@pytest.mark.parametrize(("who", "code"), [(None, 401), ("kiosk", 403), ("officer_here", 403),
                                           ("supervisor_here", 403)])
def test_only_admins_see_the_status(client, tokens, who, code):
    answer = client.get(f"{API}/admin/status", headers=bearer(tokens.get(who)))
    envelope_of(answer, code, "unauthorized" if code == 401 else "forbidden", field=None)


def test_a_dead_message_queue_is_reported_quickly_without_its_password():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    started = time.monotonic()
    queue = ping_message_queue(f"redis://:rahasia@127.0.0.1:{port}/0")
    assert time.monotonic() - started < 2
    assert queue.ok is False and queue.error
    assert queue.url == f"redis://:***@127.0.0.1:{port}/0"
    assert "rahasia" not in queue.url + queue.error


def test_a_running_message_queue_answers(redis_url):
    queue = ping_message_queue(redis_url)
    assert queue.ok is True and queue.error is None and queue.url == redis_url


def test_a_printer_out_of_paper_shows_it(tmp_path, base_settings, clock):
    from printer import PrinterEmulator
    from queue_server.web.app import create_app

    emulator = PrinterEmulator(port=0, out_dir=tmp_path / "printed", fault="paper-out").start()
    try:
        config = replace(NETWORK, port=emulator.port, timeout=2.0)
        settings = replace(base_settings, printers={"default": config}, kiosk_printers={},
                           server=replace(base_settings.server, async_mode="threading"))
        app = create_app(settings, data_dir=tmp_path / "data", clock=clock, testing=True)
        hall = app.extensions["loket"].hall
        accounts.create_user(hall, "admin", "admin", None)
        token = accounts.create_user_token(hall, "admin").secret
        app.extensions["loket"].spooler.poll("default")  # what the spooler does between jobs
        answer = app.test_client().get(f"{API}/admin/status", headers=bearer(token))
        (printer_state,) = answer.get_json()["printers"]
        assert printer_state["name"] == "default" and printer_state["ok"] is False
        assert printer_state["paper"] == "out"
        hall.store.close()
    finally:
        emulator.stop()
