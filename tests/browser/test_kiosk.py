"""The kiosk in real Chromium: a citizen taps through, gets a ticket and sees it print —
or sees a clear failure state — at both screen orientations."""

from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import shoot

API = "/api/v1"


@pytest.fixture
def server(printing_server):
    return printing_server


def open_kiosk(new_page, server, width: int, height: int):
    page = new_page(width, height, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    return page


def issued_codes(server, service: str) -> int:
    services = requests.get(f"{server.url}{API}/services", timeout=10).json()["services"]
    return next(s for s in services if s["id"] == service)["waiting"]


@pytest.mark.parametrize(("width", "height", "name"), [(1920, 1080, "landscape"),
                                                       (1080, 1920, "portrait")])
def test_citizen_takes_a_ticket_in_three_taps_and_sees_it_print(new_page, server, emulator,
                                                                 width, height, name):
    page = open_kiosk(new_page, server, width, height)
    assert "device_token" not in page.url  # the token left the address bar
    shoot(page, f"kiosk-{name}-1-agencies")
    # measured in one go: the grid may be redrawn when the socket (re)connects
    boxes = page.evaluate("[...document.querySelectorAll('.tile')].map(t => {"
                          "const r = t.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(boxes) == 10
    assert all(w >= 64 and h >= 64 for w, h in boxes)
    assert page.evaluate("getComputedStyle(document.body).userSelect") == "none"

    page.locator("[data-agency=dukcapil]").tap()  # 1
    page.wait_for_selector("[data-screen=services]")
    shoot(page, f"kiosk-{name}-2-services")
    page.locator("[data-service=ktp-el]").tap()  # 2
    page.wait_for_selector("[data-screen=priority]")
    shoot(page, f"kiosk-{name}-3-priority")
    page.locator("[data-kind=regular]").tap()  # 3
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#ticket-code").inner_text() == "A001"
    assert page.locator(".qr svg").count() == 1
    page.wait_for_selector("[data-print=sent]", timeout=15000)
    assert "Silakan ambil tiket" in page.locator("#print-state").inner_text()
    shoot(page, f"kiosk-{name}-4-ticket-printed")
    [png] = emulator.wait_for(1, timeout=10)
    assert "A001" in png.with_suffix(".txt").read_text(encoding="utf-8")
    # the page scrolls nowhere: everything fits the screen
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height
    assert page.errors == []


def test_a_double_tap_issues_one_ticket(new_page, server):
    page = open_kiosk(new_page, server, 1920, 1080)
    page.locator("[data-agency=polres]").tap()
    page.locator("[data-service=skck]").tap()
    # a real double tap on the button, plus two clicks in one tick for good measure
    button = page.locator("[data-kind=regular]")
    button.evaluate("el => { el.click(); el.click(); }")
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#ticket-code").inner_text() == "S001"
    page.locator(".done").tap()
    page.locator("[data-agency=polres]").tap()
    page.locator("[data-service=skck]").tap()
    page.locator("[data-kind=regular]").dblclick()
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#ticket-code").inner_text() == "S002"
    # the taps were handled (the first disables the buttons, a second finds them disabled or
    # the kiosk busy) and no ticket request is still on its way
    page.wait_for_function("Number(document.body.dataset.taps) >= 2 && "
                           "document.body.dataset.issuing === '0'", timeout=5000)
    assert issued_codes(server, "skck") == 2


def test_same_idempotency_key_over_http_returns_the_same_ticket(server):
    headers = {"Authorization": f"Bearer {server.tokens['kiosk']}", "Idempotency-Key": "k-1"}
    first = requests.post(f"{server.url}{API}/tickets", json={"service_id": "skck"},
                          headers=headers, timeout=10).json()["ticket"]
    again = requests.post(f"{server.url}{API}/tickets", json={"service_id": "skck"},
                          headers=headers, timeout=10).json()["ticket"]
    assert first["id"] == again["id"]


def test_a_closed_service_is_greyed_with_its_reason_and_cannot_be_tapped(new_page, server):
    for _ in range(30):  # PBG & SLF has a quota of 30 a day
        requests.post(f"{server.url}{API}/tickets", json={"service_id": "pbg-slf"},
                      headers={"Authorization": f"Bearer {server.tokens['kiosk']}"},
                      timeout=10)
    page = open_kiosk(new_page, server, 1080, 1920)
    page.locator("[data-agency=dpmptsp]").tap()
    closed = page.locator("[data-service=pbg-slf]")
    assert "closed" in closed.get_attribute("class")
    assert closed.get_attribute("aria-disabled") == "true"
    assert "Kuota antrian hari ini sudah habis" in closed.inner_text()
    shoot(page, "kiosk-closed-service")
    closed.tap(force=True)
    page.wait_for_function("document.body.dataset.refused === 'pbg-slf'", timeout=5000)
    assert page.locator("[data-screen=services]").count() == 1  # nothing happened
    assert issued_codes(server, "pbg-slf") == 30


def test_printer_failure_keeps_the_number_on_screen_and_recovers(new_page, server, emulator):
    emulator.set_fault("refuse")
    page = open_kiosk(new_page, server, 1920, 1080)
    page.locator("[data-agency=samsat]").tap()
    page.locator("[data-service=pkb-tahunan]").tap()
    page.locator("[data-kind=lansia]").tap()
    page.wait_for_selector("[data-print=failed]", timeout=15000)
    assert "Printer bermasalah" in page.locator("#print-state").inner_text()
    assert page.locator("#ticket-code").inner_text() == "F001"
    assert page.locator(".priority").inner_text() == "PRIORITAS"
    shoot(page, "kiosk-printer-failed")
    emulator.set_fault(None)
    page.wait_for_selector("[data-print=sent]", timeout=20000)
    shoot(page, "kiosk-printer-recovered")


def test_english_toggle_prints_and_shows_english(new_page, server, emulator):
    page = open_kiosk(new_page, server, 1920, 1080)
    page.locator("#lang").tap()
    assert "Please choose an agency" in page.locator("h1").inner_text()
    page.locator("[data-agency=bank-bengkulu]").tap()
    page.locator("[data-service=teller]").tap()
    page.locator("[data-kind=regular]").tap()
    page.wait_for_selector("[data-print=sent]", timeout=15000)
    assert "Please take your ticket" in page.locator("#print-state").inner_text()
    shoot(page, "kiosk-english-ticket")
    [png] = emulator.wait_for(1, timeout=10)
    assert "Teller" in png.with_suffix(".txt").read_text(encoding="utf-8")


def test_unpaired_kiosk_explains_how_to_pair(new_page, server):
    page = new_page(1080, 1920)
    page.goto(f"{server.url}/kiosk")
    page.wait_for_selector("[data-screen=pair]")
    assert "belum dipasangkan" in page.inner_text("body")
    shoot(page, "kiosk-unpaired")
    assert page.errors == []


def test_kiosk_survives_a_server_restart(new_page, server):
    page = open_kiosk(new_page, server, 1920, 1080)
    server.stop()
    page.wait_for_selector("#offline:not(.hidden)", timeout=15000)
    shoot(page, "kiosk-reconnecting")
    assert page.locator(".tile").count() == 10  # the last picture stays, never blank
    server.start()
    page.wait_for_selector("#offline.hidden", state="attached", timeout=30000)
    page.locator("[data-agency=dukcapil]").tap()
    page.locator("[data-service=kartu-keluarga]").tap()
    page.locator("[data-kind=regular]").tap()
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#ticket-code").inner_text() == "B001"


def test_waiting_counts_update_live_and_the_kiosk_returns_home_when_idle(new_page, server):
    page = new_page(1920, 1080, has_touch=True)
    page.clock.install()  # time runs as usual, and the test may jump it forward
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    count = page.locator("[data-agency=polres] .count")
    assert count.inner_text() == "0 menunggu"
    for _ in range(3):
        requests.post(f"{server.url}{API}/tickets", json={"service_id": "skck"}, timeout=10,
                      headers={"Authorization": f"Bearer {server.tokens['kiosk']}"})
    page.wait_for_function(
        "document.querySelector('[data-agency=polres] .count').textContent === '3 menunggu'",
        timeout=5000)
    # a citizen who walks away: the service list goes back to the start by itself
    page.locator("[data-agency=polres]").tap()
    page.wait_for_selector("[data-screen=services]")
    page.clock.fast_forward(31_000)
    page.wait_for_selector("[data-screen=agencies]", timeout=5000)


def services_by_id(server) -> dict[str, dict]:
    services = requests.get(f"{server.url}{API}/services", timeout=10).json()["services"]
    return {s["id"]: s for s in services}


def choose(page, agency: str, service: str) -> None:
    page.locator(f"[data-agency={agency}]").tap()
    page.wait_for_selector("[data-screen=services]")
    page.locator(f"[data-service={service}]").tap()
    page.wait_for_selector("[data-screen=priority]")


def assert_fits_and_choices_visible(page, width: int, height: int) -> None:
    """Nothing scrolls or spills sideways, and the four queue buttons are whole on screen."""
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height
    spill = page.evaluate("[...document.querySelectorAll('#requirements li, #requirements h2')]"
                          ".filter(n => n.scrollWidth > n.clientWidth + 1"
                          " || n.getBoundingClientRect().right > innerWidth).length")
    assert spill == 0  # long names wrap
    boxes = page.evaluate("[...document.querySelectorAll('.choice')].map(b => {"
                          "const r = b.getBoundingClientRect();"
                          "return [r.top, r.bottom, r.left, r.right, r.width, r.height]; })")
    assert len(boxes) == 4
    for top, bottom, left, right, w, h in boxes:
        assert top >= 0 and left >= 0 and bottom <= height and right <= width
        assert w >= 64 and h >= 64


@pytest.mark.parametrize(("width", "height", "name"), [(1920, 1080, "landscape"),
                                                       (1080, 1920, "portrait")])
def test_the_documents_to_bring_show_above_the_queue_choice(new_page, server, width, height,
                                                             name):
    expected = services_by_id(server)["ktp-el"]["requirements"]
    assert expected  # the example config asks for documents for KTP-el
    page = open_kiosk(new_page, server, width, height)
    choose(page, "dukcapil", "ktp-el")
    box = page.locator("#requirements")
    assert box.locator("h2").inner_text() == "Pastikan dokumen Anda lengkap"
    assert box.locator("li").all_inner_texts() == expected
    # large type, readable at arm's length
    assert page.evaluate("parseFloat(getComputedStyle("
                         "document.querySelector('#requirements li')).fontSize)") >= 28
    assert_fits_and_choices_visible(page, width, height)
    # the list comes before the choices: above them in portrait, beside them in landscape
    first = page.evaluate("document.querySelector('#requirements').compareDocumentPosition("
                          "document.querySelector('.choices')) & Node.DOCUMENT_POSITION_FOLLOWING")
    assert first
    shoot(page, f"kiosk-{name}-requirements")

    page.locator("#lang").tap()  # English: the heading switches, the documents stay as named
    page.wait_for_function("document.querySelector('#requirements h2').textContent"
                           " === 'Make sure you have these documents'", timeout=5000)
    assert box.locator("li").all_inner_texts() == expected
    assert page.locator("[data-kind=regular]").inner_text().startswith("Regular queue")
    assert_fits_and_choices_visible(page, width, height)
    shoot(page, f"kiosk-{name}-requirements-english")
    page.locator("[data-kind=regular]").tap()  # the choice still works with the list shown
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#ticket-code").inner_text() == "A001"
    assert page.errors == []


def test_a_service_without_documents_shows_no_list(new_page, server):
    services = services_by_id(server)
    bare = next(s for s in services.values() if s["open"] and not s["requirements"])
    page = open_kiosk(new_page, server, 1080, 1920)
    choose(page, bare["agency"]["id"], bare["id"])
    assert page.locator("#requirements").count() == 0
    assert "Pastikan dokumen" not in page.inner_text("body")
    assert page.locator(".choice").count() == 4
    assert page.errors == []


@pytest.mark.parametrize(("width", "height", "name"), [(1920, 1080, "landscape"),
                                                       (1080, 1920, "portrait")])
def test_a_long_list_of_long_names_wraps_and_leaves_the_choices_on_screen(
        new_page, server, width, height, name):
    """More than a kiosk should ever be given: the names wrap, the list scrolls in its own
    box, and the queue buttons stay whole on the screen."""
    long_docs = [
        "Surat keterangan pindah dari Dinas Kependudukan dan Pencatatan Sipil daerah asal",
        "Fotokopi Kartu Keluarga, KTP-el suami dan istri, serta akta kelahiran anak-anak",
        "SuratPernyataanTanggungJawabMutlakAtasKebenaranDataKelahiranTanpaSpasi",
        *[f"Dokumen pendukung nomor {n} yang dilegalisir oleh kelurahan" for n in range(1, 9)],
    ]

    def with_long_list(route):
        body = route.fetch().json()
        for s in body["services"]:
            if s["id"] == "ktp-el":
                s["requirements"] = long_docs
        route.fulfill(json=body)

    page = new_page(width, height, has_touch=True)
    page.route("**/api/v1/services", with_long_list)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    choose(page, "dukcapil", "ktp-el")
    assert page.locator("#requirements li").count() == len(long_docs)
    assert_fits_and_choices_visible(page, width, height)
    shoot(page, f"kiosk-{name}-requirements-long")
    assert page.errors == []
