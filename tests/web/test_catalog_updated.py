"""`catalog.updated`: every administration change reaches every screen once, with the
catalogue version to fetch and the event that made it; ticket traffic never sends it.

In-process first (the Flask-SocketIO test client on the app fixture, the change written
through the store as the admin routes write it), then over real websockets against
`queue-server serve` and its admin API, and across two processes sharing Redis."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import requests

from queue_server.services.hall import Outcome
from tests.conftest import bearer
from tests.live_server import LiveServer, always_open_config, provision
from tests.web.test_realtime import Watcher, post

API = "/api/v1"


def socket_for(app, token: str, room: str):
    loket = app.extensions["loket"]
    client = loket.socketio.test_client(app, auth={"token": token})
    assert client.is_connected()
    ack = client.emit("join", {"room": room}, callback=True)
    assert ack == {"ok": True, "room": room}
    client.get_received()  # the display snapshot and the like: not what is tested here
    return client


def catalog_messages(client) -> list[dict[str, Any]]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "catalog.updated"]


def rename_service(app, service_id: str, name: str) -> tuple[int, int]:
    """An admin change as the admin routes make it: one transaction, one event with
    `entity`, the catalogue version bumped; published after commit. (version, event id)"""
    hall = app.extensions["loket"].hall
    with hall.store.write() as tx:
        tx.conn.execute("UPDATE services SET name = ? WHERE id = ?", (name, service_id))
        tx.catalog.bump_version()
        event = tx.events.append(
            "service.updated", hall.now(), "user:admin", service_id=service_id,
            data={"entity": "service", "id": service_id, "before": {"name": "KTP-el"},
                  "after": {"name": name}})
        events = tx.written
    hall.publish(Outcome(ticket=None, events=events))
    return hall.current_catalog().version, event.id


@pytest.fixture
def screens(app, tokens):
    clients = {
        "tv": socket_for(app, tokens["display"], "display:all"),
        "kiosk": socket_for(app, tokens["kiosk"], "display:all"),
        "console": socket_for(app, tokens["officer_here"], "counter:loket-1"),
        "other_agency": socket_for(app, tokens["supervisor_other"], "agency:samsat"),
    }
    yield clients
    for client in clients.values():
        if client.is_connected():
            client.disconnect()


def test_an_admin_change_reaches_every_room_once_with_the_new_version(app, screens):
    before = app.extensions["loket"].hall.current_catalog().version
    version, event_id = rename_service(app, "ktp-el", "KTP Elektronik")
    assert version == before + 1
    for name, client in screens.items():
        assert catalog_messages(client) == [{"version": version, "event_id": event_id}], name


def test_each_change_of_a_burst_is_its_own_message_in_order(app, screens):
    made = [rename_service(app, "ktp-el", f"KTP-el {n}") for n in range(3)]
    got = catalog_messages(screens["kiosk"])
    assert [(m["version"], m["event_id"]) for m in got] == made
    assert [m["version"] for m in got] == sorted({m["version"] for m in got})


def test_tickets_issued_and_called_send_no_catalog_message(app, client, tokens, screens):
    issued = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"]))
    assert issued.status_code == 201
    called = client.post(f"{API}/counters/loket-1/call-next",
                         headers=bearer(tokens["officer_here"]))
    assert called.status_code == 200
    received = screens["console"].get_received()
    assert {m["name"] for m in received} >= {"ticket.issued", "ticket.called"}
    assert "catalog.updated" not in {m["name"] for m in received}
    assert catalog_messages(screens["tv"]) == []


def test_a_pause_is_not_a_catalogue_change(app, client, tokens, screens):
    paused = client.post(f"{API}/counters/loket-1/pause", json={"reason": "istirahat"},
                         headers=bearer(tokens["officer_here"]))
    assert paused.status_code == 200
    assert "counter.updated" in {m["name"] for m in screens["console"].get_received()}
    assert catalog_messages(screens["kiosk"]) == []


# ------------------------------------------------------------------ over real websockets


def admin(server, method: str, path: str, body: dict | None = None, url: str | None = None):
    r = requests.request(method, f"{url or server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens['admin']}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def newest_event(server) -> dict:
    return admin(server, "GET", "/admin/audit")["events"][0]


def quiet(watcher: Watcher, name: str, seconds: float = 0.7) -> bool:
    with contextlib.suppress(AssertionError):
        watcher.next(name, timeout=seconds)
        return False
    return True


@pytest.fixture
def watchers(server):
    made = {}
    for name, who, room in (("tv", "display", "display:all"),
                            ("kiosk", "kiosk", "display:all"),
                            ("console", "admin", "counter:loket-1")):
        watcher = Watcher(server.url, server.tokens[who])
        assert watcher.client.call("join", {"room": room}, timeout=5)["ok"]
        made[name] = watcher
    yield made
    for watcher in made.values():
        watcher.close()


def test_live_screens_get_one_message_per_admin_change(server, watchers):
    admin(server, "PATCH", "/admin/services/ktp-el", {"name": "KTP Elektronik"})
    renamed = newest_event(server)
    assert renamed["data"]["entity"] == "service"
    got = {name: w.next("catalog.updated") for name, w in watchers.items()}
    assert {m["event_id"] for m in got.values()} == {renamed["id"]}
    first = got["tv"]["version"]
    assert {m["version"] for m in got.values()} == {first}

    admin(server, "PATCH", "/admin/counters/loket-1",
          {"services": {"ktp-el": 2, "ikd-kia": 1, "skck": 1}})
    given = newest_event(server)
    for name, watcher in watchers.items():
        message = watcher.next("catalog.updated")
        assert message == {"version": first + 1, "event_id": given["id"]}, name
        assert quiet(watcher, "catalog.updated"), name  # once, not once per room


def test_live_ticket_traffic_sends_no_catalog_message(server, watchers):
    ticket = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"})
    assert ticket.status_code == 201
    post(server, "/counters/loket-1/call-next", server.tokens["admin"])
    watchers["console"].next("ticket.called")
    assert all(quiet(w, "catalog.updated") for w in watchers.values())


def test_a_service_deactivated_while_citizens_wait_keeps_their_tickets_callable(server,
                                                                               watchers):
    waiting = post(server, "/tickets", server.tokens["kiosk"],
                   {"service_id": "ktp-el"}).json()["ticket"]
    admin(server, "PATCH", "/admin/services/ktp-el", {"active": False})
    watchers["kiosk"].next("catalog.updated")
    services = requests.get(f"{server.url}{API}/services", timeout=10).json()["services"]
    assert "ktp-el" not in {s["id"] for s in services}  # the kiosk stops issuing it
    refused = post(server, "/tickets", server.tokens["kiosk"], {"service_id": "ktp-el"})
    assert refused.status_code in (404, 409)
    called = post(server, "/counters/loket-1/call-next", server.tokens["admin"]).json()
    assert called["ticket"]["code"] == waiting["code"]


@pytest.fixture
def two_servers(tmp_path, redis_url):
    config = always_open_config(tmp_path / "cfg", replace_text={
        '# message_queue = "redis://127.0.0.1:6379/0"': f'message_queue = "{redis_url}"'})
    data = tmp_path / "data"
    tokens = provision(data, config)
    servers = [LiveServer(data, config=config), LiveServer(data, config=config)]
    servers[1].log_path = tmp_path / "second.log"
    for server in servers:
        server.tokens = tokens
        server.start()
    yield servers
    for server in servers:
        server.stop()


def test_a_change_made_on_one_process_reaches_screens_on_the_other(two_servers):
    a, b = two_servers
    tv = Watcher(a.url, a.tokens["display"])
    try:
        assert tv.client.call("join", {"room": "display:all"}, timeout=5)["ok"]
        admin(b, "PATCH", "/admin/counters/loket-2", {"name": "Loket 2 · Cetak KTP"})
        message = tv.next("catalog.updated")
        assert message["event_id"] == newest_event(b)["id"]
        assert quiet(tv, "catalog.updated")
        # the screen on A fetches from A, which already has the catalogue B changed
        state = requests.get(f"{a.url}{API}/display/state", timeout=10,
                             headers={"Authorization": f"Bearer {a.tokens['display']}"})
        names = {c["id"]: c["name"] for c in state.json()["counters"]}
        assert names["loket-2"] == "Loket 2 · Cetak KTP"
    finally:
        tv.close()
