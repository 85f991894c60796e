"""Reservasi antrean in real Chromium on a phone (390×844) against `queue-server serve`: a
citizen books KTP-el for tomorrow 09:00 (a holiday and a full slot greyed, a dropped network
and a phone number already booked said in Indonesian without losing what was typed), keeps
the code and its QR, downloads the .ics; the manage page cancels and the place comes back,
shows the ticket's number once checked in at the kiosk; a slot filled meanwhile sends the
citizen back to the slots; the rate limit's refusal is said.
Screenshots of every screen in /tmp/shots/booking-*.png."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.conftest import always_open_config, provision

API = "/api/v1"
SHOTS = Path("/tmp/shots")
WIB = ZoneInfo("Asia/Jakarta")
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{6}$")
TAKEN_PHONE = "081234567890"
# KTP-el takes bookings: hour-long slots of two places, today and three days on
SLOTS = {'  id = "ktp-el"\n': '  id = "ktp-el"\n  slot_minutes = 60\n  slot_capacity = 2\n'
         '  booking_days_ahead = 3\n'}


def local_day(days: int = 0) -> str:
    return (datetime.now(WIB).date() + timedelta(days=days)).isoformat()


@pytest.fixture
def server(live_server_factory, tmp_path):
    config = always_open_config(tmp_path / "cfg", replace_text=SLOTS)
    # the day after tomorrow is a holiday: the hall's own list names it
    with config.open("a", encoding="utf-8") as f:
        f.write(f'\n[holidays]\n"{local_day(2)}" = "Hari Jadi Kabupaten"\n')
    server = live_server_factory(config=config)
    server.tokens = provision(server.data_dir, server.config)
    return server.start()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"booking-{name}.png"), full_page=True)


def book(server, day: str, start: str, phone: str | None = None, name: str = "Budi Santoso"):
    r = requests.post(f"{server.url}{API}/bookings", timeout=10, json={
        "service_id": "ktp-el", "date": day, "start": start, "name": name, "phone": phone})
    assert r.status_code == 201, r.text
    return r.json()["booking"]


def slots(server, day: str) -> dict[str, dict]:
    r = requests.get(f"{server.url}{API}/booking/slots",
                     params={"service_id": "ktp-el", "date": day}, timeout=10)
    return {s["start"]: s for s in r.json()["slots"]}


def at_details(new_page, server, day: str, start: str, day_selector: str = ""):
    """A phone on the booking page with KTP-el, `day` and `start` chosen: the name is next."""
    phone = new_page(390, 844)
    phone.goto(f"{server.url}/booking")
    phone.click("[data-agency=dukcapil]")
    phone.click("[data-service=ktp-el]")
    phone.click(f"[data-day='{day}']{day_selector}")
    phone.click(f"[data-start='{start}']")
    return phone


def test_a_citizen_books_on_the_phone_and_keeps_the_code_qr_and_calendar(new_page, server):
    tomorrow = local_day(1)
    book(server, tomorrow, "10:00", TAKEN_PHONE)
    book(server, tomorrow, "10:00")  # 10:00 tomorrow is full

    phone = new_page(390, 844, accept_downloads=True)
    phone.goto(f"{server.url}/booking")
    phone.locator("[data-agency]").first.wait_for()
    # only the agencies with a service taking bookings: Dukcapil (KTP-el, set here) and the
    # police (SKCK, in config.toml)
    assert sorted(phone.locator("[data-agency]").evaluate_all(
        "els => els.map(e => e.dataset.agency)")) == ["dukcapil", "polres"]
    shot(phone, "1-agency")
    phone.click("[data-agency=dukcapil]")
    assert phone.locator("[data-service]").count() == 1
    shot(phone, "2-service")
    phone.click("[data-service=ktp-el]")
    phone.wait_for_selector(f"[data-day='{tomorrow}'].bk-open")
    assert "Kartu Keluarga (KK) asli" in phone.locator("#bk-docs").inner_text()
    holiday = phone.locator(f"[data-day='{local_day(2)}']")
    assert holiday.is_disabled() and "Libur: Hari Jadi Kabupaten" in holiday.inner_text()
    assert phone.locator(".bk-day").count() == 4  # today and three days on
    shot(phone, "3-day")

    phone.click(f"[data-day='{tomorrow}']")
    full = phone.locator("[data-start='10:00']")
    full.wait_for()
    assert full.is_disabled() and "Penuh" in full.inner_text()
    assert "sisa 2 dari 2" in phone.locator("[data-start='09:00']").inner_text()
    shot(phone, "4-slot")
    full.click(force=True)  # a grey slot does not move on
    assert phone.locator("[data-start='09:00']").is_visible()

    phone.click("[data-start='09:00']")
    phone.fill("#bk-name", "Siti Aminah")
    phone.fill("#bk-phone", TAKEN_PHONE)
    # the network drops: what was typed stays, a retry is offered
    phone.route("**/api/v1/bookings", lambda route: route.abort())
    phone.click("#bk-send")
    phone.wait_for_selector("#bk-retry")
    assert "Tidak terhubung" in phone.locator("#bk-alert").inner_text()
    shot(phone, "5-offline")
    phone.unroute("**/api/v1/bookings")
    phone.reload()  # even a reload keeps the choices and the name
    phone.wait_for_selector("#bk-name")
    assert phone.input_value("#bk-name") == "Siti Aminah"
    phone.click("#bk-send")
    error = phone.locator("[data-error-for=phone]")
    error.wait_for()
    assert error.inner_text() == "Nomor ini sudah punya reservasi untuk layanan ini pada hari itu."
    shot(phone, "6-phone-taken")

    phone.fill("#bk-phone", "0812 9876 5432")
    phone.click("#bk-send")
    phone.wait_for_selector("#bk-code")
    code = phone.locator("#bk-code").inner_text()
    assert CODE.match(code), code
    assert phone.locator("#bk-qr svg").count() == 1
    assert "09:00–10:00" in phone.locator("#bk-when").inner_text()
    assert "Kartu Keluarga (KK) asli" in phone.locator("#bk-docs").inner_text()
    shot(phone, "7-confirmation")
    held = requests.get(f"{server.url}{API}/bookings/{code}", timeout=10).json()["booking"]
    assert (held["date"], held["start"], held["status"]) == (tomorrow, "09:00", "booked")
    assert slots(server, tomorrow)["09:00"]["left"] == 1
    # the name typed is not kept on the phone once booked
    assert "Siti" not in phone.evaluate("JSON.stringify(sessionStorage)")

    with phone.expect_download() as download:
        phone.click("#bk-ics")
    assert download.value.suggested_filename == f"reservasi-{code}.ics"
    ics = Path(download.value.path()).read_bytes().decode("utf-8")  # CRLF kept
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and "END:VCALENDAR" in ics
    unfolded = ics.replace("\r\n ", "")
    start = datetime.fromisoformat(f"{tomorrow}T09:00").replace(tzinfo=WIB)
    utc = start.astimezone(ZoneInfo("UTC"))
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z" in unfolded
    assert f"DTEND:{utc + timedelta(hours=1):%Y%m%dT%H%M%S}Z" in unfolded
    assert "Mal Pelayanan Publik Kabupaten Lebong" in unfolded and code in unfolded
    assert "Tubei" in unfolded  # the hall's street address (site.address) as the LOCATION
    assert "Siti" not in unfolded  # no personal data in the file either

    phone.click("#bk-lang")  # the confirmation in English, without a reload
    assert phone.locator("#bk-done").inner_text() == "You are booked"
    assert phone.locator("#bk-code").inner_text() == code


def test_a_booking_whose_answer_was_lost_is_shown_not_made_twice_after_a_changed_detail(
        new_page, server):
    """The booking reached the server but its answer never reached the phone; the citizen
    then corrects the phone number and sends again. The key already booked: the page shows
    that booking (one place taken) and says the correction was not used."""
    tomorrow = local_day(1)
    phone = at_details(new_page, server, tomorrow, "11:00")
    phone.fill("#bk-name", "Rudi Hartono")
    phone.fill("#bk-phone", "0812 1111 2222")

    def answer_lost(route):
        route.fetch()  # the server books
        route.abort()  # and the phone never hears it

    phone.route("**/api/v1/bookings", answer_lost)
    phone.click("#bk-send")
    phone.wait_for_selector("#bk-retry")
    assert "Tidak terhubung" in phone.locator("#bk-alert").inner_text()
    assert slots(server, tomorrow)["11:00"]["left"] == 1  # it did book
    phone.unroute("**/api/v1/bookings")

    phone.fill("#bk-phone", "0812 1111 3333")  # a correction, then send again
    phone.click("#bk-send")
    phone.wait_for_selector("#bk-code")
    code = phone.locator("#bk-code").inner_text()
    assert CODE.match(code), code
    assert "isian yang Anda kirim sebelumnya" in phone.locator("#bk-earlier").inner_text()
    shot(phone, "8-made-earlier")
    assert slots(server, tomorrow)["11:00"]["left"] == 1  # still the one place
    held = requests.get(f"{server.url}{API}/bookings/{code}", timeout=10).json()["booking"]
    assert (held["date"], held["start"], held["status"]) == (tomorrow, "11:00", "booked")

    # the next booking is a new request: a fresh key, no note
    phone.click("#bk-again")  # back at the agency's services
    phone.click("[data-service=ktp-el]")
    phone.click(f"[data-day='{tomorrow}']")
    phone.click("[data-start='11:00']")
    phone.fill("#bk-name", "Rina Marlina")
    phone.click("#bk-send")
    phone.wait_for_selector("#bk-code")
    assert phone.locator("#bk-code").inner_text() != code
    assert phone.locator("#bk-earlier").count() == 0
    assert slots(server, tomorrow)["11:00"]["left"] == 0


def test_a_spent_key_with_no_try_of_its_own_is_replaced_and_the_citizen_may_press_again(
        new_page, server):
    """The page's key made a booking that none of its kept tries can fetch (a page saved
    by an older version): the refusal is said, a new key is taken, and pressing again books."""
    tomorrow = local_day(1)
    phone = at_details(new_page, server, tomorrow, "13:00")
    phone.fill("#bk-name", "Dedi Kurniawan")
    key = phone.evaluate("JSON.parse(sessionStorage.getItem('loket.booking')).key")
    spent = requests.post(f"{server.url}{API}/bookings", timeout=10,
                          headers={"Idempotency-Key": key},
                          json={"service_id": "ktp-el", "date": tomorrow, "start": "13:00",
                                "name": "Orang Lain", "phone": None})
    assert spent.status_code == 201, spent.text
    phone.click("#bk-send")
    phone.wait_for_selector("#bk-retry")
    assert "Terjadi kesalahan" in phone.locator("#bk-alert").inner_text()
    assert phone.evaluate("JSON.parse(sessionStorage.getItem('loket.booking')).key") != key
    phone.click("#bk-retry")
    phone.wait_for_selector("#bk-code")
    assert phone.locator("#bk-code").inner_text() != spent.json()["booking"]["code"]
    assert phone.locator("#bk-earlier").count() == 0
    assert slots(server, tomorrow)["13:00"]["left"] == 0  # two places: the other's and hers


def test_the_manage_page_cancels_and_the_place_comes_back(new_page, server):
    tomorrow = local_day(1)
    booking = book(server, tomorrow, "11:00")
    assert booking["manage_url"].endswith(f"/booking/manage/{booking['code']}")
    assert slots(server, tomorrow)["11:00"]["left"] == 1

    phone = new_page(390, 844)
    # typed into the code box as people do: small letters, a space in the middle
    phone.goto(f"{server.url}/booking/manage")
    typed = booking["code"].lower()
    phone.fill("#bk-code-input", f"{typed[:3]} {typed[3:]}")
    phone.click("#bk-show")
    phone.wait_for_selector("#bk-status")
    assert phone.url.endswith(f"/booking/manage#{booking['code']}")  # never in the path
    phone.goto(f"{server.url}/booking/manage/{booking['code']}")
    phone.wait_for_selector("#bk-status")
    assert phone.locator("#bk-status").inner_text() == "Terpesan"
    assert phone.locator("#bk-qr svg").count() == 1
    shot(phone, "8-manage")
    phone.click("#bk-cancel")
    phone.wait_for_selector("#bk-confirm[open]")
    shot(phone, "9-cancel-confirm")
    phone.click("#bk-confirm-no")  # keeping it changes nothing
    assert phone.locator("#bk-status").inner_text() == "Terpesan"
    assert requests.get(f"{server.url}{API}/bookings/{booking['code']}",
                        timeout=10).json()["booking"]["status"] == "booked"
    phone.click("#bk-cancel")
    phone.click("#bk-confirm-yes")
    phone.wait_for_selector(".bk-st-cancelled")
    assert phone.locator("#bk-cancel").count() == 0 and phone.locator("#bk-qr").count() == 0
    shot(phone, "10-cancelled")
    assert slots(server, tomorrow)["11:00"]["left"] == 2
    phone.click("#bk-lang")
    assert phone.locator("#bk-status").inner_text() == "Cancelled"
    when = phone.locator("#bk-when").inner_text()
    assert re.search(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", when), when


def test_a_slot_filled_meanwhile_sends_the_citizen_back_to_another(new_page, server):
    tomorrow = local_day(1)
    phone = at_details(new_page, server, tomorrow, "14:00", ":not([disabled])")
    phone.fill("#bk-name", "Siti Aminah")
    book(server, tomorrow, "14:00")  # two others take both places while she types
    book(server, tomorrow, "14:00")
    phone.click("#bk-send")
    alert = phone.locator("#bk-alert")
    alert.wait_for()
    assert alert.inner_text() == "Slot ini sudah penuh. Silakan pilih jam lain."
    assert phone.locator("#bk-step-title").inner_text() == "Pilih jam kedatangan"
    phone.wait_for_selector("[data-start='14:00'][disabled]")
    shot(phone, "13-slot-taken")
    phone.click("[data-start='15:00']")  # what she typed is still there
    assert phone.input_value("#bk-name") == "Siti Aminah"


def test_the_manage_page_shows_the_ticket_once_checked_in(new_page, server):
    today = local_day()
    now = next(iter(slots(server, today)))  # the slot running now (always open)
    booking = book(server, today, now)
    r = requests.post(f"{server.url}{API}/bookings/{booking['code']}/check-in", json={},
                      headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}, timeout=10)
    assert r.status_code == 201, r.text
    ticket = r.json()["ticket"]

    phone = new_page(390, 844)
    phone.goto(f"{server.url}/booking/manage#{booking['code']}")  # the code in the fragment
    phone.wait_for_selector("#bk-ticket-code")
    assert phone.locator("#bk-ticket-code").inner_text() == ticket["code"]
    assert phone.locator("#bk-status").inner_text() == "Sudah check-in"
    assert phone.locator("#bk-cancel").count() == 0
    shot(phone, "11-checked-in")


def test_too_many_bookings_from_one_address_are_told_to_wait(new_page, server):
    day = local_day(3)
    for hour in range(10):  # the limit: ten bookings a device in ten minutes
        book(server, day, f"{hour:02d}:00")
    phone = new_page(390, 844)
    phone.goto(f"{server.url}/booking")
    phone.click("[data-agency=dukcapil]")
    phone.click("[data-service=ktp-el]")
    phone.click(f"[data-day='{day}']:not([disabled])")
    phone.click("[data-start='12:00']")
    phone.fill("#bk-name", "Siti Aminah")
    phone.click("#bk-send")
    alert = phone.locator("#bk-alert")
    alert.wait_for()
    said = alert.inner_text()
    assert re.fullmatch(r"Terlalu banyak percobaan, coba lagi dalam \d+ menit\.", said), said
    shot(phone, "12-rate-limited")
