"""Booking check-in at the kiosk in real Chromium, against `queue-server serve` with KTP-el
taking bookings (30-minute slots): the keypad, a USB scanner's keystroke burst on a screen
other than the first, and the refusals (too early, cancelled, unknown) in plain words.
Screenshots: /tmp/shots/booking-kiosk-*.png."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.conftest import always_open_config, provision

API = "/api/v1"
SHOTS = Path("/tmp/shots")
WIB = ZoneInfo("Asia/Jakarta")
# KTP-el takes bookings: 30-minute slots of 4 places, a week ahead
BOOKABLE = {'  name_en = "Electronic ID card (KTP-el)"\n':
            '  name_en = "Electronic ID card (KTP-el)"\n  slot_minutes = 30\n'
            "  slot_capacity = 4\n  booking_days_ahead = 7\n"}


def booking_hall(live_server_factory, tmp_path, printer_port: int | None = None):
    server = live_server_factory(config=always_open_config(
        tmp_path / "cfg", printer_port=printer_port, replace_text=BOOKABLE))
    server.tokens = provision(server.data_dir, server.config)
    return server.start()


@pytest.fixture
def server(live_server_factory, tmp_path, emulator):
    return booking_hall(live_server_factory, tmp_path, printer_port=emulator.port)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def slots(server, day: str, service: str = "ktp-el") -> list[dict]:
    r = requests.get(f"{server.url}{API}/booking/slots",
                     params={"service_id": service, "date": day}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["slots"]


_phones = itertools.count(34567890)


def book(server, day: str, start: str, name: str = "Siti Aminah",
         service: str = "ktp-el") -> dict:
    # one active booking per phone, service and day: each citizen here has their own phone
    r = requests.post(f"{server.url}{API}/bookings", timeout=10, json={
        "service_id": service, "date": day, "start": start, "name": name,
        "phone": f"0812 {next(_phones)}"})
    assert r.status_code == 201, r.text
    return r.json()["booking"]


def book_now(server, name: str = "Siti Aminah") -> dict:
    """The slot running now (the hall is open all day): check-in is open for it."""
    today = datetime.now(WIB).date().isoformat()
    return book(server, today, slots(server, today)[0]["start"], name)


def booking(server, code: str) -> dict:
    return requests.get(f"{server.url}{API}/bookings/{code}", timeout=10).json()["booking"]


def open_kiosk(new_page, server, width: int = 1920, height: int = 1080):
    page = new_page(width, height, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    return page


def type_on_keypad(page, code: str) -> None:
    page.locator("#have-booking").tap()
    page.wait_for_selector("[data-screen=checkin]")
    for ch in code:
        page.locator(f"[data-key='{ch}']").tap()


def test_a_citizen_checks_in_on_the_keypad_and_gets_a_ticket_printed_reservasi(
        new_page, server, emulator):
    made = book_now(server)
    page = open_kiosk(new_page, server)
    shoot(page, "booking-kiosk-1-first-screen")
    page.locator("#have-booking").tap()
    page.wait_for_selector("[data-screen=checkin]")
    # only the code's own characters: no 0/O, 1/I/L to mistype
    keys = page.eval_on_selector_all(".key[data-key]", "ks => ks.map(k => k.dataset.key)")
    assert not {"0", "O", "1", "I", "L"} & set(keys)
    assert {"2", "9", "A", "Z", "erase"} <= set(keys)
    assert page.locator("#checkin-submit").is_disabled()
    for ch in made["code"][:5]:
        page.locator(f"[data-key='{ch}']").tap()
    page.locator("[data-key=erase]").tap()  # a slip, put right
    for ch in made["code"][4:]:
        page.locator(f"[data-key='{ch}']").tap()
    assert page.get_attribute("#booking-code", "data-code") == made["code"]
    shoot(page, "booking-kiosk-2-keypad")
    page.locator("#checkin-submit").tap()
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#booked-mark").inner_text() == "RESERVASI"
    code = page.locator("#ticket-code").inner_text()
    assert code.startswith("A")
    page.wait_for_selector("[data-print=sent]", timeout=15000)
    shoot(page, "booking-kiosk-3-ticket")
    [png] = emulator.wait_for(1, timeout=10)
    paper = png.with_suffix(".txt").read_text(encoding="utf-8")
    assert code in paper and "RESERVASI" in paper
    assert "Siti" not in paper  # the name is personal data: never printed
    after = booking(server, made["code"])
    assert after["status"] == "checked_in" and after["ticket_code"] == code
    assert page.errors == []


def test_a_scanner_burst_checks_a_code_in_from_the_services_screen_and_slow_typing_does_not(
        new_page, server):
    slow, fast = book_now(server, "Budi"), book_now(server, "Wati")
    page = open_kiosk(new_page, server)
    page.locator("[data-agency=dukcapil]").tap()
    page.wait_for_selector("[data-screen=services]")
    # a person at a keyboard is not a scanner: nothing happens on this screen
    page.keyboard.type(slow["code"], delay=120)
    page.keyboard.press("Enter")
    page.wait_for_timeout(700)
    assert page.get_attribute("#app > section", "data-screen") == "services"
    assert booking(server, slow["code"])["status"] == "booked"
    # the scanner: the whole code within a few ms a key, then Enter
    page.keyboard.type(fast["code"].lower(), delay=5)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#booked-mark").is_visible()
    shoot(page, "booking-kiosk-4-scanned")
    assert booking(server, fast["code"])["status"] == "checked_in"
    # a scanned link (the manage page's QR) is read for the code in it, on the ticket screen
    first = page.locator("#ticket-code").inner_text()
    page.keyboard.type(slow["manage_url"], delay=3)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('#ticket-code')?.textContent !== {first!r}",
                           timeout=10000)
    assert booking(server, slow["code"])["ticket_code"] == page.locator("#ticket-code").inner_text()
    assert booking(server, slow["code"])["status"] == "checked_in"
    assert page.errors == []


def test_too_early_says_from_what_time_check_in_opens_in_both_languages(new_page, server):
    now = datetime.now(WIB)
    later = [s for s in slots(server, now.date().isoformat())
             if datetime.combine(now.date(), datetime.strptime(s["start"], "%H:%M").time(),
                                 WIB) - now > timedelta(minutes=45)]
    day = now.date() if later else now.date() + timedelta(days=1)
    start = later[0]["start"] if later else "12:00"
    made = book(server, day.isoformat(), start)
    opens = (datetime.strptime(start, "%H:%M") - timedelta(minutes=30)).strftime("%H:%M")
    page = open_kiosk(new_page, server)
    type_on_keypad(page, made["code"])
    page.locator("#checkin-submit").tap()
    page.wait_for_selector("[data-screen=checkinProblem] [data-problem=too_early]")
    message = page.locator("#checkin-message").inner_text()
    if later:
        assert message == f"Terlalu awal. Silakan check-in mulai pukul {opens}."
    else:
        assert message.startswith("Terlalu awal.") and opens in message
    assert page.locator("#walk-in").count() == 0  # the booking is still good: come back later
    shoot(page, "booking-kiosk-5-too-early")
    page.locator("#lang").tap()
    message = page.locator("#checkin-message").inner_text()
    assert message.startswith("Too early.") and opens in message
    assert booking(server, made["code"])["status"] == "booked"
    assert all("/check-in" in e for e in page.errors), page.errors  # the refusal itself


def test_cancelled_and_unknown_codes_are_told_and_offer_a_walk_in_ticket(new_page, server):
    made = book_now(server)
    r = requests.post(f"{server.url}{API}/bookings/{made['code']}/cancel", timeout=10)
    assert r.status_code == 200, r.text
    page = open_kiosk(new_page, server)
    type_on_keypad(page, made["code"])
    page.locator("#checkin-submit").tap()
    page.wait_for_selector("[data-problem=cancelled]")
    assert "dibatalkan" in page.locator("#checkin-message").inner_text()
    shoot(page, "booking-kiosk-6-cancelled")
    page.locator("#walk-in").tap()  # straight to the booked service's queue choice
    page.wait_for_selector("[data-screen=priority]")
    assert "KTP-el" in page.locator("h1").inner_text()
    page.locator(".back").tap()  # to the agency's services
    page.wait_for_selector("[data-screen=services]")
    page.locator(".back").tap()
    # a code nobody was given (valid characters, so it reaches the server)
    type_on_keypad(page, "ZZ2345" if made["code"] != "ZZ2345" else "ZZ2346")
    page.locator("#checkin-submit").tap()
    page.wait_for_selector("[data-problem=unknown]")
    assert "tidak dikenal" in page.locator("#checkin-message").inner_text()
    shoot(page, "booking-kiosk-7-unknown")
    page.locator("#walk-in").tap()
    page.wait_for_selector("[data-screen=agencies]")
    # the only failed loads were the refusals themselves
    assert all("/bookings/" in e for e in page.errors), page.errors


def test_a_booking_whose_time_has_passed_offers_the_walk_in_ticket(new_page, server):
    """A booking of this morning, never checked in (the API books no past slot: written in
    the store); whether the server's sweep has marked it missed yet or not, the kiosk says
    its time has passed."""
    from queue_server.boot import DB_FILE
    from queue_server.store import open_store

    now = datetime.now(WIB)
    store = open_store(server.data_dir / DB_FILE)
    try:
        with store.write() as tx:  # yesterday morning: its window is over at any hour
            tx.bookings.insert(code="GATE23", service_id="ktp-el", agency_id="dukcapil",
                               day=now.date() - timedelta(days=1), start=time(8, 0),
                               end=time(8, 30), name="Rudi Hartono", phone=None,
                               now=now - timedelta(days=2))
    finally:
        store.close()
    page = open_kiosk(new_page, server)
    type_on_keypad(page, "GATE23")
    page.locator("#checkin-submit").tap()
    page.wait_for_selector("[data-problem=booking_expired]")
    assert "sudah lewat" in page.locator("#checkin-message").inner_text()
    shoot(page, "booking-kiosk-8-expired")
    page.locator("#walk-in").tap()
    page.wait_for_selector("[data-screen=priority]")
    page.locator("[data-kind=regular]").tap()
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#booked-mark").count() == 0  # a walk-in's ticket, unmarked
    assert all("/check-in" in e for e in page.errors), page.errors
