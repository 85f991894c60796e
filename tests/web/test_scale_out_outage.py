"""Two server processes on one data folder and one Redis of the test's own, which the test
stops and starts again: screens on either process converge on every committed call through
the outage (the room marks' heartbeats), and nothing is doubled after it (the outbox)."""

from __future__ import annotations

import contextlib
import queue
import time

import pytest
import requests

from tests.live_server import LiveServer, always_open_config, provision
from tests.own_redis import OwnRedis
from tests.web.test_realtime import Watcher

API = "/api/v1"


@pytest.fixture
def outage_hall(tmp_path):
    redis = OwnRedis().start()
    config = always_open_config(tmp_path / "cfg", replace_text={
        '# message_queue = "redis://127.0.0.1:6379/0"': f'message_queue = "{redis.url}"'})
    data = tmp_path / "data"
    tokens = provision(data, config)
    add_officer(data, config, "bayu", "rahasia-bayu-123", ["loket-15"])
    servers = [LiveServer(data, config=config, log_path=tmp_path / "a.log"),
               LiveServer(data, config=config, log_path=tmp_path / "b.log")]
    for server in servers:
        server.start()
    yield redis, servers, tokens
    for server in servers:
        server.stop()
    redis.stop()


def add_officer(data, config, name: str, password: str, counters: list[str]) -> None:
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    store, _ = prepare_data(load_settings(config), data)
    try:
        accounts.create_user(Hall(store, load_settings(config)), name, "officer", password,
                             counters=counters)
    finally:
        store.close()


def post(server, path: str, token: str, body: dict | None = None) -> dict:
    r = requests.post(server.url + API + path, json=body or {}, timeout=10,
                      headers={"Authorization": f"Bearer {token}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def health(server) -> dict:
    return requests.get(server.url + API + "/health", timeout=10).json()


def wait_for(what, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(step)
    raise AssertionError(f"not within {timeout}s")


def drain(watcher: Watcher, seconds: float) -> list[tuple[str, dict]]:
    got, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(queue.Empty):
            got.append(watcher.events.get(timeout=0.1))
    return got


def open_alarm_kinds(server, tokens) -> set[str]:
    r = requests.get(server.url + API + "/supervision", timeout=10,
                     headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert r.status_code == 200, r.text
    return {a["kind"] for a in r.json()["alarms"]}


def test_a_call_made_while_the_queue_is_down_reaches_the_other_process_and_nothing_doubles(
        outage_hall):
    redis, (a, b), tokens = outage_hall
    tv_a, tv_b = Watcher(a.url, tokens["display"]), Watcher(b.url, tokens["display"])
    try:
        for tv in (tv_a, tv_b):
            assert tv.client.call("join", {"room": "display:all"}, timeout=5)["ok"]
            tv.next("display.state")
        assert health(b)["message_queue"] == {"ok": True, "pending": 0, "dropped": 0,
                                              "down_since": None, "error": None}
        post(b, "/tickets", tokens["kiosk"], {"service_id": "skck"})
        post(b, "/tickets", tokens["kiosk"], {"service_id": "skck"})
        assert tv_a.next("ticket.issued")["ticket"]["code"] == "S001"  # live, through Redis

        redis.stop()
        called = post(b, "/counters/loket-15/call-next", tokens["admin"])["ticket"]
        assert called["code"] == "S001"  # the citizen is called whatever the queue does
        # B's own screen hears it at once; B keeps it for the queue
        call_id = tv_b.next("ticket.called", timeout=5)["event_id"]
        queue = health(b)["message_queue"]
        assert queue["ok"] is False and queue["pending"] >= 1 and queue["down_since"]
        # A's screen was never sent it; A's heartbeat names it within 15 s, and A's snapshot
        # (what the screen then fetches) has the call
        started = time.monotonic()
        while True:
            event, body = tv_a.events.get(timeout=max(15 - (time.monotonic() - started), 0.01))
            assert event != "ticket.called", "the call cannot have come through the queue"
            if event == "heartbeat" and body["room"] == "display:all" and \
                    body["event_id"] >= call_id:
                break
        state = requests.get(a.url + API + "/display/state", timeout=10,
                             headers={"Authorization": f"Bearer {tokens['display']}"}).json()
        assert [c["ticket"]["code"] for c in state["calls"]] == ["S001"]
        assert state["event_id"] >= call_id
        # a queue down for long raises the supervisors' alarm
        wait_for(lambda: "message_queue_down" in open_alarm_kinds(a, tokens), 30, 1)

        redis.start()
        # B sends what it kept once the queue answers; the alarm clears
        wait_for(lambda: health(b)["message_queue"]["ok"] and
                 health(b)["message_queue"]["pending"] == 0, 20, 0.5)
        wait_for(lambda: "message_queue_down" not in open_alarm_kinds(a, tokens), 30, 1)
        # a new call after the outage reaches A (live once A's listener is back, else by the
        # heartbeat); the kept call reached A at most once, and B's screen got nothing twice
        second = post(b, "/counters/loket-15/call-next", tokens["admin"])["ticket"]
        assert second["code"] == "S002"
        after = drain(tv_a, 8)
        live_ids = [body["event_id"] for e, body in after if e == "ticket.called"]
        beats = [body["event_id"] for e, body in after
                 if e == "heartbeat" and body["room"] == "display:all"]
        assert live_ids.count(call_id) <= 1
        assert max(live_ids + beats) > call_id  # the second call was announced to A
        on_b = [body["event_id"] for e, body in drain(tv_b, 1) if e == "ticket.called"]
        assert call_id not in on_b
    finally:
        tv_a.close()
        tv_b.close()


def test_one_process_without_a_message_queue_reports_none_in_health(client):
    body = client.get(API + "/health").get_json()
    assert body["ok"] is True and body["message_queue"] is None
