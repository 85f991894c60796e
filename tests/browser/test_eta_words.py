"""The kiosk and the phone page draw the server's words for the wait (`eta_text`, from
domain/eta_words.py), so both say "segera" where one used to say "± 0 menit"."""

from __future__ import annotations

import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision


def test_the_kiosk_and_the_phone_say_the_wait_in_the_servers_words(new_page,
                                                                    live_server_factory,
                                                                    tmp_path):
    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    server.start()
    kiosk = new_page(1920, 1080, has_touch=True)
    kiosk.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    kiosk.locator("[data-agency=dukcapil]").tap()
    row = kiosk.locator("[data-service=ktp-el] .sub")
    listed = next(s for s in requests.get(f"{server.url}/api/v1/services", timeout=10)
                  .json()["services"] if s["id"] == "ktp-el")
    assert listed["eta_text"] and row.inner_text() == listed["eta_text"]
    kiosk.locator("[data-service=ktp-el]").tap()
    with kiosk.expect_response(lambda r: r.url.endswith("/api/v1/tickets")) as answer:
        kiosk.locator("[data-kind=regular]").tap()
    ticket = answer.value.json()["ticket"]
    kiosk.wait_for_selector("[data-screen=ticket]")
    facts = kiosk.inner_text("[data-screen=ticket] .facts")
    assert ticket["eta_text"] in facts and "± 0" not in facts, facts
    shoot(kiosk, "eta-words-kiosk-ticket")

    phone = new_page(390, 844, is_mobile=True)
    phone.goto(ticket["track_url"])
    phone.wait_for_selector("#eta")
    assert phone.inner_text("#eta") == ticket["eta_text"]
    assert "perkiraan tunggu" in phone.inner_text("#facts")
    phone.click("#lang")  # the page's language switch: the English words, also from the server
    phone.wait_for_function("document.getElementById('eta').textContent === "
                            f"{ticket['eta_text_en']!r}", timeout=10000)
    shoot(phone, "eta-words-phone")
