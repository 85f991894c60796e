"""Issue 14: what `queue-server serve --demo` prints is readable. The banner (addresses,
credentials) is the last thing a start prints, the voice cache is one line rather than one
per clip, a hall without [site] public_url links to the address it detected and says so in
one line, and a port already in use is one sentence and a non-zero exit, not a traceback."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import requests

from tests.live_server import ROOT, always_open_config, free_port


def wait_for_log(server, pattern: str, timeout: float = 120) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := re.search(pattern, server.log_path.read_text(errors="replace"), re.M):
            return found
        time.sleep(0.3)
    raise AssertionError(f"no {pattern!r} in the output:\n{server.log_tail()}")


def test_the_demo_start_ends_with_its_banner_and_says_the_voice_cache_in_one_line(
        live_server_factory, tmp_path):
    server = live_server_factory(demo=True, config=always_open_config(tmp_path / "cfg"))
    server.env = {**server.env, "LOKET_DEMO_HISTORY_TICKETS": "20"}
    server.start()
    wait_for_log(server, r"voice cache: \d+ clips")
    wait_for_log(server, r"riwayat \d+ hari selesai")
    lines = server.log_path.read_text(errors="replace").splitlines()
    text = "\n".join(lines)

    assert "Traceback" not in text
    assert not [line for line in lines if "voice:" in line and " made " in line]
    assert len([line for line in lines if "voice cache:" in line]) == 1

    banner = next(i for i, line in enumerate(lines) if line.startswith("Loket "))
    accounts = next(i for i, line in enumerate(lines) if "admin-demo" in line)
    # what start-up logs comes before the banner: config seeded, the warning, the port bound
    for said in ("seeded into the database", "public_url belum diatur", "serving on http"):
        assert next(i for i, line in enumerate(lines) if said in line) < banner, said
    assert banner < accounts

    # the tests' config sets no public_url: the link address is the one this start detected
    # (the address it listens on, 127.0.0.1), said once in Indonesian then English
    link = f"http://127.0.0.1:{server.port}"
    [warning] = [line for line in lines if "public_url belum diatur" in line]
    assert link in warning and "is not set" in warning
    assert f"in the hall : {link}/" in text

    kiosk = re.search(r"/kiosk\?device_token=(\S+)", text)[1]
    ticket = requests.post(f"{server.url}/api/v1/tickets", json={"service_id": "ktp-el"},
                           headers={"Authorization": f"Bearer {kiosk}"},
                           timeout=10).json()["ticket"]
    assert ticket["track_url"].startswith(f"{link}/t/")
    assert requests.get(ticket["track_url"], timeout=10).status_code == 200


def serve_on(port: int, tmp_path, timeout: float = 60) -> subprocess.CompletedProcess:
    config = always_open_config(tmp_path / "cfg")
    return subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "serve", "--demo", "--config", str(config),
         "--data-dir", str(tmp_path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def test_a_port_already_in_use_is_one_sentence_and_a_failed_start(tmp_path):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        done = serve_on(port, tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if str(port) in line]
    assert len(said) == 1
    assert said[0].startswith(f"Port {port} sudah dipakai program lain")
    assert "--port" in said[0] and "already in use" in said[0]
    # refused before anything started: no demo secrets were made or shown
    assert "device_token" not in done.stdout and "DEMO MODE" not in done.stdout
