"""Two server processes on one hall: one SQLite file, one Redis message queue. A screen
connected to one process hears the calls made on the other."""

from __future__ import annotations

import pytest
import requests

from tests.live_server import LiveServer, always_open_config, provision
from tests.web.test_realtime import Watcher


@pytest.fixture
def two_servers(tmp_path, redis_url):
    # redis_url: a missing Redis is a failure, not a skip; the test is marked `redis`
    config = always_open_config(tmp_path / "cfg", replace_text={
        '# message_queue = "redis://127.0.0.1:6379/0"': f'message_queue = "{redis_url}"'})
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
