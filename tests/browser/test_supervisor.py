"""The supervisor page in real Chromium against `queue-server serve`: a Dukcapil supervisor
watches their agency; a citizen waits past the service's max wait and the long-wait alarm
appears live (banner, sound, red line) without a reload; the supervisor acknowledges it and
the page says who did. Screenshot at 1366×768."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
PASSWORD = "rahasia-super-123"


@pytest.fixture
def server(live_server_factory, tmp_path):
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    accounts.create_user(Hall(store, settings), "kabid-dukcapil", "supervisor", PASSWORD,
                         agencies=["dukcapil"])
    store.close()
    return server.start()


def call(server, method: str, path: str, body: dict | None = None, who: str = "admin"):
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def wait_longer(server, ticket_id: int, minutes: int) -> None:
    """The real clock runs in the server: the citizen is made to have come `minutes`
    earlier (the row as the kiosk would have written it then), so the test need not wait."""
    issued = (datetime.now(UTC) - timedelta(minutes=minutes)).strftime(
        "%Y-%m-%dT%H:%M:%S.%f+00:00")
    with sqlite3.connect(server.data_dir / "loket.db") as db:
        db.execute("UPDATE tickets SET issued_at = ? WHERE id = ?", (issued, ticket_id))


def test_a_long_wait_alarm_appears_live_and_is_acknowledged(new_page, server):
    call(server, "PATCH", "/admin/services/ktp-el", {"max_wait_minutes": 1})
    page = new_page(1366, 768)
    page.goto(f"{server.url}/supervisor")
    assert "/login" in page.url
    page.fill("input[name=name]", "kabid-dukcapil")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/supervisor")
    page.locator(".sup-live.online").wait_for(timeout=10000)
    card = page.locator('.sup-card[data-agency="dukcapil"]')
    card.wait_for()
    assert page.locator(".sup-card").count() == 1  # their agency only
    assert page.locator("#sup-no-alarms").is_visible()

    ticket = call(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")["ticket"]
    wait_longer(server, ticket["id"], 2)
    # raised by the server's 5-second sweep and pushed over the socket: no reload
    alarm = page.locator('.sup-alarm[data-kind="long_wait"]')
    alarm.wait_for(timeout=15000)
    assert page.locator("#sup-banner").is_visible()
    assert "Alarm baru: Tunggu terlalu lama" in page.locator("#sup-banner").inner_text()
    assert "Tunggu terlalu lama" in alarm.inner_text()
    assert card.locator(".figure .value").first.inner_text() == "1"  # waiting now
    shoot(page, "supervisor-long-wait-alarm")

    alarm.locator("button.ack").click()
    page.locator(".sup-alarm.acked").wait_for()
    assert page.locator("#sup-banner").is_hidden()  # acknowledged: seen
    assert "Diakui oleh kabid-dukcapil" in alarm.inner_text()
    listed = call(server, "GET", "/supervision?agency_id=dukcapil")["alarms"]
    assert [a["acknowledged_by"] for a in listed if a["kind"] == "long_wait"] == [
        "kabid-dukcapil"]

    page.click("#admin-lang")  # English, without a reload
    assert "Acknowledged by kabid-dukcapil" in alarm.inner_text()
    assert page.locator("#page-title").inner_text() == "Supervision"
    shoot(page, "supervisor-acknowledged-en")

    call(server, "POST", "/counters/loket-1/call-next")  # the citizen is called: cleared
    alarm.wait_for(state="detached", timeout=10000)
    assert page.locator("#sup-no-alarms").is_visible()
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_kiosk_and_the_tv_pages_send_their_heartbeats(new_page, server):
    for page_name in ("kiosk", "display"):
        page = new_page(1280, 800)
        with page.expect_response(lambda r: r.url.endswith("/api/v1/devices/heartbeat")
                                  and r.request.method == "POST", timeout=15000) as beat:
            page.goto(f"{server.url}/{page_name}?device_token={server.tokens[page_name]}")
        assert beat.value.status == 204
    with sqlite3.connect(server.data_dir / "loket.db") as db:
        rows = db.execute("SELECT kind, page FROM device_heartbeats ORDER BY kind").fetchall()
    assert rows == [("display", "display"), ("kiosk", "kiosk")]
