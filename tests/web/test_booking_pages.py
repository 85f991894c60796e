"""The citizen's booking pages: /booking and /booking/manage open for anyone, in Indonesian
or English, carry the site's local day and the holidays ahead (fake clock), and never put
anything but a well-formed booking code into the manage page."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.conftest import bearer


@pytest.fixture
def settings(base_settings):
    """KTP-el takes bookings a week ahead, PKB tahunan today only; the rest take none."""
    slots = {"ktp-el": 7, "pkb-tahunan": 0}
    return replace(base_settings, services=tuple(
        replace(s, slot_minutes=30, slot_capacity=4, booking_days_ahead=slots[s.id])
        if s.id in slots else s for s in base_settings.services))


def page_facts(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="bk-page">(.*?)</script>', html, re.S)
    assert found, "the page's facts are missing"
    return json.loads(found.group(1))


def test_the_booking_page_needs_no_sign_in_and_loads_its_module(client):
    r = client.get("/booking")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<html lang="id">' in html and "Reservasi antrean" in html
    assert "/static/js/booking/book.js" in html and "/static/css/booking.css" in html
    assert 'href="/booking/manage"' in html


def test_the_booking_page_in_english(client):
    html = client.get("/booking?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Book a visit" in html
    assert 'href="/booking/manage?lang=en"' in html


def test_the_page_says_the_sites_local_day_not_the_servers(client, clock):
    # 23:30 on 2 March in UTC is already 3 March in WIB
    clock.set(datetime(2026, 3, 2, 17, 30, tzinfo=UTC))
    facts = page_facts(client.get("/booking").get_data(as_text=True))
    assert facts["today"] == "2026-03-03"
    assert facts["utc_offset_minutes"] == 7 * 60 and facts["zone"] == "WIB"
    assert facts["site"] == "Mal Pelayanan Publik Kabupaten Lebong"
    assert "Tubei, Lebong" in facts["address"]  # config.toml's site.address


def test_the_page_lists_the_services_taking_bookings_with_their_days_ahead(client):
    facts = page_facts(client.get("/booking").get_data(as_text=True))
    assert facts["bookable"] == {"ktp-el": 7, "pkb-tahunan": 0, "skck": 7}  # skck: config.toml


def test_the_holidays_ahead_are_named_for_the_days_list(client, clock):
    clock.set(datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    facts = page_facts(client.get("/booking").get_data(as_text=True))
    assert facts["holidays"]["2026-12-25"] == "Hari Raya Natal"
    assert facts["holidays"]["2026-12-24"] == "Cuti Bersama Hari Raya Natal"
    assert "2027-01-01" in facts["holidays"]


def test_holidays_already_past_are_left_out(client, clock):
    clock.set(datetime(2026, 12, 26, 2, 0, tzinfo=UTC))
    holidays = page_facts(client.get("/booking").get_data(as_text=True))["holidays"]
    assert "2026-12-25" not in holidays and "2027-01-01" in holidays


def test_the_manage_page_takes_the_code_from_its_path(client):
    html = client.get("/booking/manage/k7mq2x").get_data(as_text=True)
    assert 'data-code="K7MQ2X"' in html and "/static/js/booking/manage.js" in html
    assert 'id="bk-confirm"' in html  # the cancel confirmation


def test_the_manage_page_drops_a_code_that_cannot_be_one(client):
    # look-alikes (0, O, 1, I, L) are never in a code; markup never reaches the page
    for bad in ("K0MQ2X", "KIMQ2X", "ABC", "<b>x</b>"):
        r = client.get(f"/booking/manage/{bad}")
        assert r.status_code in (200, 404)
        if r.status_code == 200:
            assert 'data-code=""' in r.get_data(as_text=True), bad


def test_the_manage_page_without_a_code_asks_for_one(client):
    html = client.get("/booking/manage").get_data(as_text=True)
    assert 'data-code=""' in html and "Reservasi Anda" in html
    assert "Your booking" in client.get("/booking/manage?lang=en").get_data(as_text=True)


def test_the_pages_are_the_same_for_a_signed_in_device(client, tokens):
    assert client.get("/booking", headers=bearer(tokens["kiosk"])).status_code == 200


def test_the_pages_modules_and_style_are_served(client):
    for path in ("/static/js/booking/book.js", "/static/js/booking/manage.js",
                 "/static/js/booking/card.js", "/static/js/booking/days.js",
                 "/static/js/booking/errors.js", "/static/js/booking/ics.js",
                 "/static/js/booking/texts.js", "/static/css/booking.css"):
        assert client.get(path).status_code == 200, path


def test_the_start_page_offers_the_booking_page(client):
    assert '<a class="card" href="/booking">' in client.get("/").get_data(as_text=True)
