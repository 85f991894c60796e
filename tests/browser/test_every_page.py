"""Every page the server has, as its real routes list them (Flask's url_map, not a list kept
by hand): each one opens in real Chromium under its real Content-Security-Policy, signed in
as an admin where it needs someone, and logs no console error at all (an invalid `pattern`
attribute, a refused script, a failed request, a script exception)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import ConsoleMessage

from tests.conftest import always_open_config

API = "/api/v1"
ADMIN = ("admin-halaman", "rahasia-admin-halaman-1")
# endpoints that answer files, sound or data, not a page a person opens
NOT_PAGES = {"shared.static", "shared.vendor", "shared.favicon", "shared.site_logo",
             "kiosk.static", "display.static", "audio.fragment", "audio.chime",
             "pages.printed_file", "media.logo"}


@pytest.fixture
def server(live_server_factory, tmp_path):
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    # the demo, so its printed-tickets page is a route too
    server = live_server_factory(config=always_open_config(tmp_path / "cfg"), demo=True)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    # names of their own: the demo makes its kiosk-1 and tv-lobi anew at every start
    server.tokens = {
        "kiosk": accounts.create_device_token(hall, "kiosk-halaman", "kiosk").secret,
        "display": accounts.create_device_token(hall, "tv-halaman", "display").secret}
    accounts.create_user(hall, ADMIN[0], "admin", ADMIN[1])
    store.close()
    return server.start()


def page_routes(config) -> list[tuple[str, str]]:
    """(rule, endpoint) of every GET route that is a page, read from the app itself."""
    from queue_server.settings import load_settings
    from queue_server.web.app import create_app

    app = create_app(load_settings(config.config), data_dir=config.data_dir.parent / "routes",
                     testing=True)
    try:
        rules = [(r.rule, r.endpoint) for r in app.url_map.iter_rules()
                 if "GET" in (r.methods or ()) and not r.rule.startswith(("/api/", "/socket.io"))
                 and r.endpoint not in NOT_PAGES]
    finally:
        app.extensions["loket"].hall.store.close()
    return sorted(set(rules))


def samples(server) -> dict[str, str]:
    """A real value for each part of an address: a ticket's phone token, a booking's code."""
    kiosk = {"Authorization": f"Bearer {server.tokens['kiosk']}"}
    ticket = requests.post(f"{server.url}{API}/tickets", json={"service_id": "ktp-el"},
                           headers=kiosk, timeout=10)
    assert ticket.status_code == 201, ticket.text
    track = ticket.json()["ticket"]["track_url"].rsplit("/", 1)[-1]
    pairing = requests.post(f"{server.url}{API}/pairing", json={"kind": "kiosk"}, timeout=10)
    assert pairing.status_code == 201, pairing.text  # a request the devices page lists
    code = book(server, "skck")  # config.toml: the police's SKCK takes bookings
    return {"agency_id": "dukcapil", "counter_id": "loket-1", "service_id": "ktp-el",
            "name": ADMIN[0], "token": track, "code": code}


def book(server, service_id: str) -> str:
    """The first free slot of the coming days, booked through the API."""
    from datetime import date

    for ahead in range(1, 8):
        day = (date.today() + timedelta(days=ahead)).isoformat()
        slots = requests.get(f"{server.url}{API}/booking/slots",
                             params={"service_id": service_id, "date": day}, timeout=10)
        if not slots.ok:
            continue
        free = [s for s in slots.json().get("slots", []) if s.get("left", 0) > 0]
        if free:
            made = requests.post(f"{server.url}{API}/bookings", timeout=10, json={
                "service_id": service_id, "date": day, "start": free[0]["start"],
                "name": "Warga Uji", "phone": None})
            assert made.status_code == 201, made.text
            return made.json()["booking"]["code"]
    raise AssertionError(f"no free booking slot for {service_id}")


def address(rule: str, values: dict[str, str], server) -> str:
    path = rule
    for key, value in values.items():
        path = path.replace(f"<{key}>", value)
    assert "<" not in path, f"{rule}: give this part of the address a sample value"
    extra = {"/kiosk": f"?device_token={server.tokens['kiosk']}",
             "/display": f"?device_token={server.tokens['display']}"}.get(rule, "")
    return f"{server.url}{path}{extra}"


def devices_page_shows_the_site_time(page) -> None:
    """The pairing request just made and the kiosk just used: WIB times, not UTC."""
    page.fill("input[name=device]", "kiosk-lobi-2")  # its pattern runs: no console error
    assert page.evaluate("document.querySelector('input[name=device]').validity.valid")
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    asked = page.inner_text("tr[data-pending] td:nth-child(3)")
    assert re.fullmatch(r"\d\d:\d\d:\d\d WIB", asked), asked
    assert abs(int(asked[:2]) * 60 + int(asked[3:5]) - (now.hour * 60 + now.minute)) % 1440 \
        in (0, 1, 1439), (asked, now)
    assert "Diminta (WIB)" in page.inner_text("table >> nth=0")
    assert "Terakhir dipakai (WIB)" in page.inner_text("table >> nth=-1")


def test_every_page_route_opens_with_no_console_error(new_page, server):
    routes = page_routes(server)
    assert len(routes) > 30 and ("/admin/devices", "console.devices_page") in routes
    values = samples(server)
    page = new_page(1366, 768)
    errors: list[str] = []

    def listen(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(f"{page.url}: {msg.text}")

    page.on("console", listen)
    page.goto(f"{server.url}/login")
    page.fill("input[name=name]", ADMIN[0])
    page.fill("input[name=password]", ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    opened = []
    for rule, endpoint in routes:
        url = address(rule, values, server)
        answer = page.goto(url)
        assert answer is not None and answer.status == 200, (rule, answer and answer.status)
        assert "text/html" in answer.headers.get("content-type", ""), (rule, endpoint)
        policy = answer.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe" not in policy, (rule, policy)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # late module imports and their first requests
        opened.append(rule)
        # Chromium compiles a `pattern` (with the v flag) only when it validates a value:
        # an invalid one is a console error the moment someone types, so compile each here
        invalid = page.evaluate("""[...document.querySelectorAll('input[pattern]')]
          .filter((i) => { try { new RegExp(i.pattern, 'v'); return false; }
                           catch (e) { return true; } })
          .map((i) => `${i.name}: ${i.pattern}`)""")
        assert invalid == [], (rule, invalid)
        if rule == "/admin/devices":
            devices_page_shows_the_site_time(page)
        assert errors == [], (rule, errors, page.errors)  # type: ignore[attr-defined]
        assert page.errors == [], (rule, page.errors)  # type: ignore[attr-defined]
    assert "/admin/devices" in opened and "/t/<token>" in opened
