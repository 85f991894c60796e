"""Issue 14: the IT officer sees the address every QR code and phone link uses, on Status
sistem (/admin/status) and on the devices page (/admin/devices): the detected one while
[site] public_url is unset (the tests' config sets none), the hall's own once it is set.
Screenshots: admin-status-link-address.png, admin-devices-link-address.png."""

from __future__ import annotations

import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

PASSWORD = "rahasia-admin-123"


def make_server(live_server_factory, tmp_path):
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    accounts.create_user(Hall(store, settings), "it-mpp", "admin", PASSWORD)
    store.close()
    return server.start()


def test_status_and_devices_pages_show_the_link_address_in_use(new_page, live_server_factory,
                                                                tmp_path):
    server = make_server(live_server_factory, tmp_path)
    detected = f"http://127.0.0.1:{server.port}"  # what a start on 127.0.0.1 detects
    page = new_page(1366, 768)
    page.goto(f"{server.url}/admin/status")
    page.fill("input[name=name]", "it-mpp")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/status")
    page.wait_for_function("() => document.getElementById('st-version').textContent !== '–'",
                           timeout=15000)
    assert page.locator("#st-link-url").inner_text() == detected
    assert "terdeteksi otomatis" in page.locator("#st-link").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    shoot(page, "admin-status-link-address")
    page.click("#admin-lang")
    assert "detected when the server started" in page.locator("#st-link").inner_text()
    assert page.locator("#st-link-url").inner_text() == detected
    page.click("#admin-lang")  # back to Indonesian for the pages after

    page.goto(f"{server.url}/admin/devices")
    shown = page.locator("#link-address").inner_text()
    assert detected in shown and "terdeteksi otomatis" in shown
    shoot(page, "admin-devices-link-address")

    admin = {"Authorization": f"Bearer {server.tokens['admin']}"}
    site = requests.get(f"{server.url}/api/v1/admin/site", headers=admin, timeout=15).json()
    assert site["public_url"] == ""  # not set: the API says so, the pages say what is used
    requests.put(f"{server.url}/api/v1/admin/site", headers=admin, timeout=15,
                 json={**site, "public_url": "http://192.168.1.10:8080"}).raise_for_status()
    page.goto(f"{server.url}/admin/status")
    assert page.locator("#st-link-url").inner_text() == "http://192.168.1.10:8080"
    assert "dari [site] public_url" in page.locator("#st-link").inner_text()
    page.goto(f"{server.url}/admin/devices")
    shown = page.locator("#link-address").inner_text()
    assert "http://192.168.1.10:8080" in shown and "terdeteksi" not in shown
