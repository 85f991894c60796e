"""What a survey tablet is told and may answer, and what the phone page offers: on the app
fixture (real SQLite in tmp, the fake clock), through the HTTP API and the Flask-SocketIO
test client. The tablet learns of a citizen only when its own counter finishes them, is
never told the officer, and may answer only for its own counter's citizens."""

from __future__ import annotations

import json

import pytest

from queue_server.services import accounts
from tests.conftest import bearer

API = "/api/v1"
ANSWERS = {f"U{i}": 1 + i % 4 for i in range(1, 10)}


@pytest.fixture
def tablets(app) -> dict[str, str]:
    hall = app.extensions["loket"].hall
    return {counter: accounts.create_device_token(hall, f"tablet-{counter}", "survey",
                                                  counter_id=counter).secret
            for counter in ("loket-1", "loket-2")}


def serve(client, tokens, counter: str = "loket-1", service: str = "ktp-el",
          officer: str = "admin") -> dict:
    """A citizen issued, called, started and finished at `counter`; their ticket."""
    staff = bearer(tokens[officer])
    issued = client.post(f"{API}/tickets", json={"service_id": service},
                         headers=bearer(tokens["kiosk"])).get_json()["ticket"]
    called = client.post(f"{API}/counters/{counter}/call-next", headers=staff)
    assert called.get_json()["ticket"]["id"] == issued["id"], called.get_json()
    client.post(f"{API}/tickets/{issued['id']}/start", json={}, headers=staff)
    done = client.post(f"{API}/tickets/{issued['id']}/finish", json={}, headers=staff)
    assert done.status_code == 200, done.get_json()
    return {**done.get_json()["ticket"], "token": issued["track_url"].rsplit("/", 1)[1]}


def state_of(client, token: str) -> dict:
    r = client.get(f"{API}/survey/state", headers=bearer(token))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def answer(client, ticket_token: str, token: str | None = None):
    return client.post(f"{API}/skm/responses", headers=bearer(token), json={
        "ticket_token": ticket_token, "answers": ANSWERS,
        "profile": {"age": "30_39", "sex": "P", "education": None, "occupation": None},
        "suggestion": None})


# ---------------------------------------------------------------- the tablet's state


def test_an_idle_tablet_knows_its_counter_and_nobody_to_ask(client, tablets):
    state = state_of(client, tablets["loket-1"])
    assert state["counter"] == {"id": "loket-1", "name": "Loket 1", "number": 1,
                                "agency": state["counter"]["agency"]}
    assert state["counter"]["agency"]  # the agency's name, for the idle screen
    assert state["ticket"] is None


def test_after_a_finish_the_tablet_of_that_counter_only_gets_the_citizen(client, tokens,
                                                                        tablets):
    ticket = serve(client, tokens, "loket-1")
    shown = state_of(client, tablets["loket-1"])["ticket"]
    assert shown["token"] == ticket["token"] and shown["code"] == ticket["code"]
    assert shown["service"]["id"] == "ktp-el" and shown["language"] == "id"
    assert state_of(client, tablets["loket-2"])["ticket"] is None


def test_the_tablet_is_never_told_who_served(app, client, tokens, tablets):
    hall = app.extensions["loket"].hall
    accounts.create_user(hall, "rina", "officer", None, counters=["loket-1"],)
    with hall.store.write() as tx:
        tx.conn.execute("UPDATE users SET display_name = 'Rina Marlina' WHERE name = 'rina'")
    tokens["rina"] = accounts.create_user_token(hall, "rina").secret
    serve(client, tokens, "loket-1", officer="rina")
    text = json.dumps(state_of(client, tablets["loket-1"]))
    assert "rina" not in text.lower() and "Marlina" not in text


def test_the_form_is_offered_for_three_minutes_and_not_once_answered(app, client, tokens,
                                                                    tablets, clock):
    ticket = serve(client, tokens, "loket-1")
    clock.advance(minutes=2, seconds=50)
    assert state_of(client, tablets["loket-1"])["ticket"]["code"] == ticket["code"]
    clock.advance(seconds=20)  # the citizen has walked away: a reconnect shows idle
    assert state_of(client, tablets["loket-1"])["ticket"] is None
    again = serve(client, tokens, "loket-1")
    assert answer(client, again["token"], tablets["loket-1"]).status_code == 201
    assert state_of(client, tablets["loket-1"])["ticket"] is None


def test_only_a_survey_tablet_reads_the_tablet_state(client, tokens):
    assert client.get(f"{API}/survey/state").status_code == 401
    for who in ("kiosk", "display", "officer_here", "admin"):
        r = client.get(f"{API}/survey/state", headers=bearer(tokens[who]))
        assert r.status_code == 403, who


def test_the_survey_page_is_served_to_anyone_and_holds_no_ticket(client):
    page = client.get("/survey")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Terima kasih telah dilayani" in html and "/static/js/survey.js" in html


# ---------------------------------------------------------------- answering


def test_the_tablet_answers_for_its_counters_citizen_with_channel_survey(app, client, tokens,
                                                                       tablets):
    ticket = serve(client, tokens, "loket-1")
    made = answer(client, ticket["token"], tablets["loket-1"])
    assert made.status_code == 201, made.get_json()
    with app.extensions["loket"].hall.store.read() as tx:
        stored = tx.skm.for_ticket(ticket["id"])
    assert stored.channel == "survey" and stored.counter_id == "loket-1"


def test_a_tablet_cannot_answer_for_another_counters_citizen(app, client, tokens, tablets):
    ticket = serve(client, tokens, "loket-1")
    refused = answer(client, ticket["token"], tablets["loket-2"])
    assert refused.status_code == 403, refused.get_json()
    assert refused.get_json()["error"]["code"] == "forbidden"
    with app.extensions["loket"].hall.store.read() as tx:
        assert tx.skm.for_ticket(ticket["id"]) is None
    # the citizen's own phone still may
    assert answer(client, ticket["token"]).status_code == 201


# ---------------------------------------------------------------- the phone's offer


def test_the_phone_is_offered_the_form_once_served_and_not_after_answering(client, tokens,
                                                                         clock):
    staff = bearer(tokens["admin"])
    issued = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"])).get_json()["ticket"]
    token = issued["track_url"].rsplit("/", 1)[1]

    def offer() -> str:
        r = client.get(f"{API}/track/{token}/skm")
        assert r.status_code == 200
        return r.get_json()["skm"]["status"]

    assert offer() == "closed"
    client.post(f"{API}/counters/loket-1/call-next", headers=staff)
    assert offer() == "closed"
    client.post(f"{API}/tickets/{issued['id']}/finish", json={}, headers=staff)
    assert offer() == "open"
    clock.advance(days=1)  # the QR on the paper still works the next day
    assert offer() == "open"
    assert answer(client, token).status_code == 201
    assert offer() == "answered"
    assert answer(client, token).get_json()["error"]["code"] == "conflict"


def test_a_skipped_citizen_is_not_offered_the_form_and_unknown_tokens_are_404(client,
                                                                            tokens):
    staff = bearer(tokens["admin"])
    issued = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"])).get_json()["ticket"]
    client.post(f"{API}/counters/loket-1/call-next", headers=staff)
    client.post(f"{API}/tickets/{issued['id']}/skip", json={}, headers=staff)
    token = issued["track_url"].rsplit("/", 1)[1]
    assert client.get(f"{API}/track/{token}/skm").get_json()["skm"]["status"] == "closed"
    missing = client.get(f"{API}/track/no-such-token/skm")
    assert missing.status_code == 404 and missing.get_json()["ok"] is False


# ---------------------------------------------------------------- live


def socket_of(app, token: str):
    socket = app.extensions["loket"].socketio.test_client(app, auth={"token": token})
    assert socket.is_connected()
    return socket


def test_the_tablet_joins_its_counters_survey_room_and_hears_each_finish(app, client, tokens,
                                                                        tablets):
    tablet = socket_of(app, tablets["loket-1"])
    ack = tablet.emit("join", {"room": "survey:loket-1"}, callback=True)
    assert ack == {"ok": True, "room": "survey:loket-1"}
    [joined] = [m["args"][0] for m in tablet.get_received() if m["name"] == "survey.state"]
    assert joined["ticket"] is None and joined["counter"]["id"] == "loket-1"

    serve(client, tokens, "loket-2")  # another counter's citizen: not for this tablet
    ticket = serve(client, tokens, "loket-1")
    heard = [m for m in tablet.get_received() if m["name"].startswith(("survey.", "ticket."))]
    assert [m["name"] for m in heard] == ["survey.ticket"]  # no other traffic, no tokens
    body = heard[0]["args"][0]
    assert body["ticket"]["token"] == ticket["token"] and body["counter_id"] == "loket-1"
    assert body["event_id"] > joined["event_id"]


def test_a_finish_by_calling_the_next_citizen_also_reaches_the_tablet(app, client, tokens,
                                                                     tablets):
    staff = bearer(tokens["admin"])
    kiosk = bearer(tokens["kiosk"])
    first = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                        headers=kiosk).get_json()["ticket"]
    client.post(f"{API}/tickets", json={"service_id": "ktp-el"}, headers=kiosk)
    client.post(f"{API}/counters/loket-1/call-next", headers=staff)
    client.post(f"{API}/tickets/{first['id']}/start", json={}, headers=staff)
    tablet = socket_of(app, tablets["loket-1"])
    tablet.emit("join", {"room": "survey:loket-1"}, callback=True)
    tablet.get_received()
    client.post(f"{API}/counters/loket-1/call-next", headers=staff)  # finishes the first
    heard = [m["args"][0] for m in tablet.get_received() if m["name"] == "survey.ticket"]
    assert [h["ticket"]["code"] for h in heard] == [first["code"]]


@pytest.mark.parametrize("who, room, code", [
    ("loket-1", "survey:loket-2", "forbidden"),
    ("officer_here", "survey:loket-1", "forbidden"),
    ("display", "survey:loket-1", "forbidden"),
    ("loket-1", "survey:loket-99", "not_found"),
])
def test_only_the_tablet_of_that_counter_joins_its_survey_room(app, tokens, tablets, who,
                                                              room, code):
    socket = socket_of(app, tablets.get(who) or tokens[who])
    ack = socket.emit("join", {"room": room}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code


def test_an_anonymous_socket_cannot_join_a_survey_room(app):
    socket = app.extensions["loket"].socketio.test_client(app)
    ack = socket.emit("join", {"room": "survey:loket-1"}, callback=True)
    assert ack["error"]["code"] == "unauthorized"
