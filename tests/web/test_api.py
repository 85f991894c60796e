"""The HTTP API of API.md: happy paths, bad input, and one error envelope for everything."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import bearer

API = "/api/v1"


def envelope_of(response, status: int, code: str, field: str | None = "any") -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json, response.get_data(as_text=True)
    body = response.get_json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field != "any":
        assert body["error"]["field"] == field
    return body["error"]


def issue(client, tokens, service="ktp-el", **extra) -> dict:
    r = client.post(f"{API}/tickets", json={"service_id": service, **extra},
                    headers=bearer(tokens["kiosk"]))
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()["ticket"]


# ---------------------------------------------------------------- health and services


def test_health_reports_db_and_version(client):
    body = client.get(f"{API}/health").get_json()
    assert body["ok"] is True
    assert body["db"] == "ok"
    assert body["version"]
    assert isinstance(body["printers"], dict)
    assert body["now"].endswith("+07:00")


def test_services_lists_every_service_with_open_state_waiting_and_eta(client, tokens):
    issue(client, tokens)
    services = client.get(f"{API}/services").get_json()["services"]
    assert len(services) == 23
    ktp = next(s for s in services if s["id"] == "ktp-el")
    assert ktp["prefix"] == "A"
    assert ktp["agency"] == {"id": "dukcapil", "short_name": "Dukcapil",
                             "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lebong",
                             "badge": "DU", "logo_url": None}
    assert ktp["open"] is True and ktp["closed_reason"] is None
    assert ktp["waiting"] == 1
    assert ktp["quota_left"] == 149
    assert ktp["eta_minutes"] == 0  # 1 waiting, 2 free counters: the second calls at once


def test_services_show_why_a_service_is_closed(client, clock):
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))  # 20:00 WIB
    services = client.get(f"{API}/services").get_json()["services"]
    assert all(not s["open"] for s in services)
    assert {s["closed_reason"] for s in services} == {"outside_hours"}
    assert "jam layanan" in services[0]["closed_message"]


# ---------------------------------------------------------------- tickets


def test_issue_answers_201_with_the_ticket(client, tokens):
    t = issue(client, tokens, priority=True, language="en")
    assert t["code"] == "A001"
    assert t["number"] == 1
    assert t["status"] == "waiting"
    assert t["priority"] is True
    assert t["language"] == "en"
    assert t["service_id"] == "ktp-el" and t["agency_id"] == "dukcapil"
    assert t["issued_at"] == "2026-03-02T09:00:00+07:00"
    assert t["called_at"] is None and t["counter_id"] is None
    assert t["people_ahead"] == 0 and t["eta_minutes"] == 0
    assert t["track_url"].startswith("http://localhost:8080/t/")
    assert len(t["track_url"].rsplit("/", 1)[1]) >= 20


@pytest.mark.parametrize(("body", "status", "code", "field"), [
    ({}, 400, "bad_request", "service_id"),
    ({"service_id": 5}, 400, "bad_request", "service_id"),
    ({"service_id": "ktp-el", "priority": "yes"}, 400, "bad_request", "priority"),
    ({"service_id": "ktp-el", "priority": 1}, 400, "bad_request", "priority"),
    ({"service_id": "ktp-el", "language": "fr"}, 400, "bad_request", "language"),
    ({"service_id": "ktp-el", "colour": "red"}, 400, "bad_request", "colour"),
    ({"service_id": "x" * 100}, 400, "bad_request", "service_id"),
    ({"service_id": "paspor"}, 404, "not_found", "service_id"),
])
def test_bad_issue_bodies_get_a_clear_error(client, tokens, body, status, code, field):
    r = client.post(f"{API}/tickets", json=body, headers=bearer(tokens["kiosk"]))
    envelope_of(r, status, code, field)


@pytest.mark.parametrize("raw", ['{"service_id": ', "[1, 2]", '"ktp-el"', "\xff\xfe"])
def test_malformed_json_is_a_bad_request(client, tokens, raw):
    r = client.post(f"{API}/tickets", data=raw, content_type="application/json",
                    headers=bearer(tokens["kiosk"]))
    envelope_of(r, 400, "bad_request")


def test_closed_service_and_quota_are_conflicts_with_their_codes(client, tokens, clock):
    for _ in range(30):
        issue(client, tokens, "pbg-slf")
    r = client.post(f"{API}/tickets", json={"service_id": "pbg-slf"},
                    headers=bearer(tokens["kiosk"]))
    envelope_of(r, 409, "quota_reached", "service_id")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    r = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                    headers=bearer(tokens["kiosk"]))
    envelope_of(r, 409, "service_closed", "service_id")


def test_get_ticket_and_track_by_token(client, tokens):
    t = issue(client, tokens)
    got = client.get(f"{API}/tickets/{t['id']}", headers=bearer(tokens["admin"])).get_json()
    assert got["ticket"] == t
    token = t["track_url"].rsplit("/", 1)[1]
    tracked = client.get(f"{API}/track/{token}").get_json()["ticket"]
    assert tracked["code"] == "A001"
    assert tracked["status"] == "waiting"
    assert tracked["people_ahead"] == 0
    assert tracked["service"]["name"] == "KTP-el (Rekam & Cetak)"
    assert tracked["counter"] is None
    # no internal ids on the citizen's phone
    assert "id" not in tracked and "service_id" not in tracked and "counter_id" not in tracked


@pytest.mark.parametrize("path", ["/tickets/999999", "/tickets/abc", "/tickets/-1",
                                  "/track/not-a-token"])
def test_unknown_ids_are_not_found(client, tokens, path):
    r = client.get(API + path, headers=bearer(tokens["admin"]))
    envelope_of(r, 404, "not_found")


def test_call_next_start_finish_over_http(client, tokens):
    t = issue(client, tokens)
    admin = bearer(tokens["officer_here"])
    called = client.post(f"{API}/counters/loket-1/call-next", headers=admin).get_json()
    assert called["ticket"]["id"] == t["id"]
    assert called["ticket"]["status"] == "called"
    assert called["ticket"]["counter_id"] == "loket-1"
    assert called["ticket"]["called_at"] == "2026-03-02T09:00:00+07:00"
    started = client.post(f"{API}/tickets/{t['id']}/start", headers=admin).get_json()
    assert started["ticket"]["status"] == "serving"
    done = client.post(f"{API}/tickets/{t['id']}/finish", headers=admin).get_json()
    assert done["ticket"]["status"] == "done"
    empty = client.post(f"{API}/counters/loket-1/call-next", headers=admin)
    assert empty.status_code == 200 and empty.get_json() == {"ticket": None}


def test_illegal_transition_is_409_invalid_transition(client, tokens):
    t = issue(client, tokens)
    r = client.post(f"{API}/tickets/{t['id']}/finish", headers=bearer(tokens["admin"]))
    envelope_of(r, 409, "invalid_transition")
    still = client.get(f"{API}/tickets/{t['id']}", headers=bearer(tokens["admin"]))
    assert still.get_json()["ticket"]["status"] == "waiting"


def test_call_specific_recall_skip_cancel_transfer_over_http(client, tokens):
    admin = bearer(tokens["admin"])
    first = issue(client, tokens)
    second = issue(client, tokens)
    r = client.post(f"{API}/tickets/{second['id']}/call", headers=admin,
                    json={"counter_id": "loket-1", "reason": "anak kecil"})
    assert r.get_json()["ticket"]["status"] == "called"
    r = client.post(f"{API}/tickets/{second['id']}/recall", headers=admin, json={})
    assert r.get_json()["ticket"]["status"] == "called"
    r = client.post(f"{API}/tickets/{second['id']}/skip", headers=admin)
    assert r.get_json()["ticket"]["status"] == "no_show"
    r = client.post(f"{API}/tickets/{second['id']}/recall", headers=admin,
                    json={"counter_id": "loket-2"})
    assert r.get_json()["ticket"]["counter_id"] == "loket-2"
    r = client.post(f"{API}/tickets/{first['id']}/transfer", headers=admin,
                    json={"service_id": "kartu-keluarga", "reason": "sekalian KK"})
    moved = r.get_json()["ticket"]
    assert (moved["code"], moved["service_id"], moved["status"]) == \
        ("A001", "kartu-keluarga", "waiting")
    assert moved["issued_at"] == first["issued_at"]
    r = client.post(f"{API}/tickets/{first['id']}/cancel", headers=admin,
                    json={"reason": "pulang"})
    assert r.get_json()["ticket"]["status"] == "cancelled"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("call", {"counter_id": "loket-1"}, "reason"),
    ("call", {"reason": "x"}, "counter_id"),
    ("call", {"counter_id": 1, "reason": "x"}, "counter_id"),
    ("call", {"counter_id": "loket-99", "reason": "x"}, "counter_id"),
    ("transfer", {}, "service_id"),
    ("transfer", {"service_id": "nope"}, "service_id"),
    ("transfer", {"counter_id": "nope"}, "counter_id"),
    ("recall", {"counter_id": 3}, "counter_id"),
    ("cancel", {"reason": 5}, "reason"),
])
def test_bad_action_bodies_name_the_field(client, tokens, path, body, field):
    t = issue(client, tokens)
    r = client.post(f"{API}/tickets/{t['id']}/{path}", json=body,
                    headers=bearer(tokens["admin"]))
    assert r.status_code in (400, 404)
    envelope_of(r, r.status_code, "bad_request" if r.status_code == 400 else "not_found",
                field)


def test_counters_list_with_current_ticket(client, tokens):
    issue(client, tokens)
    client.post(f"{API}/counters/loket-1/call-next", headers=bearer(tokens["admin"]))
    counters = client.get(f"{API}/counters", headers=bearer(tokens["admin"])).get_json()
    assert len(counters["counters"]) == 22
    first = counters["counters"][0]
    assert first["id"] == "loket-1" and first["number"] == 1
    assert first["service_ids"] == ["ktp-el", "ikd-kia"]
    assert first["status"] == "open"
    assert first["current_ticket"]["code"] == "A001"
    scoped = client.get(f"{API}/counters", headers=bearer(tokens["supervisor_other"]))
    assert {c["agency_id"] for c in scoped.get_json()["counters"]} == {"samsat"}


def test_display_state_snapshot(client, tokens):
    issue(client, tokens)
    issue(client, tokens, "pkb-tahunan")
    client.post(f"{API}/counters/loket-1/call-next", headers=bearer(tokens["admin"]))
    state = client.get(f"{API}/display/state", headers=bearer(tokens["display"])).get_json()
    assert state["event_id"] >= 3
    assert state["zone"]["id"] == "all"
    assert len(state["calls"]) == 1
    call = state["calls"][0]
    assert call["ticket"]["code"] == "A001"
    assert call["counter"] == {"id": "loket-1", "name": "Loket 1", "number": 1}
    assert call["text"] == "Nomor antrian, A, satu, silakan menuju loket, satu"
    assert call["recall"] is False
    assert state["waiting"]["pkb-tahunan"] == 1
    assert state["running_text"].startswith("Selamat datang")
    assert state["now"].endswith("+07:00")
    zone_a = client.get(f"{API}/display/state?zone=zona-b",
                        headers=bearer(tokens["display"])).get_json()
    assert zone_a["calls"] == []  # the call was at a Dukcapil counter, in zone A
    assert "ktp-el" not in zone_a["waiting"] and "pkb-tahunan" in zone_a["waiting"]
    r = client.get(f"{API}/display/state?zone=lantai-9", headers=bearer(tokens["display"]))
    envelope_of(r, 404, "not_found", "zone")


# ---------------------------------------------------------------- envelope for everything


def test_unknown_endpoint_and_wrong_method_answer_in_the_envelope(client):
    envelope_of(client.get(f"{API}/nope"), 404, "not_found")
    r = client.delete(f"{API}/tickets")
    envelope_of(r, 405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]


def test_an_unexpected_error_is_a_500_envelope_without_traceback(app, client, tokens,
                                                                  monkeypatch):
    from queue_server.services import hall_views

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire at /secret/path")

    monkeypatch.setattr(hall_views, "list_services", explode)
    r = client.get(f"{API}/services")
    error = envelope_of(r, 500, "internal_error")
    assert "secret" not in r.get_data(as_text=True)
    assert "Traceback" not in r.get_data(as_text=True)
    assert error["field"] is None


def test_a_bad_bearer_header_is_401(client):
    envelope_of(client.get(f"{API}/counters", headers={"Authorization": "Basic abc"}),
                401, "unauthorized")
    envelope_of(client.get(f"{API}/counters", headers=bearer("lkt_not-a-real-token")),
                401, "unauthorized")


def test_a_browser_gets_a_friendly_page_not_json_for_unknown_pages(client):
    r = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.mimetype == "text/html"
    assert "Halaman tidak ditemukan" in r.get_data(as_text=True)


def test_services_and_the_phone_carry_the_documents_to_bring(client, tokens):
    services = {s["id"]: s for s in client.get(f"{API}/services").get_json()["services"]}
    assert services["ktp-el"]["requirements"][0] == "Kartu Keluarga (KK) asli"
    assert services["informasi-pertanahan"]["requirements"] == []
    t = issue(client, tokens, "skck")
    token = t["track_url"].rsplit("/", 1)[1]
    tracked = client.get(f"{API}/track/{token}").get_json()["ticket"]
    assert "Pas foto 4x6 berlatar merah, 6 lembar" in tracked["service"]["requirements"]
