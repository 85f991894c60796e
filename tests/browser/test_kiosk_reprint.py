"""Reprint from the kiosk (issue 14): while the printer failed for the citizen's ticket, the
ticket screen offers "Cetak ulang", which asks the reprint route for the slip (joining the job
still owed, so one slip comes out) and follows it to the paper; a ticket older than 15
minutes is refused by the server (403) and the kiosk says why under the button. Real
Chromium, a real server, the printer emulator over TCP."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from queue_server.store.rows import to_db_time
from tests.browser.conftest import shoot


@pytest.fixture
def server(printing_server):
    return printing_server


def ticket_with_a_failed_print(new_page, server, emulator):
    emulator.set_fault("refuse")
    page = new_page(1920, 1080, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    page.locator("[data-agency=dukcapil]").tap()
    page.locator("[data-service=ktp-el]").tap()
    page.locator("[data-kind=regular]").tap()
    page.wait_for_selector("[data-print=failed]", timeout=20000)
    return page


def printed_texts(emulator) -> list[str]:
    return [png.with_suffix(".txt").read_text(encoding="utf-8") for png in emulator.printed()]


def test_after_a_printer_failure_the_citizen_reprints_from_the_kiosk(new_page, server,
                                                                     emulator):
    page = ticket_with_a_failed_print(new_page, server, emulator)
    button = page.locator("#reprint")
    assert button.inner_text() == "Cetak ulang"
    box = button.bounding_box()
    assert box is not None and box["height"] >= 64 and box["width"] >= 64
    shoot(page, "kiosk-reprint-offered")

    emulator.set_fault(None)  # the jam is cleared; the citizen taps "Cetak ulang"
    button.tap()
    page.wait_for_selector("[data-print=sent]", timeout=30000)
    assert "Silakan ambil tiket" in page.inner_text("#print-state")
    assert page.locator("#reprint").count() == 0
    # the slip still owed reaches the paper once: the reprint joined the job that waited for
    # the printer instead of adding a copy to it (two slips for one citizen)
    deadline = time.monotonic() + 20
    while not any("A001" in text for text in printed_texts(emulator)):
        assert time.monotonic() < deadline, printed_texts(emulator)
        time.sleep(0.2)
    time.sleep(2)  # nothing else follows it
    assert sum("A001" in text for text in printed_texts(emulator)) == 1
    shoot(page, "kiosk-reprint-printed")
    assert page.errors == []


def test_a_reprint_after_fifteen_minutes_is_refused_and_the_kiosk_says_why(new_page, server,
                                                                           emulator):
    page = ticket_with_a_failed_print(new_page, server, emulator)
    # the citizen stood there 20 minutes: the ticket's issue time, as the server keeps it
    with sqlite3.connect(server.data_dir / "loket.db") as db:
        db.execute("UPDATE tickets SET issued_at = ? WHERE code = 'A001'",
                   (to_db_time(datetime.now(UTC) - timedelta(minutes=20)),))
    page.locator("#reprint").tap()
    note = page.locator("#reprint-note")
    note.wait_for(timeout=10000)
    assert "lebih dari 15 menit" in note.inner_text()
    assert "loket" in note.inner_text()
    assert page.locator("[data-print=failed]").count() == 1  # nothing pretends to print
    shoot(page, "kiosk-reprint-refused")
