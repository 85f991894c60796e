"""Durability (issue 13, "Durability in CI"): a real server process issuing to 16 kiosks at
once is killed with SIGKILL mid-stream and restarted on the same data folder, five times.
Every ticket a kiosk was answered 201 for is in the database, and each service's numbers run
1..N with no gap and no duplicate: a kill loses only unanswered work and never reuses a code
a citizen may hold. (synchronous=FULL and one transaction per ticket are what make it so.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections import defaultdict

import pytest
import requests

from tests.live_server import hall_config, provision

ISSUERS = 16
ROUNDS = 5
SECONDS_BEFORE_KILL = 1.2
SERVICES = ("ktp-el", "kartu-keluarga", "akta-capil", "skck", "pkb-tahunan", "nib-oss")


def _issue_until_killed(url: str, token: str, worker: int, stop: threading.Event,
                        acknowledged: list[tuple[str, str, int]]) -> None:
    with requests.Session() as session:
        n = 0
        while not stop.is_set():
            service_id = SERVICES[(worker + n) % len(SERVICES)]
            n += 1
            try:
                r = session.post(f"{url}/api/v1/tickets", json={"service_id": service_id},
                                 headers={"Authorization": f"Bearer {token}"}, timeout=10)
            except requests.RequestException:
                continue  # the server is gone: this request was never acknowledged
            if r.status_code == 201:
                ticket = r.json()["ticket"]
                acknowledged.append((ticket["code"], ticket["service_id"], ticket["id"]))


def _issue_and_kill(server, token: str, rounds: int) -> tuple[list[tuple[str, str, int]],
                                                                list[int]]:
    """`rounds` times: start the server, 16 kiosks issue, SIGKILL it mid-stream."""
    acknowledged: list[tuple[str, str, int]] = []
    per_round: list[int] = []
    for _ in range(rounds):
        server.start()
        stop = threading.Event()
        before = len(acknowledged)
        workers = [threading.Thread(target=_issue_until_killed,
                                    args=(server.url, token, w, stop, acknowledged))
                   for w in range(ISSUERS)]
        for worker in workers:
            worker.start()
        time.sleep(SECONDS_BEFORE_KILL)
        assert server.process is not None
        os.killpg(server.process.pid, signal.SIGKILL)  # the power cut, mid-stream
        server.process.wait(10)
        stop.set()
        for worker in workers:
            worker.join(15)
        server.stop()  # forgets the dead process; the next start keeps the port
        per_round.append(len(acknowledged) - before)
    assert all(n > 0 for n in per_round), per_round  # every round issued under load
    return acknowledged, per_round


def _assert_all_stored_and_numbered(server, acknowledged: list[tuple[str, str, int]],
                                    per_round: list[int]) -> None:
    server.start()  # the hall comes back once more, on the same folder
    server.stop()
    db = sqlite3.connect(f"file:{server.data_dir / 'loket.db'}?mode=ro", uri=True)
    rows = db.execute("SELECT id, code, service_id, day, number FROM tickets").fetchall()
    last = {(s, d): n for s, d, n in db.execute("SELECT service_id, day, last FROM sequences")}
    db.close()

    print(f"acknowledged per round {per_round}; {len(rows)} tickets stored")
    stored = {row[0]: row for row in rows}
    missing = [a for a in acknowledged if a[2] not in stored or stored[a[2]][1] != a[0]]
    assert missing == []
    assert len({(code, day) for _, code, _, day, _ in rows}) == len(rows)  # no duplicate
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for _, _, service_id, day, number in rows:
        numbers[(service_id, day)].append(number)
    for key, issued in numbers.items():  # 1..N: a kill never skipped or reused a number
        assert sorted(issued) == list(range(1, last[key] + 1)), key


def test_every_acknowledged_ticket_survives_five_kill_9_and_numbering_never_repeats(
        live_server_factory, tmp_path):
    server = live_server_factory(config=hall_config(tmp_path / "cfg", drop_quotas=True))
    token = provision(server.data_dir, server.config)["kiosk"]
    acknowledged, per_round = _issue_and_kill(server, token, ROUNDS)
    _assert_all_stored_and_numbered(server, acknowledged, per_round)


@pytest.mark.parametrize("commit", ["threadpool", "group"])
def test_a_ticket_answered_201_is_in_the_database_after_kill_9_whichever_way_it_commits(
        live_server_factory, tmp_path, commit):
    """Issue 15, part 5: the commit off the event loop (gevent's threadpool, or grouped
    behind one off-loop fsync) still answers 201 only once the ticket is in the file."""
    server = live_server_factory(
        config=hall_config(tmp_path / "cfg", drop_quotas=True, async_mode="gevent"),
        env={"LOKET_COMMIT": commit})
    token = provision(server.data_dir, server.config)["kiosk"]
    acknowledged, per_round = _issue_and_kill(server, token, 2)
    _assert_all_stored_and_numbered(server, acknowledged, per_round)
