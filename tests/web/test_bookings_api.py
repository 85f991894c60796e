"""The booking API (API.md "Bookings") through the Flask app on a real SQLite file under
the fake clock (Monday 2 March 2026, 09:00 WIB): slots on open and closed days and
holidays, capacity and the online quota, the 409 codes, check-in, cancel, the rate limit,
the staff list's scope, and that names never leave the staff list."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from queue_server.settings import Settings
from tests.booking_setup import with_bookings
from tests.conftest import bearer
from tests.web.test_api import envelope_of

API = "/api/v1"
NYEPI = date(2026, 3, 4)  # a Wednesday made a holiday for these tests


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    site = replace(base_settings.site,
                   holidays={**base_settings.site.holidays, NYEPI: "Hari Suci Nyepi"})
    return with_bookings(replace(base_settings, site=site), capacity=2, days_ahead=7,
                         online_quota=5)


def slots(client, day="2026-03-02", service="ktp-el"):
    r = client.get(f"{API}/booking/slots?service_id={service}&date={day}")
    assert r.status_code == 200, r.get_data(True)
    return r.get_json()["slots"]


def post(client, address="10.0.0.1", **body):
    data = {"service_id": "ktp-el", "date": "2026-03-02", "start": "10:00",
            "name": "Budi Santoso", "phone": None, **body}
    return client.post(f"{API}/bookings", json=data, environ_base={"REMOTE_ADDR": address})


def booked(client, **body) -> dict:
    r = post(client, **body)
    assert r.status_code == 201, r.get_data(True)
    return r.get_json()["booking"]


def check_in(client, tokens, code, who="kiosk"):
    return client.post(f"{API}/bookings/{code}/check-in", headers=bearer(tokens[who]))


def test_an_open_day_has_slots_of_the_hours_and_todays_past_ones_are_gone(client):
    today = slots(client)
    assert today[0] == {"start": "09:00", "end": "09:30", "capacity": 2, "left": 2}
    assert today[-1]["end"] == "15:00" and len(today) == 12
    assert len(slots(client, "2026-03-03")) == 14  # 08:00-15:00 by 30 minutes


def test_closed_days_holidays_days_too_far_and_services_without_slots_have_none(client):
    assert slots(client, "2026-03-07") == []  # Saturday
    assert slots(client, NYEPI.isoformat()) == []
    assert slots(client, "2026-03-10") == []  # past booking_days_ahead (7)
    assert slots(client, "2026-03-01") == []  # yesterday
    assert slots(client, service="kartu-keluarga") == []
    envelope_of(client.get(f"{API}/booking/slots?service_id=ktp-el&date=besok"), 400,
                "bad_request", "date")
    envelope_of(client.get(f"{API}/booking/slots?service_id=nope&date=2026-03-02"), 404,
                "not_found", "service_id")


def test_a_booking_gets_a_code_and_a_manage_url_without_personal_data(client):
    made = booked(client, phone="0812-3456-7890")
    assert set(made) == {"code", "service_id", "date", "start", "end", "status",
                         "ticket_code", "manage_url"}
    assert (made["start"], made["end"], made["status"]) == ("10:00", "10:30", "booked")
    assert made["manage_url"].endswith(f"/booking/manage/{made['code']}")
    read = client.get(f"{API}/bookings/{made['code'].lower()}").get_json()["booking"]
    assert read == made
    assert "Budi" not in client.get(f"{API}/bookings/{made['code']}").get_data(True)
    assert slots(client)[2] == {"start": "10:00", "end": "10:30", "capacity": 2, "left": 1}


def test_a_full_slot_and_the_used_online_quota_are_quota_reached(client):
    booked(client, start="10:00")
    booked(client, start="10:00")
    envelope_of(post(client, start="10:00"), 409, "quota_reached", "start")
    booked(client, start="11:00")
    booked(client, start="11:00")
    booked(client, start="13:00")  # the fifth of the online quota
    envelope_of(post(client, start="13:30"), 409, "quota_reached", "start")
    assert {s["left"] for s in slots(client)} == {0}


def test_closed_days_and_bad_fields_are_refused_at_their_field(client):
    envelope_of(post(client, date="2026-03-07"), 409, "service_closed", "date")
    envelope_of(post(client, date=NYEPI.isoformat()), 409, "service_closed", "date")
    envelope_of(post(client, service_id="kartu-keluarga"), 409, "service_closed",
                "service_id")
    envelope_of(post(client, date="2026-03-20"), 400, "bad_request", "date")
    envelope_of(post(client, start="10:10"), 400, "bad_request", "start")
    envelope_of(post(client, start="09:00", date="2026-03-01"), 400, "bad_request", "date")
    envelope_of(post(client, name="B"), 400, "bad_request", "name")
    envelope_of(post(client, phone="12345"), 400, "bad_request", "phone")
    envelope_of(post(client, extra=1), 400, "bad_request", "extra")


def test_one_phone_has_one_active_booking_per_service_and_day(client):
    first = booked(client, phone="081234567890")
    envelope_of(post(client, start="11:00", phone="+62 812 3456 7890"), 409, "conflict",
                "phone")
    booked(client, date="2026-03-03", phone="081234567890")  # another day is fine
    client.post(f"{API}/bookings/{first['code']}/cancel", json={})
    booked(client, start="11:00", phone="081234567890")  # the cancelled one is not active


def test_a_booking_sent_again_with_its_idempotency_key_is_the_same_booking_and_one_place(
        client):
    key = {"Idempotency-Key": "3f1c2b9e-booking-retry"}
    data = {"service_id": "ktp-el", "date": "2026-03-02", "start": "10:00",
            "name": "Budi Santoso", "phone": "081234567890"}
    first = client.post(f"{API}/bookings", json=data, headers=key)
    again = client.post(f"{API}/bookings", json=data, headers=key)  # the answer was lost
    assert first.status_code == again.status_code == 201, again.get_data(True)
    assert again.get_json()["booking"]["code"] == first.get_json()["booking"]["code"]
    left = {s["start"]: s["left"] for s in slots(client)}
    assert left["10:00"] == 1  # capacity 2: one place taken, not two (nor a 409 phone clash)
    # the key with another request is the client's mistake, refused, and books nothing
    other = client.post(f"{API}/bookings", json={**data, "start": "11:00"}, headers=key)
    envelope_of(other, 422, "idempotency_key_reused", "Idempotency-Key")
    assert {s["start"]: s["left"] for s in slots(client)}["11:00"] == 2


def test_a_retried_booking_is_answered_even_once_its_address_reached_the_limit(client):
    key = {"Idempotency-Key": "retry-after-limit"}
    data = {"service_id": "ktp-el", "date": "2026-03-03", "start": "08:00",
            "name": "Siti Aminah", "phone": None}
    env = {"REMOTE_ADDR": "10.0.0.9"}
    first = client.post(f"{API}/bookings", json=data, headers=key, environ_base=env)
    assert first.status_code == 201
    for start in ("08:30", "09:00", "09:30", "10:00"):
        booked(client, date="2026-03-03", start=start, address="10.0.0.9")
    for start in ("08:00", "08:30", "09:00", "09:30", "10:00"):
        booked(client, date="2026-03-05", start=start, address="10.0.0.9")
    envelope_of(post(client, address="10.0.0.9"), 429, "rate_limited", None)
    again = client.post(f"{API}/bookings", json=data, headers=key, environ_base=env)
    assert again.status_code == 201
    assert again.get_json()["booking"]["code"] == first.get_json()["booking"]["code"]


def test_one_address_is_limited_with_a_clear_indonesian_message(client, clock):
    for day in ("2026-03-03", "2026-03-05"):  # the online quota is 5 a day
        for start in ("08:00", "08:30", "09:00", "09:30", "10:00"):
            booked(client, date=day, start=start, address="10.0.0.7")
    refused = envelope_of(post(client, address="10.0.0.7"), 429, "rate_limited", None)
    assert "Terlalu banyak reservasi" in refused["message"]
    assert post(client, address="10.0.0.8").status_code == 201
    clock.advance(minutes=10, seconds=1)
    assert post(client, address="10.0.0.7").status_code == 201


def test_check_in_issues_a_ticket_once_and_again_returns_it(client, tokens, clock):
    made = booked(client, start="09:30")
    clock.advance(minutes=20)  # 09:20, before the slot: queued from the check-in
    first = check_in(client, tokens, made["code"])
    assert first.status_code == 201, first.get_data(True)
    ticket = first.get_json()["ticket"]
    assert ticket["booking_code"] == made["code"] and ticket["status"] == "waiting"
    assert ticket["issued_at"] == "2026-03-02T09:20:00+07:00"
    again = check_in(client, tokens, made["code"])
    assert again.status_code == 200 and again.get_json()["ticket"]["id"] == ticket["id"]
    read = client.get(f"{API}/bookings/{made['code']}").get_json()["booking"]
    assert (read["status"], read["ticket_code"]) == ("checked_in", ticket["code"])
    track = client.get(f"{API}/track/{ticket['track_url'].rsplit('/', 1)[1]}")
    assert track.status_code == 200 and "Budi" not in track.get_data(True)


def test_check_in_too_early_too_late_cancelled_and_unknown(client, tokens, clock):
    early = booked(client, start="14:00")
    envelope_of(check_in(client, tokens, early["code"]), 409, "too_early", "code")
    late = booked(client, start="09:00")
    clock.set(datetime(2026, 3, 2, 2, 46, tzinfo=UTC))  # 09:46, past 09:30 + 15 minutes
    envelope_of(check_in(client, tokens, late["code"]), 409, "booking_expired", "code")
    gone = booked(client, start="14:00")
    client.post(f"{API}/bookings/{gone['code']}/cancel", json={})
    envelope_of(check_in(client, tokens, gone["code"]), 409, "invalid_transition")
    envelope_of(check_in(client, tokens, "ZZZZZZ"), 404, "not_found", "code")
    envelope_of(check_in(client, tokens, early["code"], "officer_other"), 403, "forbidden")


def test_cancel_frees_the_place_and_twice_is_an_invalid_transition(client):
    booked(client, start="10:00")
    made = booked(client, start="10:00")
    assert slots(client)[2]["left"] == 0
    r = client.post(f"{API}/bookings/{made['code']}/cancel", json={})
    assert r.status_code == 200 and r.get_json()["booking"]["status"] == "cancelled"
    assert slots(client)[2]["left"] == 1
    envelope_of(client.post(f"{API}/bookings/{made['code']}/cancel", json={}), 409,
                "invalid_transition")


def test_the_staff_list_has_names_in_slot_order_within_scope(client, tokens):
    booked(client, start="11:00", name="Siti Aminah", phone="081298765432")
    booked(client, start="10:00", name="Budi Santoso")
    listed = client.get(f"{API}/bookings?date=2026-03-02",
                        headers=bearer(tokens["supervisor_here"])).get_json()["bookings"]
    assert [(b["start"], b["name"]) for b in listed] == [("10:00", "Budi Santoso"),
                                                          ("11:00", "Siti Aminah")]
    assert listed[1]["phone"] == "+6281298765432"
    for who in ("supervisor_other", "officer_other"):
        other = client.get(f"{API}/bookings?date=2026-03-02", headers=bearer(tokens[who]))
        assert other.status_code == 200 and other.get_json()["bookings"] == []
    mine = client.get(f"{API}/bookings?date=2026-03-02&service_id=ktp-el",
                      headers=bearer(tokens["officer_here"]))
    assert len(mine.get_json()["bookings"]) == 2
    envelope_of(client.get(f"{API}/bookings?date=2026-03-02"), 401, "unauthorized")
    envelope_of(client.get(f"{API}/bookings", headers=bearer(tokens["admin"])), 400,
                "bad_request", "date")


def test_names_stay_off_the_tv_the_console_and_the_ticket(client, tokens, clock):
    made = booked(client, start="09:00", name="Rahasia Pribadi")
    ticket = check_in(client, tokens, made["code"]).get_json()["ticket"]
    assert ticket["booking_code"] == made["code"]
    admin = bearer(tokens["admin"])
    for path in ("/display/state?zone=all", "/counters/loket-1/console",
                 f"/tickets/{ticket['id']}", "/counters"):
        body = client.get(API + path, headers=admin if "display" not in path
                          else bearer(tokens["display"])).get_data(True)
        assert "Rahasia" not in body, path


def test_reports_count_booked_checked_in_missed_and_cancelled_in_scope(client, tokens, clock):
    came = booked(client, start="09:00")
    gone = booked(client, start="09:00")
    away = booked(client, start="09:30")
    assert check_in(client, tokens, came["code"]).status_code == 201
    client.post(f"{API}/bookings/{gone['code']}/cancel", json={})
    clock.set(datetime(2026, 3, 2, 3, 16, tzinfo=UTC))  # 10:16, past 10:00 + 15 minutes
    missed = client.post(f"{API}/bookings/{away['code']}/missed", json={},
                         headers=bearer(tokens["supervisor_here"]))
    assert missed.status_code == 200 and missed.get_json()["booking"]["status"] == "missed"
    report = client.get(f"{API}/reports/daily?date=2026-03-02",
                        headers=bearer(tokens["supervisor_here"])).get_json()
    assert report["bookings"]["by_service"] == {
        "ktp-el": {"booked": 2, "checked_in": 1, "missed": 1, "cancelled": 1}}
    other = client.get(f"{API}/reports/summary?from=2026-03-02&to=2026-03-02",
                       headers=bearer(tokens["supervisor_other"])).get_json()
    assert other["bookings"] == {"by_service": {}, "total": {
        "booked": 0, "checked_in": 0, "missed": 0, "cancelled": 0}}


def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit(app, client):
    hall = app.extensions["loket"].hall
    booking = replace(hall.config.booking, trusted_proxies=("10.9.9.9",))
    hall.config = replace(hall.config, booking=booking)

    def via_proxy(citizen: str, start: str, day: str):
        return client.post(
            f"{API}/bookings", json={"service_id": "ktp-el", "date": day, "start": start,
                                     "name": "Budi Santoso", "phone": None},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
            headers={"X-Forwarded-For": f"1.2.3.4, {citizen}"})

    starts = ("08:00", "08:30", "09:00", "09:30", "10:00")
    for i in range(10):
        assert via_proxy("203.0.113.5", starts[i % 5],
                         "2026-03-03" if i < 5 else "2026-03-05").status_code == 201
    envelope_of(via_proxy("203.0.113.5", "11:00", "2026-03-06"), 429, "rate_limited")
    assert via_proxy("203.0.113.6", "11:00", "2026-03-06").status_code == 201
