"""The Content-Security-Policy holds in real Chromium: the main pages (kiosk, TV, console,
admin, reports, SKM, supervisor, booking, complaints, survey tablet, the phone page) load,
draw and connect their Socket.IO websocket with no CSP violation (listened to both as
`securitypolicyviolation` events and as Chromium's console lines)."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Page

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
PASSWORD = "rahasia-admin-csp-1"
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""


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
    accounts.create_user(Hall(store, settings), "admin-csp", "admin", PASSWORD)
    store.close()
    return server.start()


def watched(new_page, width: int = 1366, height: int = 768, **kwargs) -> Page:
    page = new_page(width, height, **kwargs)
    page.csp_console = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: page.csp_console.append(msg.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    page.add_init_script(WATCH)
    return page


def assert_no_violation(page: Page, where: str) -> None:
    page.wait_for_timeout(300)  # late module imports and socket upgrades report too
    events = page.evaluate("window.__csp")
    assert events == [], (where, events)
    assert page.csp_console == [], (where, page.csp_console)  # type: ignore[attr-defined]
    policy = page.evaluate("fetch(location.href).then(r => r.headers.get("
                           "'content-security-policy'))")
    assert policy and "frame-ancestors 'none'" in policy, where


def open_page(page: Page, url: str, ready: str) -> None:
    page.goto(url)
    page.wait_for_selector(ready)


def test_the_hall_screens_draw_and_connect_their_websocket_under_the_policy(new_page, server):
    kiosk = watched(new_page, 1920, 1080, has_touch=True)
    with kiosk.expect_websocket(lambda ws: "/socket.io/" in ws.url) as kiosk_socket:
        open_page(kiosk, f"{server.url}/kiosk?device_token={server.tokens['kiosk']}",
                  "[data-screen=agencies] .tile")
    kiosk_socket.value.wait_for_event("framereceived", timeout=10000)
    assert not kiosk_socket.value.is_closed()
    # a ticket: its QR code is an SVG drawn by the page, its styles come from the CSS file
    kiosk.locator("[data-agency=dukcapil]").tap()
    kiosk.locator("[data-service=ktp-el]").tap()
    kiosk.locator("[data-kind=regular]").tap()
    kiosk.wait_for_selector("[data-screen=ticket] .qr svg")
    assert kiosk.evaluate("getComputedStyle(document.body).userSelect") == "none"  # kiosk.css
    shoot(kiosk, "csp-kiosk-ticket")
    assert_no_violation(kiosk, "kiosk")

    tv = watched(new_page, 1920, 1080)
    with tv.expect_websocket(lambda ws: "/socket.io/" in ws.url) as tv_socket:
        open_page(tv, f"{server.url}/display?device_token={server.tokens['display']}",
                  "body")
    tv_socket.value.wait_for_event("framereceived", timeout=10000)
    ticket = requests.post(f"{server.url}{API}/counters/loket-1/call-next", timeout=10,
                           headers={"Authorization": f"Bearer {server.tokens['admin']}"})
    assert ticket.status_code == 200, ticket.text
    tv.wait_for_selector("text=A001", timeout=10000)  # the call arrived over the websocket
    shoot(tv, "csp-display-called")
    assert_no_violation(tv, "display")

    unpaired = watched(new_page, 1920, 1080)
    open_page(unpaired, f"{server.url}/display", ".pair-qr svg")  # the pairing QR code
    assert_no_violation(unpaired, "display (pairing)")

    survey = watched(new_page, 1280, 800)
    open_page(survey, f"{server.url}/survey", ".pair-qr svg")
    assert_no_violation(survey, "survey tablet (pairing)")

    phone = watched(new_page, 390, 844, is_mobile=True)
    issued = requests.post(f"{server.url}{API}/tickets", json={"service_id": "ktp-el"},
                           timeout=10,
                           headers={"Authorization": f"Bearer {server.tokens['kiosk']}"})
    assert issued.status_code == 201, issued.text
    open_page(phone, issued.json()["ticket"]["track_url"], "body")  # the QR code's page
    assert_no_violation(phone, "phone page")
    for path, ready in (("/", "a.card"), ("/booking", "body"), ("/complaints/new", "form"),
                        ("/skm/public", "body"), ("/t/no-such-ticket-123", ".card")):
        open_page(phone, f"{server.url}{path}", ready)
        assert_no_violation(phone, path)


STAFF_PAGES = [
    ("/counter", "body"), ("/admin/agencies", "table"), ("/admin/services", "table"),
    ("/admin/counters", "table"), ("/admin/people", "table"), ("/admin/schedule", "form"),
    ("/admin/site", "form"), ("/admin/devices", "form"), ("/admin/audit", "form"),
    ("/admin/bookings", "form"), ("/admin/export", "body"), ("/admin/services/ktp-el", "form"),
    ("/admin/status", "body"),
    ("/reports", "canvas"), ("/reports/print", "body"), ("/skm", "body"),
    ("/skm/print", "body"), ("/supervisor", "body"), ("/complaints", "body"),
    ("/account/password", "form"),
]


def test_the_staff_pages_run_under_the_policy(new_page, server):
    page = watched(new_page)
    page.goto(f"{server.url}/login")
    assert_no_violation(page, "/login")
    page.fill("input[name=name]", "admin-csp")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    for path, ready in STAFF_PAGES:
        open_page(page, f"{server.url}{path}", ready)
        page.wait_for_load_state("networkidle")
        assert_no_violation(page, path)
    requests.post(f"{server.url}{API}/tickets", json={"service_id": "ktp-el"}, timeout=10,
                  headers={"Authorization": f"Bearer {server.tokens['kiosk']}"})
    open_page(page, f"{server.url}/reports", "canvas")  # Chart.js draws under the policy
    page.wait_for_function("window.__loketReports && window.__loketReports.loads > 0",
                           timeout=15000)  # also the CSP-safe wait_for_function at work
    page.wait_for_timeout(500)  # the charts' entry animation
    assert_no_violation(page, "/reports with figures")
    shoot(page, "csp-reports")
