"""The console state tells the officer's page which buttons work: the server decides."""

from __future__ import annotations

from tests.conftest import bearer
from tests.web.test_api import API, issue


def console(client, tokens) -> dict:
    r = client.get(f"{API}/counters/loket-1/console", headers=bearer(tokens["officer_here"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def post(client, tokens, path: str, **body) -> dict:
    r = client.post(f"{API}{path}", json=body or None, headers=bearer(tokens["officer_here"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def test_an_idle_open_counter_with_nobody_waiting_can_only_pause(client, tokens):
    state = console(client, tokens)
    assert state["allowed_actions"] == ["pause"]
    assert state["blocked_actions"]["next"] == "nobody_waiting"
    assert state["blocked_actions"]["finish"] == "no_current"
    assert state["blocked_actions"]["resume"] == "illegal_for_status"


def test_the_buttons_follow_the_ticket_through_its_life(client, tokens):
    issue(client, tokens)
    issue(client, tokens)
    assert {"next", "call", "pause"} <= set(console(client, tokens)["allowed_actions"])

    ticket = post(client, tokens, "/counters/loket-1/call-next")["ticket"]
    called = console(client, tokens)
    assert set(called["allowed_actions"]) == {"next", "call", "recall", "start", "skip",
                                              "finish", "transfer", "cancel", "pause"}

    post(client, tokens, f"/tickets/{ticket['id']}/start")
    serving = console(client, tokens)
    assert set(serving["allowed_actions"]) == {"next", "call", "finish", "transfer", "pause"}
    assert serving["blocked_actions"]["skip"] == "illegal_for_status"
    assert serving["blocked_actions"]["recall"] == "illegal_for_status"


def test_a_paused_counter_can_resume_but_not_call(client, tokens):
    issue(client, tokens)
    post(client, tokens, "/counters/loket-1/pause", reason="salat")
    state = console(client, tokens)
    assert "resume" in state["allowed_actions"]
    assert state["blocked_actions"]["next"] == "paused"
    assert state["blocked_actions"]["pause"] == "paused"
