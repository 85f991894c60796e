"""Pairing a survey tablet end to end in real Chromium against `queue-server serve`: the
unpaired tablet shows its code, the admin types it on the devices page (which asks the
counter only for a survey tablet's code) and the tablet comes up at its counter by itself."""

from __future__ import annotations

import pytest
import requests

from tests.browser.test_skm_collection import TABLET, shoot
from tests.conftest import always_open_config, provision

ADMIN = ("it-mpp", "rahasia-it-mpp-1")


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
    accounts.create_user(Hall(store, settings), ADMIN[0], "admin", ADMIN[1])
    store.close()
    return server.start()


def test_an_admin_pairs_a_tablet_at_loket_3_from_the_devices_page(new_page, server):
    tablet = new_page(*TABLET)
    tablet.goto(f"{server.url}/survey")
    tablet.wait_for_function("/^[A-Z2-9]{3}-[A-Z2-9]{3}$/.test("
                             "document.querySelector('.pair-code').textContent)", timeout=10000)
    code = tablet.inner_text(".pair-code")
    kiosk_code = requests.post(f"{server.url}/api/v1/pairing", json={"kind": "kiosk"},
                               timeout=10).json()["code"]

    admin = new_page(1366, 768)
    admin.goto(f"{server.url}/login")
    admin.fill("input[name=name]", ADMIN[0])
    admin.fill("input[name=password]", ADMIN[1])
    admin.click("button[type=submit]")
    admin.wait_for_url("**/counter")
    admin.goto(f"{server.url}/admin/devices?code={code}")
    assert admin.is_visible("#pair-counter")  # a survey tablet's code: which counter?
    admin.fill("#pair-code", kiosk_code.replace("-", "").lower())
    assert admin.is_hidden("#pair-counter")  # a kiosk serves the whole hall
    admin.fill("#pair-code", code)
    assert admin.is_visible("#pair-counter")
    admin.fill("input[name=device]", "tablet-loket-3")
    admin.select_option("#pair-counter", "loket-3")
    shoot(admin, "devices-pairing")
    admin.click("#pair-form button[type=submit]")
    admin.wait_for_selector("p.ok", timeout=10000)
    assert "tablet-loket-3 dipasangkan" in admin.inner_text("p.ok")
    assert "tablet survei" in admin.inner_text("table >> nth=-1")

    # the tablet collects its token by itself and comes up idle at its counter
    tablet.wait_for_function("document.body.dataset.mode === 'idle' && "
                             "document.body.dataset.live === '1'", timeout=20000)
    assert "Loket 3" in tablet.inner_text("#idle-counter")
    assert tablet.errors == [] and admin.errors == []
