"""The ticket, the phone and the console tell the position call-next will follow."""

from __future__ import annotations

import pytest

from queue_server.domain.models import PriorityMode
from tests.conftest import bearer, with_queue
from tests.web.test_api import API, issue


@pytest.fixture
def settings(base_settings):
    # one priority citizen after every three regular calls
    return with_queue(base_settings, priority_mode=PriorityMode.RATIO, regular_per_priority=3)


def track(client, ticket: dict) -> dict:
    token = ticket["track_url"].rsplit("/", 1)[1]
    return client.get(f"{API}/track/{token}").get_json()["ticket"]


def call_next(client, tokens) -> dict:
    r = client.post(f"{API}/counters/loket-1/call-next", headers=bearer(tokens["officer_here"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["ticket"]


def test_ratio_mode_a_priority_citizen_behind_three_regulars_is_told_three_ahead(
        client, tokens, app):
    hall = app.extensions["loket"].hall
    # loket-1 and loket-2 serve IKD; with loket-2 on a break loket-1's order decides
    assert [c.id for c in hall.current_catalog().counters_serving("ikd-kia")] == \
        ["loket-1", "loket-2"]
    client.post(f"{API}/counters/loket-2/pause", json={"reason": "salat"},
                headers=bearer(tokens["admin"]))
    regulars = [issue(client, tokens, "ikd-kia") for _ in range(3)]
    lansia = issue(client, tokens, "ikd-kia", priority_kind="lansia")

    # the SQL count used to say 0 ("priority first"); ratio mode calls three regulars first
    assert lansia["people_ahead"] == 3
    assert track(client, lansia)["people_ahead"] == 3
    assert [track(client, t)["people_ahead"] for t in regulars] == [0, 1, 2]
    console = client.get(f"{API}/counters/loket-1/console",
                         headers=bearer(tokens["officer_here"])).get_json()
    assert [t["code"] for t in console["waiting"]] == \
        [t["code"] for t in [*regulars, lansia]]
    assert [t["people_ahead"] for t in console["waiting"]] == [0, 1, 2, 3]

    called = [call_next(client, tokens)["code"] for _ in range(4)]
    assert called == [t["code"] for t in [*regulars, lansia]]


def test_the_kiosk_estimate_counts_the_citizens_another_service_puts_ahead(client, tokens):
    # loket-1 serves KTP-el (weight 2) and IKD: an IKD citizen waits behind KTP-el ones too
    for _ in range(2):
        issue(client, tokens, "ktp-el")
    services = {s["id"]: s for s in client.get(f"{API}/services").get_json()["services"]}
    assert services["ikd-kia"]["waiting"] == 0
    assert services["ikd-kia"]["eta_minutes"] > 0
    ikd = issue(client, tokens, "ikd-kia")
    assert ikd["people_ahead"] == 2
