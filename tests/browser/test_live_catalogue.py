"""Administration changes reach the screens without a reload, in real Chromium against
`queue-server serve`: the kiosk shows a renamed, a new and a deactivated service (a citizen
on the queue choice of a deactivated one goes back with a notice), the TV a renamed counter,
the console a service newly given to its counter. Each page carries a marker on `window`
set before the change: still there after it, so the page was never reloaded."""

from __future__ import annotations

import time

import pytest
import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
OFFICER = ("rina", "rahasia-rina-123")


@pytest.fixture
def server(live_server_factory, tmp_path):
    """The shared live server, plus an officer of loket-1 with a password (signing in goes
    through the real form)."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    store, _ = prepare_data(load_settings(server.config), server.data_dir)
    try:
        accounts.create_user(Hall(store, load_settings(server.config)), OFFICER[0], "officer",
                             OFFICER[1], counters=("loket-1",))
    finally:
        store.close()
    return server.start()


def call(server, method: str, path: str, body: dict | None = None, who: str = "admin"):
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def mark(page) -> None:
    page.evaluate("window.__notReloaded = 'yes'")


def not_reloaded(page) -> bool:
    return page.evaluate("window.__notReloaded") == "yes"


def catalogue_version(page) -> int:
    return page.evaluate("window.__loketCatalog.version")


def open_kiosk(new_page, server):
    page = new_page(1920, 1080, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    page.wait_for_function("window.__loketCatalog.fetches >= 1")  # the first connect's resync
    mark(page)
    return page


def new_service(**fields) -> dict:
    return {"id": "legalisir", "agency_id": "dukcapil", "prefix": "DK",
            "name": "Legalisir Dokumen", "name_en": "Document legalisation",
            "daily_quota": None, "online_quota": None, "max_wait_minutes": 60,
            "service_minutes": 5, "requirements": ["Dokumen asli"], "hours": None,
            "active": True, **fields}


# ------------------------------------------------------------------ the follower itself


FOLLOWER = """async () => {
  const { CatalogFollower } = await import('/static/js/catalog.js');
  const pending = [];
  const follower = new CatalogFollower(() => new Promise((r) => pending.push(r)), { retryMs: 50 });
  const settle = async (ok) => { pending.shift()(ok); await new Promise((r) => setTimeout(r, 0)); };
  const seen = [];
  const look = () => seen.push([follower.fetches, follower.inFlight, follower.ignored]);
  for (const v of [5, 6, 7, 8, 9]) follower.updated({ version: v });  // an admin saves five times
  look();
  await settle(true);  // the first fetch ends: one more, for all four that came meanwhile
  look();
  await settle(true);
  look();
  follower.updated({ version: 9 });  // the same change again (another process, a replay)
  follower.updated({ version: 4 });  // older than what the page has
  look();
  follower.updated({ version: 10 });
  await settle(false);  // the server blinked: tried again a moment later
  await new Promise((r) => setTimeout(r, 120));
  look();
  await settle(true);
  follower.resync();  // a reconnect refetches whatever the version
  look();
  await settle(true);
  return { seen, version: follower.version, shown: follower.shown };
}"""


def test_a_burst_is_one_fetch_in_flight_and_one_after_and_old_versions_are_ignored(
        new_page, server):
    page = open_kiosk(new_page, server)
    got = page.evaluate(FOLLOWER)
    assert got["seen"] == [
        [1, True, 0],   # five messages, one fetch
        [2, True, 0],   # the trailing one
        [2, False, 0],  # and no more
        [2, False, 2],  # 9 again and 4: ignored
        [4, True, 2],   # 10 failed once, tried again
        [5, True, 2],   # resync
    ]
    assert got["version"] == 10
    assert got["shown"] == 10


# ------------------------------------------------------------------ kiosk


def service_titles(page) -> dict[str, str]:
    return page.evaluate("Object.fromEntries([...document.querySelectorAll('[data-service]')]"
                         ".map(b => [b.dataset.service, b.querySelector('.title').textContent]))")


def test_kiosk_shows_renamed_new_and_deactivated_services_without_reload(new_page, server):
    page = open_kiosk(new_page, server)
    page.locator("[data-agency=dukcapil]").tap()
    page.wait_for_selector("[data-screen=services]")
    shoot(page, "live-catalogue-kiosk-1-before")
    before = catalogue_version(page)

    call(server, "PATCH", "/admin/services/ktp-el", {"name": "KTP Elektronik (KTP-el)"})
    page.wait_for_function("document.querySelector('[data-service=ktp-el] .title')"
                           ".textContent === 'KTP Elektronik (KTP-el)'")
    call(server, "POST", "/admin/services", new_service())
    page.wait_for_selector("[data-screen=services] [data-service=legalisir]")
    assert service_titles(page)["legalisir"] == "Legalisir Dokumen"
    assert page.locator("[data-service=legalisir] .prefix").inner_text() == "DK"
    assert catalogue_version(page) >= before + 2
    shoot(page, "live-catalogue-kiosk-2-renamed-and-new")

    # persyaratan changed while a citizen reads them
    page.locator("[data-service=legalisir]").tap()
    page.wait_for_selector("[data-screen=priority] #requirements")
    call(server, "PATCH", "/admin/services/legalisir",
         {"requirements": ["Dokumen asli", "Fotokopi dokumen 2 lembar"]})
    page.wait_for_function("document.querySelectorAll('#requirements li').length === 2")
    assert "Fotokopi dokumen 2 lembar" in page.locator("#requirements").inner_text()
    shoot(page, "live-catalogue-kiosk-3-requirements-updated")

    # deactivated while the citizen is choosing the queue type: back to the list, told why
    call(server, "PATCH", "/admin/services/legalisir", {"active": False})
    page.wait_for_selector("[data-screen=services] #notice")
    assert "Layanan ini tidak tersedia lagi" in page.locator("#notice").inner_text()
    assert "legalisir" not in service_titles(page)
    assert service_titles(page)["ktp-el"] == "KTP Elektronik (KTP-el)"
    shoot(page, "live-catalogue-kiosk-4-deactivated-notice")
    assert not_reloaded(page)
    assert page.errors == []


def test_kiosk_in_english_gets_the_notice_in_english_and_the_new_english_name(new_page,
                                                                              server):
    page = open_kiosk(new_page, server)
    page.locator("#lang").tap()
    page.locator("[data-agency=dukcapil]").tap()
    page.locator("[data-service=akta-capil]").tap()
    page.wait_for_selector("[data-screen=priority]")
    call(server, "PATCH", "/admin/services/akta-capil", {"name_en": "Birth and death records"})
    page.wait_for_function("document.querySelector('[data-screen=priority] h1').textContent"
                           " === 'Birth and death records'")
    call(server, "PATCH", "/admin/services/akta-capil", {"active": False})
    page.wait_for_selector("[data-screen=services] #notice")
    assert "no longer available" in page.locator("#notice").inner_text()
    assert not_reloaded(page)


def test_kiosk_that_missed_a_change_catches_up_when_it_reconnects(new_page, server,
                                                                  tmp_path):
    """Two processes without a message queue: a change made on the other one is never
    announced to this kiosk (as when Redis is down); its next reconnect resyncs."""
    from tests.live_server import LiveServer

    page = open_kiosk(new_page, server)
    page.locator("[data-agency=polres]").tap()
    page.wait_for_selector("[data-service=skck]")
    other = LiveServer(server.data_dir, config=server.config,
                       log_path=tmp_path / "other.log").start()
    try:
        r = requests.patch(f"{other.url}{API}/admin/services/skck", timeout=10,
                           json={"name": "SKCK (Catatan Kepolisian)"},
                           headers={"Authorization": f"Bearer {server.tokens['admin']}"})
        assert r.status_code == 200, r.text
    finally:
        other.stop()
    time.sleep(1.5)
    assert service_titles(page)["skck"] != "SKCK (Catatan Kepolisian)"  # nothing was heard
    server.stop()
    server.start()
    page.wait_for_function("document.querySelector('[data-service=skck] .title')"
                           ".textContent === 'SKCK (Catatan Kepolisian)'", timeout=20000)
    assert not_reloaded(page)


# ------------------------------------------------------------------ TV


def open_tv(new_page, server):
    page = new_page(1920, 1080)
    page.goto(f"{server.url}/display?device_token={server.tokens['display']}")
    page.wait_for_function("window.__loketDisplay.snapshots >= 1 && "
                           "document.body.dataset.live === '1'", timeout=15000)
    mark(page)
    return page


def test_tv_shows_a_renamed_counter_without_reload_or_a_new_snapshot(new_page, server):
    page = open_tv(new_page, server)
    call(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")
    call(server, "POST", "/counters/loket-1/call-next")
    page.wait_for_function("window.__loketDisplay.spoken.length === 1", timeout=15000)
    snapshots = page.evaluate("window.__loketDisplay.snapshots")
    call(server, "PATCH", "/admin/counters/loket-1", {"name": "Loket 1 · Perekaman KTP"})
    page.wait_for_function("document.querySelector('[data-counter=loket-1] .cname')"
                           ".textContent === 'Loket 1 · Perekaman KTP'")
    # the call already on screen follows the new name; nothing was spoken again
    page.wait_for_function("document.getElementById('now-counter').textContent"
                           " === 'Loket 1 · Perekaman KTP'")
    assert page.evaluate("window.__loketDisplay.spoken.length") == 1
    assert page.evaluate("window.__loketDisplay.snapshots") == snapshots
    shoot(page, "live-catalogue-tv-renamed-counter")
    assert not_reloaded(page)


def test_tv_and_kiosk_follow_a_new_hall_name_and_running_text(new_page, server):
    tv = open_tv(new_page, server)
    kiosk = open_kiosk(new_page, server)
    site = call(server, "GET", "/admin/site")
    call(server, "PUT", "/admin/site", {
        **{k: site[k] for k in ("short_name", "running_text_en", "ticket_footer",
                                "public_url")},
        "name": "Mal Pelayanan Publik Lebong Tengah",
        "running_text": "Hari ini loket Samsat buka sampai pukul 14.00 WIB"})
    tv.wait_for_function("document.querySelector('.site-name').textContent"
                         " === 'Mal Pelayanan Publik Lebong Tengah'")
    tv.wait_for_function("document.getElementById('ticker').textContent"
                         ".includes('loket Samsat buka sampai pukul 14.00')")
    kiosk.wait_for_function("document.getElementById('site-name').textContent"
                            " === 'Mal Pelayanan Publik Lebong Tengah'")
    shoot(tv, "live-catalogue-tv-new-running-text")
    assert not_reloaded(tv) and not_reloaded(kiosk)


# ------------------------------------------------------------------ console


def sign_in(new_page, server):
    page = new_page(1366, 768)
    page.goto(f"{server.url}/counter")
    page.fill("input[name=name]", OFFICER[0])
    page.fill("input[name=password]", OFFICER[1])
    page.click("button[type=submit]")
    page.wait_for_url("**/counter")
    page.wait_for_function("document.body.dataset.live === '1' && "
                           "window.__loketConsole.state.snapshot !== null", timeout=15000)
    mark(page)
    return page


def test_console_shows_a_service_newly_given_to_its_counter(new_page, server):
    skck = call(server, "POST", "/tickets", {"service_id": "skck"}, who="kiosk")["ticket"]
    page = sign_in(new_page, server)
    assert page.get_attribute("#counter-services", "data-services") == "ktp-el ikd-kia"
    assert page.locator(f"#waiting-list [data-code={skck['code']}]").count() == 0
    call(server, "PATCH", "/admin/counters/loket-1",
         {"services": {"ktp-el": 2, "ikd-kia": 1, "skck": 1}})
    page.wait_for_selector(f"#waiting-list [data-code={skck['code']}]")
    page.wait_for_function("document.getElementById('counter-services').dataset.services"
                           " === 'ktp-el ikd-kia skck'")
    assert "S " in page.locator("#counter-services").inner_text()
    # a renamed service shows its new name in the list of the counter
    call(server, "PATCH", "/admin/services/skck", {"name": "SKCK Baru"})
    page.wait_for_function("document.getElementById('counter-services').textContent"
                           ".includes('SKCK Baru')")
    shoot(page, "live-catalogue-console-new-service")
    assert not_reloaded(page)
    assert page.errors == []
