"""Defect 12 of issue 13: `serve --demo` starts children (the printer emulator, the history
simulation) that must die with the server however it dies, and its printed-tickets page,
which shows tracking tokens, exists only in demo mode and says so in the banner."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import time
from pathlib import Path

import requests

from tests.live_server import always_open_config


def tethered_children(marker: str) -> dict[int, str]:
    """pid -> command line of every live `queue_server.tethered` process for this test."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if "queue_server.tethered" in cmd and marker in cmd and state != "Z":
                found[int(entry.name)] = cmd
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_log(server, pattern: str, timeout: float = 60) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := re.search(pattern, server.log_path.read_text(errors="replace")):
            return found
        time.sleep(0.2)
    raise AssertionError(f"no {pattern!r} in the log:\n{server.log_tail()}")


def test_kill_9_of_the_demo_server_takes_its_emulator_and_simulation_with_it(
        live_server_factory, tmp_path):
    server = live_server_factory(demo=True, config=always_open_config(tmp_path / "cfg"))
    server.env = {**server.env, "LOKET_DEMO_HISTORY_TICKETS": "400"}  # still busy at the kill
    server.start()
    port = int(wait_for_log(server, r"emulated printer on 127\.0\.0\.1:(\d+)")[1])
    wait_for_log(server, r"past days \(")
    children = tethered_children(str(server.data_dir))
    commands = " | ".join(children.values())
    assert "printer-emulator" in commands, commands
    assert not port_is_free(port)  # the emulator is listening

    os.kill(server.pid(), signal.SIGKILL)  # the server alone, not its process group
    server.process.wait(5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (tethered_children(str(server.data_dir))
                                           or not port_is_free(port)):
        time.sleep(0.1)
    assert tethered_children(str(server.data_dir)) == {}
    assert port_is_free(port)


def test_the_printed_tickets_page_is_served_in_demo_mode_and_its_banner_warns(
        live_server_factory, tmp_path):
    server = live_server_factory(demo=True, config=always_open_config(tmp_path / "cfg"))
    server.env = {**server.env, "LOKET_DEMO_HISTORY_TICKETS": "20"}
    server.start()
    assert requests.get(f"{server.url}/demo/printed", timeout=5).status_code == 200
    assert ("hanya demo: siapa pun di jaringan dapat melihat tiket tercetak"
            in server.log_path.read_text())


def test_the_printed_tickets_and_their_files_do_not_exist_outside_demo(client, app):
    printed = app.extensions["loket"].data_dir / "printed"
    printed.mkdir(parents=True, exist_ok=True)
    (printed / "1.png").write_bytes(b"\x89PNG")
    (printed / "1.txt").write_text("QB001 token", encoding="utf-8")
    assert client.get("/demo/printed").status_code == 404
    assert client.get("/demo/printed/1.png").status_code == 404
    assert client.get("/demo/printed/1.txt").status_code == 404
