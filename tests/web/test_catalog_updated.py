"""`catalog.updated`: every administration change reaches every screen once, with the
catalogue version to fetch and the event that made it; ticket traffic never sends it.

In-process first (the Flask-SocketIO test client on the app fixture, the change written
through the store as the admin routes write it), then over real websockets against
`queue-server serve` and its admin API, and across two processes sharing Redis."""

from __future__ import annotations

from typing import Any

import pytest

from queue_server.services.hall import Outcome
from tests.conftest import bearer

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
