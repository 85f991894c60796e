"""A kiosk recovers by itself (issue 14): a token the server no longer takes (revoked at
/admin/devices or by the CLI, or unknown to a restarted server) turns the kiosk to its
pairing code within seconds instead of "Menyambungkan kembali…" forever; a network loss
keeps the last screen, the token and the reconnect overlay until the server answers again.
The fallback is the screens' shared one (static/js/screen.js), as the TV's."""

from __future__ import annotations

import requests

from tests.browser.conftest import shoot
from tests.browser.test_tv_recovery import revoke_on_admin_page

# The kiosk must show its code within 5 s of the refusal; the waits leave room for a loaded
# machine (the sweep that drops a socket revoked elsewhere runs every 5 s).
PAIRING_WAIT_MS = 12000
PAIRING_CODE = "/^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(" \
               "document.querySelector('[data-screen=pair] #pair-code')?.textContent || '')"
STORED_TOKEN = "localStorage.getItem('loket.token.kiosk')"
OVERLAY_SHOWN = "!document.getElementById('offline').classList.contains('hidden')"


def open_kiosk(new_page, server):
    page = new_page(1920, 1080, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    return page


def waiting(server, service: str) -> int:
    services = requests.get(f"{server.url}/api/v1/services", timeout=10).json()["services"]
    return next(s for s in services if s["id"] == service)["waiting"]


def test_a_kiosk_revoked_on_the_admin_page_shows_its_pairing_code(new_page, server):
    page = open_kiosk(new_page, server)
    revoke_on_admin_page(server, "kiosk-1")
    page.wait_for_function(PAIRING_CODE, timeout=PAIRING_WAIT_MS)
    assert page.evaluate(STORED_TOKEN) is None  # the dead token is gone
    assert "belum dipasangkan" in page.inner_text("[data-screen=pair]")
    assert page.evaluate(OVERLAY_SHOWN) is False  # no "Menyambungkan kembali…" over it
    shoot(page, "kiosk-revoked-pairing")


def test_a_citizen_tapping_on_a_revoked_kiosk_gets_the_pairing_code_not_a_ticket(new_page,
                                                                                server):
    page = open_kiosk(new_page, server)
    page.locator("[data-agency=dukcapil]").tap()
    page.locator("[data-service=ktp-el]").tap()
    page.wait_for_selector("[data-screen=priority]")
    server.cli("token", "revoke", "kiosk-1")
    # whichever notices first (the tap's 401, the dropped socket), the kiosk pairs again
    page.locator("[data-kind=regular]").tap()
    page.wait_for_function(PAIRING_CODE, timeout=5000 + PAIRING_WAIT_MS)
    assert page.evaluate(STORED_TOKEN) is None
    assert waiting(server, "ktp-el") == 0


def test_a_kiosk_unknown_to_the_restarted_server_shows_its_pairing_code(new_page, server):
    page = open_kiosk(new_page, server)
    server.stop()
    # as after a demo restart: the server comes back without this kiosk's token
    server.cli("token", "revoke", "kiosk-1")
    page.wait_for_function(OVERLAY_SHOWN, timeout=15000)
    server.start()
    page.wait_for_function(PAIRING_CODE, timeout=PAIRING_WAIT_MS)
    assert page.evaluate(STORED_TOKEN) is None
    assert page.evaluate(OVERLAY_SHOWN) is False
    shoot(page, "kiosk-unknown-token-pairing")


def test_a_kiosk_whose_server_is_gone_keeps_its_screen_token_and_overlay(new_page, server):
    page = open_kiosk(new_page, server)
    token = page.evaluate(STORED_TOKEN)
    server.stop()  # the process is gone: the socket and every poll fail on the network
    page.wait_for_function(OVERLAY_SHOWN, timeout=15000)
    page.wait_for_timeout(10000)  # a window for a wrong turn to pairing to happen in
    assert page.locator("[data-screen=pair]").count() == 0
    assert page.evaluate(STORED_TOKEN) == token
    assert page.locator("[data-screen=agencies] .tile").count() == 10
    shoot(page, "kiosk-network-lost")

    server.start()
    page.wait_for_function(f"!({OVERLAY_SHOWN})", timeout=30000)
    page.locator("[data-agency=dukcapil]").tap()
    page.locator("[data-service=ktp-el]").tap()
    page.locator("[data-kind=regular]").tap()
    page.wait_for_selector("[data-screen=ticket]")
    assert page.locator("#ticket-code").inner_text() == "A001"


def test_a_kiosk_cut_off_the_network_keeps_its_token_and_the_overlay(new_page, server):
    page = open_kiosk(new_page, server)
    token = page.evaluate(STORED_TOKEN)
    page.context.set_offline(True)
    page.wait_for_function(OVERLAY_SHOWN, timeout=15000)
    page.wait_for_timeout(8000)
    assert page.locator("[data-screen=pair]").count() == 0
    assert page.evaluate(STORED_TOKEN) == token
    page.context.set_offline(False)
    page.wait_for_function(f"!({OVERLAY_SHOWN})", timeout=30000)
    assert page.locator("[data-screen=agencies] .tile").count() == 10


def test_an_unpaired_kiosk_told_to_wait_asks_for_a_code_again_only_after_retry_after(
        new_page, server):
    """POST /pairing answers 429 with Retry-After while too many codes wait: the screen
    waits what the server said (7 s here), not its own 3-second poll."""
    import json
    import time

    asked: list[float] = []

    def pairing(route):
        asked.append(time.monotonic())
        if len(asked) == 1:
            route.fulfill(status=429, headers={"Retry-After": "7"},
                          content_type="application/json", body=json.dumps({"error": {
                              "code": "too_many_requests", "field": None,
                              "message": "Terlalu banyak kode pemasangan menunggu."}}))
        else:
            route.continue_()

    page = new_page(1080, 1920)
    page.route("**/api/v1/pairing", pairing)
    page.goto(f"{server.url}/kiosk")
    page.wait_for_function(PAIRING_CODE, timeout=20000)
    assert len(asked) == 2
    assert asked[1] - asked[0] >= 6.5  # not the 3-second poll
    assert [e for e in page.errors if not e.startswith("429 ")] == []  # the one it was sent
