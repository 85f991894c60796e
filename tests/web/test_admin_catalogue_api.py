"""Administration of agencies, services, counters and zones over the API: checked like
config.toml, one event each with before → after, scoped, live at once, never deleted."""

from __future__ import annotations

import pytest

from tests.conftest import bearer
from tests.web.test_api import API, envelope_of, issue

NEW_SERVICE = {"id": "paspor", "agency_id": "dukcapil", "prefix": "PS",
               "name": "Konsultasi Paspor", "name_en": "Passport advice",
               "daily_quota": 40, "online_quota": 10, "max_wait_minutes": 45,
               "service_minutes": 6, "requirements": ["KTP-el asli", "Kartu Keluarga"],
               "hours": None}


def post(client, tokens, path, body, who="admin"):
    return client.post(f"{API}/admin/{path}", json=body, headers=bearer(tokens[who]))


def patch(client, tokens, path, body, who="admin"):
    return client.patch(f"{API}/admin/{path}", json=body, headers=bearer(tokens[who]))


def listed(client, tokens, path, who="admin") -> list[dict]:
    r = client.get(f"{API}/admin/{path}", headers=bearer(tokens[who]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()[path]


def kiosk_services(client) -> dict[str, dict]:
    return {s["id"]: s for s in client.get(f"{API}/services").get_json()["services"]}


# ---------------------------------------------------------------- happy paths


def test_an_admin_creates_a_service_and_the_kiosk_offers_it_at_once(client, tokens):
    r = post(client, tokens, "services", NEW_SERVICE)
    assert r.status_code == 201, r.get_data(as_text=True)
    made = r.get_json()["service"]
    assert made == {**NEW_SERVICE, "active": True, "slot_minutes": None,
                    "slot_capacity": None, "booking_days_ahead": None}
    offered = kiosk_services(client)["paspor"]
    assert offered["prefix"] == "PS" and offered["requirements"] == ["KTP-el asli",
                                                                     "Kartu Keluarga"]
    assert any(s["id"] == "paspor" for s in listed(client, tokens, "services"))


def test_a_new_counter_serving_the_new_service_calls_its_first_ticket(client, tokens):
    assert post(client, tokens, "services", NEW_SERVICE).status_code == 201
    r = post(client, tokens, "counters", {"id": "loket-99", "number": 99,
                                          "agency_id": "dukcapil", "services": {"paspor": 1}})
    assert r.status_code == 201, r.get_data(as_text=True)
    assert r.get_json()["counter"]["name"] == "Loket 99"  # config.toml's default name
    ticket = issue(client, tokens, "paspor")
    called = client.post(f"{API}/counters/loket-99/call-next",
                         headers=bearer(tokens["admin"])).get_json()["ticket"]
    assert called["code"] == ticket["code"] == "PS001"


def test_patch_changes_only_the_fields_given_and_logs_before_and_after(client, tokens):
    r = patch(client, tokens, "services/ktp-el", {"daily_quota": 200})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["service"]["daily_quota"] == 200
    assert r.get_json()["service"]["prefix"] == "A"
    assert kiosk_services(client)["ktp-el"]["quota_left"] == 200
    events = client.get(f"{API}/admin/audit", query_string={"type": "service.updated"},
                        headers=bearer(tokens["admin"])).get_json()["events"]
    data = events[0]["data"]
    assert (events[0]["actor"], data["entity"], data["id"]) == ("user:admin", "service",
                                                                "ktp-el")
    assert (data["before"]["daily_quota"], data["after"]["daily_quota"]) == (150, 200)


def test_a_patch_that_changes_nothing_writes_no_event(client, tokens):
    patch(client, tokens, "services/ktp-el", {"daily_quota": 150})
    events = client.get(f"{API}/admin/audit", query_string={"type": "service.updated"},
                        headers=bearer(tokens["admin"])).get_json()["events"]
    assert events == []


def test_a_service_sets_its_own_friday_and_keeps_the_sites_other_days(client, tokens):
    r = patch(client, tokens, "services/ktp-el", {"hours": {"friday": "08:00-11:00"}})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["service"]["hours"] == {"friday": "08:00-11:00"}
    r = patch(client, tokens, "services/ktp-el", {"hours": None})
    assert r.get_json()["service"]["hours"] is None


def test_agencies_and_zones_are_created_and_edited(client, tokens):
    r = post(client, tokens, "agencies", {"id": "imigrasi", "name": "Kantor Imigrasi Kelas II",
                                          "short_name": "Imigrasi"})
    assert r.status_code == 201, r.get_data(as_text=True)
    assert r.get_json()["agency"] == {"id": "imigrasi", "name": "Kantor Imigrasi Kelas II",
                                      "name_en": "Kantor Imigrasi Kelas II",
                                      "short_name": "Imigrasi", "active": True,
                                      "badge": None, "logo": None}
    r = post(client, tokens, "zones", {"id": "zona-c", "name": "Zona C",
                                       "agencies": ["imigrasi"], "counters": []})
    assert r.status_code == 201, r.get_data(as_text=True)
    r = patch(client, tokens, "zones/zona-c", {"counters": ["loket-1"]})
    assert r.get_json()["zone"]["counters"] == ["loket-1"]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("change", "field"), [
    ({"prefix": "IO1"}, "prefix"),
    ({"prefix": "O"}, "prefix"),
    ({"prefix": "abc"}, "prefix"),
    ({"name": " "}, "name"),
    ({"daily_quota": 0}, "daily_quota"),
    ({"daily_quota": "banyak"}, "daily_quota"),
    ({"online_quota": 50}, "online_quota"),  # more than the daily quota of 40
    ({"max_wait_minutes": -5}, "max_wait_minutes"),
    ({"service_minutes": 0}, "service_minutes"),
    ({"requirements": ["KTP", ""]}, "requirements"),
    ({"requirements": "KTP"}, "requirements"),
    ({"hours": {"friday": "8 sampai 11"}}, "hours.friday"),
    ({"hours": {"funday": "08:00-11:00"}}, "hours.funday"),
    ({"agency_id": "nowhere"}, "agency_id"),
    ({"id": "Paspor Baru"}, "id"),
    ({"colour": "red"}, "colour"),
])
def test_each_bad_field_is_named_in_indonesian_and_nothing_is_saved(client, tokens, change,
                                                                    field):
    error = envelope_of(post(client, tokens, "services", {**NEW_SERVICE, **change}), 400,
                        "bad_request", field)
    assert not error["message"].startswith("must")  # Indonesian, not the config's English
    assert "paspor" not in kiosk_services(client)
    assert all(s["id"] not in ("paspor", "Paspor Baru")
               for s in listed(client, tokens, "services"))


def test_every_bad_field_of_a_form_comes_back_at_once(client, tokens):
    error = envelope_of(post(client, tokens, "services", {
        **NEW_SERVICE, "prefix": "IO", "daily_quota": 0, "name": ""}), 400, "bad_request")
    assert {p["field"] for p in error["problems"]} == {"prefix", "daily_quota", "name"}


@pytest.mark.parametrize(("path", "body", "field"), [
    ("services", {**NEW_SERVICE, "prefix": "A"}, "prefix"),  # KTP-el's
    ("services", {**NEW_SERVICE, "id": "ktp-el"}, "id"),
    ("counters", {"id": "loket-1", "number": 98, "agency_id": "dukcapil",
                  "services": {"ktp-el": 1}}, "id"),
    ("counters", {"id": "loket-98", "number": 1, "agency_id": "dukcapil",
                  "services": {"ktp-el": 1}}, "number"),
    ("agencies", {"id": "dukcapil", "name": "X", "short_name": "X"}, "id"),
])
def test_a_duplicate_id_prefix_or_number_is_a_conflict_naming_the_field(client, tokens, path,
                                                                        body, field):
    error = envelope_of(post(client, tokens, path, body), 409, "conflict", field)
    assert "sudah dipakai" in error["message"]


@pytest.mark.parametrize(("body", "field"), [
    ({"services": {"nowhere": 1}}, "services.nowhere"),
    ({"services": {"ktp-el": 0}}, "services.ktp-el"),
    ({"services": {}}, "services"),
    ({"number": 0}, "number"),
    ({"agency_id": "nowhere"}, "agency_id"),
])
def test_bad_counters_are_refused_at_the_field(client, tokens, body, field):
    envelope_of(patch(client, tokens, "counters/loket-1", body), 400, "bad_request", field)


def test_an_id_cannot_be_renamed_and_unknown_ids_are_not_found(client, tokens):
    envelope_of(patch(client, tokens, "services/ktp-el", {"id": "ktp"}), 400, "bad_request",
                "id")
    envelope_of(patch(client, tokens, "services/nowhere", {"name": "X"}), 404, "not_found",
                "id")


@pytest.mark.parametrize("raw", ["[1, 2]", "not json", '"text"'])
def test_a_body_that_is_not_a_json_object_is_a_bad_request(client, tokens, raw):
    r = client.post(f"{API}/admin/services", data=raw, content_type="application/json",
                    headers=bearer(tokens["admin"]))
    envelope_of(r, 400, "bad_request")


# ---------------------------------------------------------------- deactivation


def test_a_deactivated_service_keeps_its_waiting_citizens_callable(client, tokens):
    waiting = issue(client, tokens, "ktp-el")
    r = patch(client, tokens, "services/ktp-el", {"active": False})
    assert r.status_code == 200 and r.get_json()["service"]["active"] is False
    assert "ktp-el" not in kiosk_services(client)
    r = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                    headers=bearer(tokens["kiosk"]))
    envelope_of(r, 409, "service_closed")
    called = client.post(f"{API}/counters/loket-1/call-next",
                         headers=bearer(tokens["officer_here"])).get_json()["ticket"]
    assert called["code"] == waiting["code"]
    # greyed in the admin list, never gone; and it comes back
    assert next(s for s in listed(client, tokens, "services")
                if s["id"] == "ktp-el")["active"] is False
    patch(client, tokens, "services/ktp-el", {"active": True})
    assert "ktp-el" in kiosk_services(client)


def test_a_deactivated_agency_offers_none_of_its_services(client, tokens):
    assert patch(client, tokens, "agencies/dukcapil", {"active": False}).status_code == 200
    offered = kiosk_services(client)
    assert not any(s["agency"]["id"] == "dukcapil" for s in offered.values())
    assert "pkb-tahunan" in offered


def test_a_deactivated_counter_leaves_the_counter_list(client, tokens):
    assert patch(client, tokens, "counters/loket-2", {"active": False}).status_code == 200
    counters = client.get(f"{API}/counters", headers=bearer(tokens["admin"])).get_json()
    assert "loket-2" not in {c["id"] for c in counters["counters"]}
    assert next(c for c in listed(client, tokens, "counters")
                if c["id"] == "loket-2")["active"] is False


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(("who", "status"), [
    (None, 401), ("kiosk", 403), ("display", 403), ("officer_here", 403),
    ("supervisor_here", 200), ("admin", 200)])
def test_who_may_list_services(client, tokens, who, status):
    r = client.get(f"{API}/admin/services", headers=bearer(tokens.get(who)))
    assert r.status_code == status


def test_a_supervisor_sees_and_edits_only_their_agencies(client, tokens):
    mine = listed(client, tokens, "services", "supervisor_here")
    assert mine and {s["agency_id"] for s in mine} == {"dukcapil"}
    assert {a["id"] for a in listed(client, tokens, "agencies", "supervisor_here")} == \
        {"dukcapil"}
    assert patch(client, tokens, "services/ktp-el", {"daily_quota": 120},
                 "supervisor_here").status_code == 200
    envelope_of(patch(client, tokens, "services/pkb-tahunan", {"daily_quota": 1},
                      "supervisor_here"), 403, "forbidden")
    envelope_of(post(client, tokens, "services", {**NEW_SERVICE, "agency_id": "samsat"},
                     "supervisor_here"), 403, "forbidden")
    envelope_of(patch(client, tokens, "services/ktp-el", {"agency_id": "samsat"},
                      "supervisor_here"), 403, "forbidden")
    envelope_of(patch(client, tokens, "counters/loket-1", {"services": {"pkb-tahunan": 1}},
                      "supervisor_here"), 403, "forbidden")


@pytest.mark.parametrize("path", ["agencies", "zones"])
def test_only_an_admin_changes_agencies_and_zones(client, tokens, path):
    envelope_of(post(client, tokens, path, {"id": "x", "name": "X", "short_name": "X"},
                     "supervisor_here"), 403, "forbidden")
    envelope_of(post(client, tokens, path, {"id": "x", "name": "X"}, "officer_here"), 403,
                "forbidden")


def test_the_openapi_document_lists_the_administration_routes(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for plural in ("agencies", "services", "counters", "zones"):
        assert {"get", "post"} <= set(paths[f"{API}/admin/{plural}"])
        assert "patch" in paths[f"{API}/admin/{plural}/{{id}}"]
