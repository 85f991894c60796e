"""The SKM follow-up API: plan actions per period and unsur, move them to done, and read the
share followed up and the mean days to follow up from worked numbers; scoped like reports."""

from __future__ import annotations

import jsonschema
import pytest

from tests.conftest import bearer
from tests.web.test_api import API, envelope_of
from tests.web.test_openapi import schema_of

MARCH = {"period_from": "2026-03-01", "period_to": "2026-03-31"}
PERIOD = {"from": "2026-03-01", "to": "2026-03-31"}


def plan(client, tokens, who="admin", **body):
    full = {**MARCH, "agency_id": "dukcapil", "element": "U3",
            "action": "Tambah satu loket KTP-el pada jam sibuk",
            "owner": "Kepala Dinas Dukcapil", "due_date": "2026-04-30", **body}
    return client.post(f"{API}/skm/followups", json=full, headers=bearer(tokens[who]))


def planned(client, tokens, who="admin", **body) -> dict:
    r = plan(client, tokens, who, **body)
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["followup"]


def change(client, tokens, followup_id, who="admin", **body):
    return client.patch(f"{API}/skm/followups/{followup_id}", json=body,
                        headers=bearer(tokens[who]))


def listing(client, tokens, who="admin", **query):
    return client.get(f"{API}/skm/followups", query_string={**PERIOD, **query},
                      headers=bearer(tokens[who]))


def test_a_planned_action_is_201_and_listed_with_its_period(client, tokens):
    made = planned(client, tokens)
    assert (made["status"], made["done_date"], made["created_by"]) == ("planned", None,
                                                                       "admin")
    body = listing(client, tokens).get_json()
    jsonschema.validate(body, schema_of(client.get(f"{API}/openapi.json").get_json(),
                                        "FollowupList"))
    assert [f["id"] for f in body["followups"]] == [made["id"]]
    assert body["figures"] == {"actions": 1, "done": 0, "followed_up_pct": 0.0,
                               "mean_days_to_follow_up": None}


def test_share_followed_up_and_mean_days_from_worked_numbers(client, tokens, clock):
    # planned Monday 2 March: four actions; done on 2 March (0 days), 6 March (4 days),
    # 13 March (11 days); one still in progress → 3/4 = 75.0 %, (0 + 4 + 11) / 3 = 5.0
    ids = [planned(client, tokens, element=e)["id"] for e in ("U1", "U3", "U7", "U9")]
    assert change(client, tokens, ids[0], status="done").status_code == 200
    clock.advance(days=4)
    change(client, tokens, ids[1], status="done")
    clock.advance(days=7)
    change(client, tokens, ids[2], status="done")
    change(client, tokens, ids[3], status="in_progress")
    body = listing(client, tokens).get_json()
    assert [f["done_date"] for f in body["followups"]] == [
        "2026-03-02", "2026-03-06", "2026-03-13", None]
    assert body["figures"] == {"actions": 4, "done": 3, "followed_up_pct": 75.0,
                               "mean_days_to_follow_up": 5.0}


def test_a_done_date_may_be_given_but_not_before_planning_nor_ahead(client, tokens, clock):
    made = planned(client, tokens)
    clock.advance(days=10)
    envelope_of(change(client, tokens, made["id"], status="done", done_date="2026-03-01"),
                400, "bad_request", "done_date")
    envelope_of(change(client, tokens, made["id"], status="done", done_date="2026-03-20"),
                400, "bad_request", "done_date")
    r = change(client, tokens, made["id"], status="done", done_date="2026-03-05")
    assert r.get_json()["followup"]["done_date"] == "2026-03-05"
    # changing the owner of a done action keeps its day; reopening clears it
    kept = change(client, tokens, made["id"], owner="Sekretaris Dinas").get_json()
    assert kept["followup"]["done_date"] == "2026-03-05"
    reopened = change(client, tokens, made["id"], status="in_progress").get_json()
    assert reopened["followup"]["done_date"] is None


@pytest.mark.parametrize("body, field", [
    ({"element": "U10"}, "element"),
    ({"action": "abc"}, "action"),
    ({"owner": ""}, "owner"),
    ({"due_date": "30-04-2026"}, "due_date"),
    ({"due_date": "2026-02-01"}, "due_date"),
    ({"period_to": "2026-02-01"}, "period_to"),
    ({"period_from": "2026-13-01"}, "period_from"),
    ({"status": "finished"}, "status"),
    ({"status": "planned", "done_date": "2026-03-02"}, "done_date"),
    ({"note": "x"}, "note"),
])
def test_a_bad_action_is_400_at_its_field(client, tokens, body, field):
    envelope_of(plan(client, tokens, **body), 400, "bad_request", field)


def test_an_overdue_action_is_marked(client, tokens, clock):
    made = planned(client, tokens, due_date="2026-03-10")
    clock.advance(days=8)  # 10 March: the due day itself
    assert listing(client, tokens).get_json()["followups"][0]["overdue"] is False
    clock.advance(days=1)
    assert listing(client, tokens).get_json()["followups"][0]["overdue"] is True
    change(client, tokens, made["id"], status="done")
    assert listing(client, tokens).get_json()["followups"][0]["overdue"] is False


def test_only_actions_whose_period_lies_within_the_asked_one_are_listed(client, tokens):
    march = planned(client, tokens)["id"]
    planned(client, tokens, period_from="2026-04-01", period_to="2026-04-30",
            due_date="2026-05-31")
    assert [f["id"] for f in listing(client, tokens).get_json()["followups"]] == [march]
    quarter = listing(client, tokens, to="2026-06-30").get_json()
    assert quarter["figures"]["actions"] == 2


def test_a_supervisor_plans_for_their_agency_and_reads_the_halls_own(client, tokens):
    hall_wide = planned(client, tokens, agency_id=None, element="U9")
    samsat = planned(client, tokens, agency_id="samsat")
    mine = planned(client, tokens, "supervisor_here")
    envelope_of(plan(client, tokens, "supervisor_here", agency_id="samsat"), 403,
                "forbidden", "agency_id")
    envelope_of(plan(client, tokens, "supervisor_here", agency_id=None), 403, "forbidden",
                "agency_id")
    envelope_of(plan(client, tokens, agency_id="nowhere"), 404, "not_found", "agency_id")
    seen = [f["id"] for f in listing(client, tokens, "supervisor_here").get_json()[
        "followups"]]
    assert sorted(seen) == sorted([hall_wide["id"], mine["id"]])
    only = listing(client, tokens, "supervisor_here", agency_id="dukcapil").get_json()
    assert [f["id"] for f in only["followups"]] == [mine["id"]]
    envelope_of(listing(client, tokens, "supervisor_here", agency_id="samsat"), 403,
                "forbidden", "agency_id")
    envelope_of(change(client, tokens, samsat["id"], "supervisor_here", status="done"), 403,
                "forbidden", "agency_id")
    envelope_of(change(client, tokens, hall_wide["id"], "supervisor_here", status="done"),
                403, "forbidden", "agency_id")
    envelope_of(change(client, tokens, 999, status="done"), 404, "not_found", "id")
    assert len(listing(client, tokens).get_json()["followups"]) == 3


@pytest.mark.parametrize("who, status", [(None, 401), ("officer_here", 403),
                                         ("kiosk", 403), ("display", 403)])
def test_officers_devices_and_anonymous_never(client, tokens, who, status):
    made = planned(client, tokens)
    headers = bearer(tokens[who]) if who else {}
    assert client.get(f"{API}/skm/followups", query_string=PERIOD,
                      headers=headers).status_code == status
    full = {**MARCH, "agency_id": "dukcapil", "element": "U3", "action": "Tambah loket",
            "owner": "Kepala Dinas", "due_date": "2026-04-30"}
    assert client.post(f"{API}/skm/followups", json=full,
                       headers=headers).status_code == status
    assert client.patch(f"{API}/skm/followups/{made['id']}", json={"status": "done"},
                        headers=headers).status_code == status
