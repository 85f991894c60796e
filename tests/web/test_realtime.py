"""Socket.IO over a real websocket, against `queue-server serve` in its own process."""

from __future__ import annotations

import queue
import time

import pytest
import requests
import socketio

API = "/api/v1"



class Watcher:
    """A socket client that records every server event it receives."""

    def __init__(self, url: str, token: str | None) -> None:
        self.events: queue.Queue[tuple[str, dict]] = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda event, data: self.events.put((event, data)))
        self.client.connect(url, auth={"token": token} if token else None,
                            transports=["websocket"], wait_timeout=10)

    def next(self, name: str, timeout: float = 5) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                break
            if event == name:
                return data
        raise AssertionError(f"no {name} within {timeout}s")

    def close(self) -> None:
        self.client.disconnect()


def post(server, path: str, token: str, body: dict | None = None) -> requests.Response:
    return requests.post(server.url + API + path, json=body or {}, timeout=10,
                         headers={"Authorization": f"Bearer {token}"})


def test_display_joins_gets_snapshot_then_live_call_over_websocket(server):
    post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"})
    tv = Watcher(server.url, server.tokens["display"])
    try:
        assert tv.client.transport() == "websocket"
        ack = tv.client.call("join", {"room": "display:all"}, timeout=5)
        assert ack == {"ok": True, "room": "display:all"}
        snapshot = tv.next("display.state")
        assert snapshot["waiting"]["ktp-el"] == 1
        assert snapshot["calls"] == []
        start_id = snapshot["event_id"]

        issued = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "skck"})
        assert issued.status_code == 201
        event = tv.next("ticket.issued")
        assert event["ticket"]["code"] == "S001"
        assert event["waiting"] == {"skck": 1}
        assert event["event_id"] > start_id

        called = post(server, "/counters/loket-1/call-next", server.tokens["admin"])
        assert called.json()["ticket"]["code"] == "A001"
        call = tv.next("ticket.called")
        assert call["ticket"]["code"] == "A001"
        assert call["counter"] == {"id": "loket-1", "name": "Loket 1", "number": 1}
        assert call["text"] == "Nomor antrian, A, satu, silakan menuju loket, satu"
        assert call["recall"] is False
        assert call["event_id"] > event["event_id"]
        # the call carries the new counts: one message per screen per call
        assert call["waiting"] == {"ktp-el": 0}
        with pytest.raises(AssertionError):
            tv.next("queue.waiting", timeout=0.5)
        cancel = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "skck"})
        post(server, f"/tickets/{cancel.json()['ticket']['id']}/cancel",
             server.tokens["admin"])
        assert tv.next("queue.waiting")["waiting"] == {"skck": 1}
    finally:
        tv.close()


def test_zone_rooms_only_get_their_own_calls(server):
    zone_b = Watcher(server.url, server.tokens["display"])
    try:
        assert zone_b.client.call("join", {"room": "display:zona-b"}, timeout=5)["ok"]
        zone_b.next("display.state")
        post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"})
        post(server, "/tickets", server.tokens["kiosk"], {"service_id": "pkb-tahunan"})
        post(server, "/counters/loket-1/call-next", server.tokens["admin"])
        post(server, "/counters/loket-6/call-next", server.tokens["admin"])
        call = zone_b.next("ticket.called")
        assert call["counter"]["id"] == "loket-6"  # the Dukcapil call never reached zone B
    finally:
        zone_b.close()


def test_phone_room_follows_one_ticket_without_internal_ids(server):
    t = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"}).json()
    token = t["ticket"]["track_url"].rsplit("/", 1)[1]
    phone = Watcher(server.url, None)
    try:
        assert phone.client.call("join", {"room": f"ticket:{token}"}, timeout=5)["ok"]
        post(server, "/counters/loket-2/call-next", server.tokens["admin"])
        call = phone.next("ticket.called")
        assert call["ticket"]["code"] == "A001"
        assert call["ticket"]["counter"] == {"name": "Loket 2", "number": 2}
        assert "id" not in call["ticket"]
    finally:
        phone.close()


@pytest.mark.parametrize(("who", "room", "code"), [
    (None, "display:all", "unauthorized"),
    ("kiosk", "counter:loket-1", "forbidden"),
    ("display", "counter:loket-1", "forbidden"),
    ("display", "display:lantai-9", "not_found"),
    (None, "ticket:not-a-token", "not_found"),
    (None, "nonsense", "bad_request"),
])
def test_unauthorised_or_bad_joins_are_refused_with_an_envelope(server, who, room, code):
    client = Watcher(server.url, server.tokens[who] if who else None)
    try:
        ack = client.client.call("join", {"room": room}, timeout=5)
        assert ack["ok"] is False
        assert ack["error"]["code"] == code
        with pytest.raises(AssertionError):
            client.next("display.state", timeout=0.5)
    finally:
        client.close()


def test_an_unknown_token_cannot_connect(server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Watcher(server.url, "lkt_forged-token-000000000000000")


def test_restart_keeps_every_ticket_and_continues_numbering(server):
    first = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"}).json()
    post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"})
    post(server, "/counters/loket-1/call-next", server.tokens["admin"])
    server.stop()
    server.start()
    got = requests.get(f"{server.url}{API}/tickets/{first['ticket']['id']}", timeout=10,
                       headers={"Authorization": f"Bearer {server.tokens['admin']}"}).json()
    assert got["ticket"]["code"] == "A001"
    assert got["ticket"]["status"] == "called"
    third = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"}).json()
    assert third["ticket"]["code"] == "A003"


def wait_disconnected(watcher: Watcher, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not watcher.client.connected:
            return True
        time.sleep(0.1)
    return False


def test_revoking_a_device_from_the_cli_drops_its_open_socket(server):
    tv = Watcher(server.url, server.tokens["display"])
    assert tv.client.call("join", {"room": "display:all"}, timeout=5)["ok"]
    server.cli("token", "revoke", "tv-lobi")  # another process: found by the sweep
    assert wait_disconnected(tv, timeout=12)
    with pytest.raises(socketio.exceptions.ConnectionError):
        Watcher(server.url, server.tokens["display"])


def test_revoking_a_device_on_the_admin_page_drops_its_socket_at_once(server):
    import re

    server.cli("user", "create", "it-admin", "--role", "admin", "--password-stdin",
               stdin="rahasia-admin-123\n")
    tv = Watcher(server.url, server.tokens["display"])
    assert tv.client.call("join", {"room": "display:all"}, timeout=5)["ok"]
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    browser.post(f"{server.url}/login", data={"name": "it-admin",
                                              "password": "rahasia-admin-123",
                                              "csrf_token": token}, timeout=10)
    page = browser.get(f"{server.url}/admin/devices", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    browser.post(f"{server.url}/admin/devices", timeout=10, data={
        "action": "revoke", "device": "tv-lobi", "csrf_token": token})
    assert wait_disconnected(tv, timeout=2)
