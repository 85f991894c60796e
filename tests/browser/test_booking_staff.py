"""The hall's staff and bookings in real Chromium, against `queue-server serve` with KTP-el
taking bookings: the admin sets a service's slots in the service form, the Reservasi page
lists the day's bookings (scoped) and marks one missed after its window, and the officer's
console marks a checked-in booking's ticket "Reservasi" in the waiting list.
Screenshots: /tmp/shots/booking-staff.png, booking-console.png."""

from __future__ import annotations

import time as time_
from datetime import date, datetime, time, timedelta

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.test_booking_kiosk import BOOKABLE, SHOTS, WIB, book_now, booking
from tests.conftest import always_open_config, provision

API = "/api/v1"
LAPTOP = (1366, 768)
PEOPLE = {  # name -> (password, role, agencies, counters)
    "it-admin": ("rahasia-admin-123", "admin", (), ()),
    "sari": ("rahasia-sari-123", "supervisor", ("dukcapil",), ()),
    "joko": ("rahasia-joko-123", "supervisor", ("polres",), ()),
    "rina": ("rahasia-rina-123", "officer", (), ("loket-1",)),
}
# bookings of yesterday morning nobody checked in: their window (slot end + 15 min) is over
# at whatever hour the test runs
PAST = (time(8, 0), time(8, 30))


def yesterday() -> date:
    return datetime.now(WIB).date() - timedelta(days=1)


def insert_past(tx, code: str, name: str, phone: str) -> None:
    """The API books no past slot: such a booking is written in the store itself."""
    tx.bookings.insert(code=code, service_id="ktp-el", agency_id="dukcapil", day=yesterday(),
                       start=PAST[0], end=PAST[1], name=name, phone=phone,
                       now=datetime.now(WIB) - timedelta(days=2))


def past_booking_between_sweeps(server, code: str) -> None:
    """The server's sweep marks such bookings missed by itself, at most once a minute: once
    it has marked the one made before the start (PAST22), a new one stays booked for the
    staff to mark for the best part of a minute."""
    from queue_server.boot import DB_FILE
    from queue_server.store import open_store

    deadline = time_.monotonic() + 20
    while booking(server, "PAST22")["status"] != "missed":
        assert time_.monotonic() < deadline, "the sweep did not mark PAST22 missed"
        time_.sleep(0.3)
    store = open_store(server.data_dir / DB_FILE)
    try:
        with store.write() as tx:
            insert_past(tx, code, "Andi Pratama", "081299990000")
    finally:
        store.close()


@pytest.fixture
def server(live_server_factory, tmp_path):
    """KTP-el takes bookings; the people above sign in through the form; one booking of
    this morning whose window is over, for the server's sweep to mark missed."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg",
                                                           replace_text=BOOKABLE))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    for name, (password, role, agencies, counters) in PEOPLE.items():
        accounts.create_user(hall, name, role, password, agencies=agencies, counters=counters)
    with store.write() as tx:
        insert_past(tx, "PAST22", "Rudi Hartono", "081299990001")
    store.close()
    return server.start()


def api(server, method: str, path: str, body: dict | None = None, who: str = "admin") -> dict:
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def sign_in(new_page, server, name: str, path: str):
    page = new_page(*LAPTOP)
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PEOPLE[name][0])
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{path}")
    return page


def test_the_admin_sets_a_services_slots_in_the_service_form(new_page, server):
    page = sign_in(new_page, server, "it-admin", "/admin/services/ikd-kia")
    page.wait_for_selector("#service-form:not([hidden])")
    assert page.input_value("#f-slot_minutes") == ""  # no bookings yet
    # a slot length alone is refused at the fields still empty, nothing saved
    page.fill("#f-slot_minutes", "20")
    page.click("#save")
    expect(page.locator("[data-field=slot_capacity] > .field-error")).to_be_visible(timeout=10000)
    assert next(s for s in api(server, "GET", "/admin/services")["services"]
                if s["id"] == "ikd-kia")["slot_minutes"] is None
    page.fill("#f-slot_minutes", "20")
    page.fill("#f-slot_capacity", "3")
    page.fill("#f-booking_days_ahead", "5")
    page.locator("[data-t=secSlots]").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "booking-admin-service.png"))
    page.click("#save")
    expect(page.locator(".form-status.saved")).to_have_text("Tersimpan", timeout=10000)
    saved = next(s for s in api(server, "GET", "/admin/services")["services"]
                 if s["id"] == "ikd-kia")
    assert [saved[f] for f in ("slot_minutes", "slot_capacity", "booking_days_ahead")] == [20, 3, 5]
    today = datetime.now(WIB).date().isoformat()
    slots = requests.get(f"{server.url}{API}/booking/slots", timeout=10,
                         params={"service_id": "ikd-kia", "date": today}).json()["slots"]
    assert slots and slots[0]["capacity"] == 3
    # emptied again: the service takes no bookings
    for field in ("slot_minutes", "slot_capacity", "booking_days_ahead"):
        page.fill(f"#f-{field}", "")
    page.click("#save")
    expect(page.locator(".form-status.saved")).to_have_text("Tersimpan", timeout=10000)
    saved = next(s for s in api(server, "GET", "/admin/services")["services"]
                 if s["id"] == "ikd-kia")
    assert saved["slot_minutes"] is None and saved["booking_days_ahead"] is None
    assert page.errors == [f"400 {server.url}{API}/admin/services/ikd-kia"]  # the refusal


def test_the_bookings_page_lists_the_day_and_marks_a_booking_missed(new_page, server):
    came = book_now(server, "Siti Aminah")
    ticket = api(server, "POST", f"/bookings/{came['code']}/check-in", who="kiosk")["ticket"]
    waits = book_now(server, "Budi Santoso")
    past_booking_between_sweeps(server, "PAST23")
    page = sign_in(new_page, server, "sari", "/admin/bookings")
    expect(page.locator("[data-nav=bookings]")).to_have_text("Reservasi")
    rows = page.locator("#bookings tbody tr")
    expect(rows).to_have_count(2, timeout=10000)  # today's
    row = page.locator(f"tr[data-code='{came['code']}']")
    expect(row).to_contain_text("Siti Aminah")
    expect(row).to_contain_text("+62812")  # the phone as the server keeps it
    expect(row).to_contain_text("Sudah check-in")
    expect(row).to_contain_text(ticket["code"])
    expect(page.locator(f"tr[data-code='{waits['code']}']")).to_contain_text("Dipesan")
    # the window of the one still to come is open: nothing to mark yet
    assert page.locator(f"tr[data-code='{waits['code']}'] [data-missed]").count() == 0
    # yesterday's, chosen by its day in the address
    page.goto(f"{server.url}/admin/bookings?date={yesterday().isoformat()}")
    expect(rows).to_have_count(2, timeout=10000)
    # the one the server's sweep marked by itself has no button
    swept = page.locator("tr[data-code='PAST22']")
    expect(swept).to_contain_text("Tidak hadir")
    assert swept.locator("[data-missed]").count() == 0
    past = page.locator("tr[data-code='PAST23']")
    expect(past).to_contain_text("08:00–08:30")
    past.locator("[data-missed]").click()
    page.locator("dialog [data-confirm]").click()
    expect(past).to_contain_text("Tidak hadir", timeout=10000)
    assert booking(server, "PAST23")["status"] == "missed"
    expect(page.locator("#bookings-counts")).to_contain_text("2 tidak hadir")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "booking-staff.png"), full_page=True)
    assert all("/bookings" not in e for e in page.errors), page.errors


def test_a_supervisor_of_another_agency_sees_none_of_these_bookings_and_an_officer_no_page(
        new_page, server):
    book_now(server)
    page = sign_in(new_page, server, "joko", "/admin/bookings")
    expect(page.locator("#bookings-empty")).to_be_visible(timeout=10000)
    assert page.locator("#bookings tbody tr").count() == 0
    assert "Rudi" not in page.content()
    officer = sign_in(new_page, server, "rina", "/counter")
    assert officer.goto(f"{server.url}/admin/bookings").status == 403
    assert "Rudi" not in officer.content()


def test_the_console_marks_a_checked_in_bookings_ticket_in_the_waiting_list(new_page, server):
    walk_in = api(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")["ticket"]
    made = book_now(server)
    booked = api(server, "POST", f"/bookings/{made['code']}/check-in", who="kiosk")["ticket"]
    assert booked["booking_code"] == made["code"]
    page = sign_in(new_page, server, "rina", "/counter")
    page.wait_for_selector(f"#waiting-list [data-code='{booked['code']}']", timeout=15000)
    mark = page.locator(f"#waiting-list [data-code='{booked['code']}'] .tag.booked")
    expect(mark).to_have_text("Reservasi")
    assert page.locator(f"#waiting-list [data-code='{walk_in['code']}'] .tag.booked").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "booking-console.png"))
    assert page.errors == []
