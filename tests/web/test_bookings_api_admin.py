"""A service's booking slots end to end through the administration API: an admin (or the
agency's supervisor) sets slot length, places and days ahead, the booking API offers the
slots at once, the three go together, and the config export carries them."""

from __future__ import annotations

import tomllib

from tests.conftest import bearer
from tests.web.test_api import API, envelope_of

SLOTS = {"slot_minutes": 20, "slot_capacity": 3, "booking_days_ahead": 5}


def patch(client, tokens, body, who="admin", service="ktp-el"):
    return client.patch(f"{API}/admin/services/{service}", json=body,
                        headers=bearer(tokens[who]))


def slots(client, day="2026-03-03"):
    return client.get(f"{API}/booking/slots?service_id=ktp-el&date={day}").get_json()["slots"]


def test_an_admin_opens_bookings_for_a_service_and_the_slots_are_there_at_once(
        client, tokens):
    assert slots(client) == []
    r = patch(client, tokens, SLOTS)
    assert r.status_code == 200, r.get_data(True)
    assert {k: r.get_json()["service"][k] for k in SLOTS} == SLOTS
    offered = slots(client)
    assert offered[0] == {"start": "08:00", "end": "08:20", "capacity": 3, "left": 3}
    assert len(offered) == 21  # 08:00-15:00 by 20 minutes
    assert slots(client, "2026-03-08") == []  # Sunday; 2026-03-09 is past 5 days ahead
    assert slots(client, "2026-03-09") == []


def test_the_supervisor_of_the_agency_may_and_another_may_not(client, tokens):
    assert patch(client, tokens, SLOTS, who="supervisor_here").status_code == 200
    envelope_of(patch(client, tokens, SLOTS, who="supervisor_other"), 403, "forbidden")


def test_the_three_slot_fields_go_together_and_are_checked(client, tokens):
    refused = envelope_of(patch(client, tokens, {"slot_minutes": 30}), 400, "bad_request")
    fields = {p["field"] for p in refused["problems"]}
    assert fields == {"slot_capacity", "booking_days_ahead"}
    envelope_of(patch(client, tokens, {**SLOTS, "slot_minutes": 2}), 400, "bad_request",
                "slot_minutes")
    envelope_of(patch(client, tokens, {**SLOTS, "booking_days_ahead": 400}), 400,
                "bad_request", "booking_days_ahead")


def test_switching_bookings_off_again_empties_the_slots(client, tokens):
    patch(client, tokens, SLOTS)
    off = patch(client, tokens, {"slot_minutes": None, "slot_capacity": None,
                                 "booking_days_ahead": None})
    assert off.status_code == 200, off.get_data(True)
    assert slots(client) == []


def test_the_config_export_carries_the_slot_settings(client, tokens):
    patch(client, tokens, SLOTS)
    text = client.get(f"{API}/admin/config.toml", headers=bearer(tokens["admin"]))
    assert text.status_code == 200
    config = tomllib.loads(text.get_data(True))
    ktp = next(s for a in config["agencies"] for s in a["services"] if s["id"] == "ktp-el")
    assert {k: ktp[k] for k in SLOTS} == SLOTS
