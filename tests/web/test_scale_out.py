"""Two server processes on one hall: one SQLite file, one Redis message queue. A screen
connected to one process hears the calls made on the other."""

from __future__ import annotations

import socket

import pytest
import requests

from tests.conftest import LiveServer, always_open_config, provision
from tests.web.test_realtime import Watcher

REDIS = ("127.0.0.1", 6379)


def redis_is_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def two_servers(tmp_path):
    # scripts/test.sh starts redis-server; a missing Redis is a failure here, not a skip
    assert redis_is_up(), "redis-server is not running on 127.0.0.1:6379"
    config = always_open_config(tmp_path / "cfg", replace_text={
        '# message_queue = "redis://127.0.0.1:6379/0"':
            'message_queue = "redis://127.0.0.1:6379/0"'})
    data = tmp_path / "data"
    tokens = provision(data, config)
    servers = [LiveServer(data, config=config), LiveServer(data, config=config)]
    servers[1].log_path = tmp_path / "second.log"
    for server in servers:
        server.start()
    yield servers, tokens
    for server in servers:
        server.stop()


def test_a_call_on_one_process_reaches_a_screen_on_the_other(two_servers):
    (a, b), tokens = two_servers
    tv = Watcher(a.url, tokens["display"])
    try:
        assert tv.client.call("join", {"room": "display:all"}, timeout=5)["ok"]
        tv.next("display.state")
        issued = requests.post(f"{b.url}/api/v1/tickets", json={"service_id": "skck"},
                               headers={"Authorization": f"Bearer {tokens['kiosk']}"},
                               timeout=10)
        assert issued.status_code == 201
        assert tv.next("ticket.issued")["ticket"]["code"] == "S001"
        requests.post(f"{b.url}/api/v1/counters/loket-15/call-next", timeout=10,
                      headers={"Authorization": f"Bearer {tokens['admin']}"})
        call = tv.next("ticket.called")
        assert call["ticket"]["code"] == "S001"
        assert call["counter"]["id"] == "loket-15"
        # both processes number from the same file
        second = requests.post(f"{a.url}/api/v1/tickets", json={"service_id": "skck"},
                               headers={"Authorization": f"Bearer {tokens['kiosk']}"},
                               timeout=10).json()["ticket"]
        assert second["code"] == "S002"
    finally:
        tv.close()
