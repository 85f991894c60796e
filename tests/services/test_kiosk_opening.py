"""The services answer tells the kiosk when the hall is closed: the hall's reason and next
opening in the site's zone (WIB), and each closed service's own next opening."""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema

from tests.conftest import MONDAY_9AM

API = "/api/v1"


def answer(client) -> dict:
    body = client.get(f"{API}/services").get_json()
    spec = client.get(f"{API}/openapi.json").get_json()
    jsonschema.validate(body, {"$ref": "#/components/schemas/ServiceList",
                               "components": spec["components"]})
    return body


def test_an_open_hall_has_no_next_opening(client):
    body = answer(client)  # Monday 09:00 WIB
    assert body["hall"] == {"open": True, "closed_reason": None, "closed_message": None,
                            "closed_message_en": None, "next_open_at": None}
    assert all(s["next_open_at"] is None for s in body["services"] if s["open"])


def test_on_a_holiday_the_hall_says_so_and_opens_again_after_the_holidays(client, clock):
    # Thursday 24 December 2026, 10:00 WIB: cuti bersama, then Christmas, then the weekend
    clock.set(datetime(2026, 12, 24, 3, 0, tzinfo=UTC))
    body = answer(client)
    assert body["hall"]["open"] is False
    assert body["hall"]["closed_reason"] == "holiday"
    assert body["hall"]["closed_message"] == "Hari libur: Cuti Bersama Hari Raya Natal"
    assert body["hall"]["next_open_at"] == "2026-12-28T08:00:00+07:00"
    ktp = next(s for s in body["services"] if s["id"] == "ktp-el")
    assert (ktp["open"], ktp["next_open_at"]) == (False, "2026-12-28T08:00:00+07:00")


def test_after_hours_the_next_opening_is_the_next_morning(client, clock):
    clock.set(MONDAY_9AM.replace(hour=10))  # Monday 17:00 WIB
    body = answer(client)
    assert (body["hall"]["closed_reason"], body["hall"]["next_open_at"]) == (
        "outside_hours", "2026-03-03T08:00:00+07:00")


def test_in_the_friday_break_each_service_opens_by_its_own_hours(client, clock):
    # Friday 6 March 2026, 12:30 WIB: the hall's prayer break (08:00-11:30, 13:30-15:30);
    # BBN & mutasi keeps only 08:00-11:00 on Fridays, so it opens again on Monday
    clock.set(datetime(2026, 3, 6, 5, 30, tzinfo=UTC))
    body = answer(client)
    opening = {s["id"]: s["next_open_at"] for s in body["services"]}
    assert opening["ktp-el"] == "2026-03-06T13:30:00+07:00"
    assert opening["bbn-mutasi"] == "2026-03-09T08:00:00+07:00"
    assert (body["hall"]["closed_reason"], body["hall"]["next_open_at"]) == (
        "outside_hours", "2026-03-06T13:30:00+07:00")
