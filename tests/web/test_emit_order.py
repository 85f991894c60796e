"""TVs first (issue 15): a call is emitted to the display rooms before the counters,
agencies and phones hear of it, and each room still hears its messages in event order."""

from __future__ import annotations

from typing import Any

import pytest

API = "/api/v1"


class Recorder:
    """Stands in for `SocketIO.emit`: what was sent, to which rooms, in order."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[str], list[str] | None, int]] = []

    def __call__(self, name: str, body: Any = None, to: Any = None, skip_sid: Any = None,
                 **kwargs: Any) -> None:
        rooms = [to] if isinstance(to, str) else list(to or [])
        event_id = body.get("event_id", 0) if isinstance(body, dict) else 0
        self.sent.append((name, rooms, skip_sid, event_id))


@pytest.fixture
def emits(app, monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(app.extensions["loket"].realtime.socketio, "emit", recorder)
    return recorder


def post(client, path: str, token: str, body: dict | None = None):
    response = client.post(API + path, json=body or {},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def is_display(room: str) -> bool:
    return room.startswith("display:")


def test_a_call_reaches_the_display_rooms_before_counters_agencies_and_phones(
        client, tokens, emits):
    post(client, "/tickets", tokens["kiosk"], {"service_id": "ktp-el"})
    emits.sent.clear()
    post(client, "/counters/loket-1/call-next", tokens["admin"])
    calls = [(rooms, skip) for name, rooms, skip, _ in emits.sent if name == "ticket.called"]
    assert calls, emits.sent
    first_rooms, _ = calls[0]
    assert first_rooms and all(is_display(r) for r in first_rooms)
    later = [r for rooms, _ in calls[1:] for r in rooms]
    assert "counter:loket-1" in later and "agency:dukcapil" in later
    assert any(r.startswith("ticket:") for r in later)
    assert not any(is_display(r) for r in later)  # each screen hears the call once


def test_the_displays_hear_every_message_of_an_outcome_first_and_rooms_keep_event_order(
        client, tokens, emits):
    post(client, "/tickets", tokens["kiosk"], {"service_id": "ktp-el"})
    post(client, "/tickets", tokens["kiosk"], {"service_id": "ktp-el"})
    post(client, "/counters/loket-1/call-next", tokens["admin"])
    emits.sent.clear()
    # the next call finishes the counter's citizen and calls the next one: two messages
    post(client, "/counters/loket-1/call-next", tokens["admin"])
    kinds = [all(is_display(r) for r in rooms) for _, rooms, _, _ in emits.sent]
    assert True in kinds and False in kinds
    # every emit to a display room comes before any emit to another room
    assert kinds == sorted(kinds, reverse=True), emits.sent
    per_room: dict[str, list[int]] = {}
    for _, rooms, _, event_id in emits.sent:
        for room in rooms:
            per_room.setdefault(room, []).append(event_id)
    assert per_room["counter:loket-1"] == sorted(per_room["counter:loket-1"])
    assert len(per_room["counter:loket-1"]) == 2  # the finish, then the call


def test_a_socket_in_a_display_room_and_a_counter_room_is_sent_the_call_once(
        app, client, tokens, emits):
    manager = app.extensions["loket"].realtime.socketio.server.manager
    manager.basic_enter_room("both", "/", "display:all", eio_sid="eio-both")
    manager.basic_enter_room("both", "/", "counter:loket-1", eio_sid="eio-both")
    manager.basic_enter_room("console", "/", "counter:loket-1", eio_sid="eio-console")
    post(client, "/tickets", tokens["kiosk"], {"service_id": "ktp-el"})
    emits.sent.clear()
    post(client, "/counters/loket-1/call-next", tokens["admin"])
    to_counter = [skip for name, rooms, skip, _ in emits.sent
                  if name == "ticket.called" and "counter:loket-1" in rooms]
    assert to_counter == [["both"]]
