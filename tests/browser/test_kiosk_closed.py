"""The kiosk's first screen says when the hall is closed (issue 14): on a holiday the citizen
reads the reason and the next opening in the hall's time zone before any tap, and an agency
whose services are all closed has a muted tile saying so, while the others stay open."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from queue_server.domain.opening import HARI, WEEKDAYS
from tests.browser.conftest import shoot
from tests.live_server import always_open_config, provision

WIB = ZoneInfo("Asia/Jakarta")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def hall_today() -> datetime:
    return datetime.now(WIB)


def start(live_server_factory, tmp_path, *, extra: str = "",
          replace_text: dict[str, str] | None = None):
    """The always-open test hall (every day 00:00-24:00), changed as the test needs."""
    config = always_open_config(tmp_path / "cfg", replace_text=replace_text)
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    server = live_server_factory(config=config)
    server.tokens = provision(server.data_dir, server.config)
    return server.start()


def open_kiosk(new_page, server, width: int = 1920, height: int = 1080):
    page = new_page(width, height, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    return page


@pytest.mark.parametrize(("width", "height", "name"), [(1920, 1080, "landscape"),
                                                       (1080, 1920, "portrait")])
def test_on_a_holiday_the_first_screen_says_closed_and_when_it_opens(
        new_page, live_server_factory, tmp_path, width, height, name):
    today = hall_today()
    tomorrow = today + timedelta(days=1)
    server = start(live_server_factory, tmp_path,
                   extra=f'\n[holidays]\n"{today:%Y-%m-%d}" = "Hari Uji Libur Nasional"\n')
    page = open_kiosk(new_page, server, width, height)

    assert page.inner_text("[data-screen=agencies] h1") == "Layanan sedang tutup"
    card = page.locator("#hall-closed")
    assert "Hari libur: Hari Uji Libur Nasional" in card.inner_text()
    # the test hall opens every day at 00:00: tomorrow, written in WIB
    opens = (f"Buka kembali {HARI[tomorrow.weekday()]}, {tomorrow.day} "
             f"{BULAN[tomorrow.month - 1]} pukul 00.00 WIB")
    assert page.inner_text("#hall-opens") == opens
    tiles = page.locator(".tile")
    assert tiles.count() == 10
    assert page.locator(".tile.closed").count() == 10  # every agency muted
    assert "Tutup — hari libur" in page.inner_text("[data-agency=dukcapil]")
    assert page.locator(".tile .count").count() == 0
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height
    shoot(page, f"kiosk-closed-holiday-{name}")

    page.locator("#lang").tap()
    assert page.inner_text("[data-screen=agencies] h1") == "Services are closed"
    assert "Public holiday: Hari Uji Libur Nasional" in page.inner_text("#hall-closed")
    assert page.inner_text("#hall-opens") == (
        f"Opens again on {WEEKDAYS[tomorrow.weekday()].title()} {tomorrow.day} "
        f"{MONTHS[tomorrow.month - 1]} at 00:00 WIB")
    assert page.errors == []


def test_an_agency_closed_today_has_a_muted_tile_and_the_others_stay_open(
        new_page, live_server_factory, tmp_path):
    today = hall_today()
    tomorrow = today + timedelta(days=1)
    closed_today = f'\n  hours = {{ {WEEKDAYS[today.weekday()]} = "closed" }}'
    server = start(live_server_factory, tmp_path, replace_text={
        # both Kemenag services rest today, and one of Dukcapil's five
        'id = "haji-umrah"': 'id = "haji-umrah"' + closed_today,
        'id = "nikah-rujuk"': 'id = "nikah-rujuk"' + closed_today,
        'id = "ktp-el"': 'id = "ktp-el"' + closed_today,
    })
    page = open_kiosk(new_page, server)

    assert page.inner_text("[data-screen=agencies] h1") == "Silakan pilih instansi"
    assert page.locator("#hall-closed").count() == 0
    assert page.locator(".tile.closed").count() == 1
    kemenag = page.locator("[data-agency=kemenag]")
    assert "closed" in kemenag.get_attribute("class")
    assert "Tutup — di luar jam layanan" in kemenag.inner_text()
    assert (f"Buka kembali {HARI[tomorrow.weekday()]}, {tomorrow.day} "
            f"{BULAN[tomorrow.month - 1]} pukul 00.00 WIB") in kemenag.inner_text()
    dukcapil = page.locator("[data-agency=dukcapil]")
    assert "menunggu" in dukcapil.inner_text()
    assert "1 layanan tutup" in dukcapil.inner_text()
    shoot(page, "kiosk-closed-agency")

    # the muted tile still opens its list, where each service says why
    kemenag.tap()
    page.wait_for_selector("[data-screen=services]")
    assert page.locator(".service.closed").count() == 2
    assert page.errors == []
