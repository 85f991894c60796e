"""`serve --demo` fills the last two weeks with simulated days in the background, once the
hall answers, without touching a day that holds tickets (today's demo tickets included)."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import date

import requests

from tests.conftest import always_open_config


def wait_for(server, pattern: str, timeout: float = 240) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, server.log_path.read_text())
        if found:
            return found
        assert requests.get(f"{server.url}/api/v1/health", timeout=2).ok  # still answering
        time.sleep(0.5)
    raise AssertionError(f"no {pattern!r} in the log:\n{server.log_tail()}")


def days_of(data_dir) -> dict[str, tuple[int, int]]:
    with sqlite3.connect(data_dir / "loket.db") as db:
        return {d: (n, c) for d, n, c in db.execute(
            "SELECT day, COUNT(*), SUM(status = 'called') FROM tickets GROUP BY day")}


def test_the_demo_fills_past_days_in_the_background_and_never_a_day_with_tickets(
        live_server_factory, tmp_path):
    config = always_open_config(tmp_path / "cfg")
    server = live_server_factory(demo=True, config=config)
    server.env = {**(server.env or {}), "LOKET_DEMO_HISTORY_TICKETS": "60"}  # quiet days
    server.start()
    announced = wait_for(server, r"(\d+) past days \((\S+) to (\S+)\)")
    count, first, last = int(announced[1]), announced[2], announced[3]
    wait_for(server, rf"riwayat {count} hari selesai")
    assert re.search(rf"riwayat 1/{count} — {first} terisi: \d+ tiket",
                     server.log_path.read_text())
    server.stop()
    filled = days_of(server.data_dir)
    today = max(filled)
    past = sorted(d for d in filled if d < today)
    assert len(past) == count >= 12 and (past[0], past[-1]) == (first, last)
    assert (date.fromisoformat(today) - date.fromisoformat(first)).days == 14
    assert all(filled[d][0] > 30 and filled[d][1] == 0 for d in past)
    assert filled[today][1] > 0  # the demo's called tickets of today are still at the desks

    server.start()  # a second start: every day already holds tickets, nothing is redone
    time.sleep(1)
    server.stop()
    assert days_of(server.data_dir) == filled
    assert server.log_path.read_text().count("past days (") == 1
