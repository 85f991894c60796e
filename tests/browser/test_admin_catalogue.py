"""The /admin catalogue pages in real Chromium, against `queue-server serve`: an IT officer
creates an agency, a service and a counter serving it and an officer for it, a kiosk open
beside it offers the new service without a reload, and the officer calls its first ticket;
a supervisor sees only their agency; a bad prefix is refused at its field; the English
toggle; screenshots of every page at 1366×768 and 1920×1080 with a full hall."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
LAPTOP = (1366, 768)
DESKTOP = (1920, 1080)
PEOPLE = {  # name -> (password, role, agencies, counters)
    "it-admin": ("rahasia-admin-123", "admin", (), ()),
    "sari": ("rahasia-sari-123", "supervisor", ("dukcapil",), ()),
}


def start_hall(live_server_factory, tmp_path):
    """The hall's config on the real clock, with an admin and a Dukcapil supervisor who sign
    in through the form (made in-process before the server starts)."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    for name, (password, role, agencies, counters) in PEOPLE.items():
        accounts.create_user(hall, name, role, password, agencies=agencies, counters=counters)
    store.close()
    return server.start()


@pytest.fixture
def server(live_server_factory, tmp_path):
    return start_hall(live_server_factory, tmp_path)


# ------------------------------------------------------------------ helpers


def api(server, method: str, path: str, body: dict | None = None, who: str = "admin",
        ok: bool = True) -> dict:
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})
    if ok:
        assert r.status_code in (200, 201), r.text
    return r.json()


def sign_in(new_page, server, name: str, password: str, size=LAPTOP, path="/admin") -> Page:
    page = new_page(*size)
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url  # anonymous: to the sign-in form first
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    return page


def admin_page(new_page, server, size=LAPTOP) -> Page:
    page = sign_in(new_page, server, "it-admin", PEOPLE["it-admin"][0], size)
    page.wait_for_url("**/admin/agencies")
    return page


def open_kiosk(new_page, server) -> Page:
    page = new_page(1920, 1080, has_touch=True)
    page.goto(f"{server.url}/kiosk?device_token={server.tokens['kiosk']}")
    page.wait_for_selector("[data-screen=agencies] .tile")
    page.evaluate("window.__sameDocument = true")  # gone if the kiosk reloads
    return page


def saved(page: Page) -> None:
    expect(page.locator(".form-status.saved")).to_have_text("Tersimpan", timeout=10000)


def field_error(page: Page, field: str) -> str:
    box = page.locator(f'[data-field="{field}"] > .field-error')
    expect(box).to_be_visible(timeout=10000)
    return box.inner_text()


def service_ids(server) -> set[str]:
    return {s["id"] for s in api(server, "GET", "/admin/services")["services"]}


# ------------------------------------------------------------------ the whole path


def test_admin_builds_a_service_that_a_kiosk_offers_at_once_and_its_officer_calls(
        new_page, server):
    kiosk = open_kiosk(new_page, server)
    page = admin_page(new_page, server)

    # the agency
    page.click("text=Instansi baru")
    page.wait_for_url("**/admin/agencies/new")
    page.fill("#f-id", "kominfo")
    page.fill("#f-short_name", "Diskominfo")
    page.fill("#f-name", "Dinas Komunikasi, Informatika dan Persandian Kabupaten Lebong")
    page.fill("#f-name_en", "Communication, Informatics and Cryptography Office")
    page.click("#save")
    page.wait_for_url("**/admin/agencies/kominfo?saved=1")
    saved(page)

    # the service: a prefix with I and O is refused at the field, nothing saved
    page.goto(f"{server.url}/admin/services/new")
    page.select_option("#f-agency_id", "kominfo")
    page.fill("#f-id", "aduan-publik")
    page.fill("#f-prefix", "IO1")
    page.fill("#f-name", "Pengaduan Layanan Publik dan Permohonan Informasi")
    page.fill("#f-name_en", "Public complaints and information requests")
    page.fill("#f-daily_quota", "60")
    page.fill("#f-service_minutes", "8")
    page.fill("#f-requirements", "KTP-el asli\nSurat permohonan informasi\n\n")
    page.click("#save")
    message = field_error(page, "prefix")
    assert re.search(r"huruf|awalan|prefix", message, re.I), message
    assert not re.search(r"[A-Za-z]+ (is|must|should) ", message)  # Indonesian, not English
    assert "aduan-publik" not in service_ids(server)
    page.fill("#f-prefix", "Q")
    page.click("#save")
    page.wait_for_url("**/admin/services/aduan-publik?saved=1")
    saved(page)
    made = next(s for s in api(server, "GET", "/admin/services")["services"]
                if s["id"] == "aduan-publik")
    assert made["prefix"] == "Q" and made["daily_quota"] == 60 and made["hours"] is None
    assert made["requirements"] == ["KTP-el asli", "Surat permohonan informasi"]

    # the counter serving it
    page.goto(f"{server.url}/admin/counters/new")
    page.fill("#f-number", "40")
    page.fill("#f-name", "Loket 40")
    page.fill("#f-id", "loket-40")
    page.select_option("#f-agency_id", "kominfo")
    page.check("#svc-aduan-publik")
    page.click("#save")
    page.wait_for_url("**/admin/counters/loket-40?saved=1")
    saved(page)

    # the officer: the one-time password is shown once, in a dialog
    page.goto(f"{server.url}/admin/people/new")
    page.fill("#f-name", "wulan")
    page.fill("#f-display_name", "Wulan Pratiwi")
    page.select_option("#f-role", "officer")
    page.check('[data-field="counters"] input[value="loket-40"]')
    page.click("#save")
    dialog = page.locator("#password-dialog")
    expect(dialog).to_be_visible(timeout=10000)
    expect(dialog).to_contain_text("Kata sandi ini hanya ditampilkan sekali")
    password = page.inner_text("#one-time-password").strip()
    assert len(password) >= 10
    dialog.locator("button.primary").click()
    page.wait_for_url("**/admin/people/wulan?saved=1")
    assert password not in page.content()  # gone from the page once closed

    # the kiosk offers it without a reload, and issues its first ticket
    kiosk.locator("[data-agency=kominfo]").wait_for(timeout=15000)
    assert kiosk.evaluate("window.__sameDocument") is True
    kiosk.locator("[data-agency=kominfo]").tap()
    kiosk.locator("[data-service=aduan-publik]").tap()
    kiosk.locator("[data-kind=regular]").tap()
    kiosk.wait_for_selector("[data-screen=ticket]")
    assert kiosk.locator("#ticket-code").inner_text() == "Q001"

    # the officer signs in, replaces the one-time password, and calls Q001
    officer = sign_in(new_page, server, "wulan", password, path="/counter")
    officer.wait_for_url("**/account/password**")
    officer.fill("input[name=current]", password)
    officer.fill("input[name=new]", "wulan-baru-2026")
    officer.fill("input[name=repeat]", "wulan-baru-2026")
    officer.click("main button[type=submit]")  # not the staff bar's sign-out
    officer.wait_for_url("**/counter")
    officer.wait_for_function("document.body.dataset.live === '1' && "
                              "document.body.dataset.busy === '0'", timeout=15000)
    officer.click("#btn-next")
    officer.wait_for_function("document.getElementById('current').dataset.code === 'Q001'",
                              timeout=10000)
    # the one refusal was the bad prefix; nothing else failed on either screen
    assert page.errors == [f"400 {server.url}{API}/admin/services"] and kiosk.errors == []


# ------------------------------------------------------------------ scope and language


def test_a_supervisor_sees_only_their_agencys_services(new_page, server):
    page = sign_in(new_page, server, "sari", PEOPLE["sari"][0])
    page.wait_for_url("**/admin/services")
    expect(page.locator("#list-count")).not_to_have_text("", timeout=10000)
    rows = page.locator("table.list tbody tr")
    keys = {rows.nth(i).get_attribute("data-key") for i in range(rows.count())}
    assert "ktp-el" in keys and "pkb-tahunan" not in keys  # Samsat's is not hers
    nav = page.locator(".admin-nav a").all_inner_texts()
    assert nav == ["Layanan", "Loket", "Petugas & staf", "Log audit", "Pengawasan", "Laporan",
                   "SKM", "Pengaduan", "Reservasi"]

    # nor by address, nor by the API with her session
    assert page.goto(f"{server.url}/admin/services/pkb-tahunan").status == 404
    assert page.goto(f"{server.url}/admin/agencies").status == 403
    page.goto(f"{server.url}/admin/services")
    answer = page.evaluate("""async () => {
        const token = document.querySelector('meta[name=csrf-token]').content;
        const list = await (await fetch('/api/v1/admin/services')).json();
        const patch = await fetch('/api/v1/admin/services/pkb-tahunan', {method: 'PATCH',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
            body: JSON.stringify({daily_quota: 1})});
        return {ids: list.services.map((s) => s.id), patch: patch.status};
    }""")
    assert "pkb-tahunan" not in answer["ids"] and "ktp-el" in answer["ids"]
    assert answer["patch"] in (403, 404)
    samsat = next(s for s in api(server, "GET", "/admin/services")["services"]
                  if s["id"] == "pkb-tahunan")
    assert samsat["daily_quota"] != 1


def test_the_english_toggle_switches_texts_without_a_reload_and_is_remembered(
        new_page, server):
    page = admin_page(new_page, server)
    page.goto(f"{server.url}/admin/services")
    expect(page.locator("#list-count")).to_contain_text("dari")
    page.evaluate("window.__sameDocument = true")
    page.click("#admin-lang")
    expect(page.locator("#page-title")).to_have_text("Services")
    expect(page.locator(".admin-nav a.active")).to_have_text("Services")
    expect(page.locator("#list-count")).to_contain_text(" of ")
    expect(page.locator("table.list th").first).to_have_text("Service")
    assert page.evaluate("window.__sameDocument") is True
    page.goto(f"{server.url}/admin/services/ktp-el")
    expect(page.locator("label[for=f-prefix]")).to_have_text("Ticket prefix")
    expect(page.locator("#save")).to_have_text("Save")
    page.click("#admin-lang")
    expect(page.locator("label[for=f-prefix]")).to_have_text("Awalan nomor")
    expect(page.locator("#save")).to_have_text("Simpan")


def test_deactivating_a_service_asks_first_and_greys_it_with_reactivate(new_page, server):
    page = admin_page(new_page, server)
    page.goto(f"{server.url}/admin/services")
    row = page.locator('tr[data-key="skck"]')
    row.locator("button", has_text="Nonaktifkan").click()
    confirm = page.locator("dialog.admin-dlg")
    expect(confirm).to_contain_text("tetap bisa dipanggil")
    confirm.locator("[data-confirm]").click()
    expect(page.locator('tr[data-key="skck"]')).to_have_class(re.compile("inactive"))
    assert next(s for s in api(server, "GET", "/admin/services")["services"]
                if s["id"] == "skck")["active"] is False
    page.locator('tr[data-key="skck"] button', has_text="Aktifkan lagi").click()
    expect(page.locator('tr[data-key="skck"]')).not_to_have_class(re.compile("inactive"))


def test_a_wrong_opening_hour_is_shown_at_its_day(new_page, server):
    page = admin_page(new_page, server)
    page.goto(f"{server.url}/admin/services/ktp-el")
    page.uncheck("#hours-follow")
    page.fill("#hours-friday", "08:00-25:00")
    page.click("#save")
    assert field_error(page, "hours.friday")
    page.fill("#hours-friday", "08:00-11:00")
    page.fill("#hours-sunday", "tutup")
    page.click("#save")
    saved(page)
    hours = next(s for s in api(server, "GET", "/admin/services")["services"]
                 if s["id"] == "ktp-el")["hours"]
    assert hours["friday"] == "08:00-11:00" and hours["sunday"] == "closed"


# ------------------------------------------------------------------ screenshots

LONG_AGENCY = ("Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kabupaten Lebong "
               "Provinsi Bengkulu")


def fill_the_hall(server) -> None:
    """A long-named agency, 40 services and 60 counters, through the API."""
    api(server, "POST", "/admin/agencies", {
        "id": "bpkpad", "name": LONG_AGENCY, "name_en": "Regional Finance, Revenue and "
        "Assets Agency of Lebong Regency", "short_name": "BPKPAD"})
    services = service_ids(server)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    n = 0
    while len(services) < 40:
        sid = f"layanan-{n + 1}"
        api(server, "POST", "/admin/services", {
            "id": sid, "agency_id": "bpkpad", "prefix": "Q" + letters[n],
            "name": f"Pelayanan Pajak Bumi dan Bangunan Perdesaan dan Perkotaan tahap {n + 1}",
            "name_en": f"Rural and urban land and building tax, step {n + 1}",
            "daily_quota": 100 + n, "online_quota": 20, "max_wait_minutes": 60,
            "service_minutes": 12, "requirements": ["KTP-el asli", "SPPT PBB tahun lalu"],
            "hours": None})
        services.add(sid)
        n += 1
    counters = api(server, "GET", "/admin/counters")["counters"]
    number = max(c["number"] for c in counters)
    while len(counters) < 60:
        number += 1
        made = api(server, "POST", "/admin/counters", {
            "id": f"loket-{number}", "name": f"Loket {number}", "number": number,
            "agency_id": "bpkpad",
            "services": {f"layanan-{(number % 17) + 1}": 2, f"layanan-{(number % 5) + 1}": 1}})
        counters.append(made["counter"])


PAGES = [("agencies", "/admin/agencies"), ("agency-form", "/admin/agencies/bpkpad"),
         ("services", "/admin/services"), ("service-form", "/admin/services/layanan-3"),
         ("service-form-own-hours", "/admin/services/ktp-el"),
         ("service-new", "/admin/services/new"),
         ("counters", "/admin/counters"), ("counter-form", "/admin/counters/loket-1")]


@pytest.mark.parametrize("size", [LAPTOP, DESKTOP], ids=["1366x768", "1920x1080"])
def test_screenshots_of_the_catalogue_pages_with_a_full_hall(new_page, server, size):
    fill_the_hall(server)
    api(server, "PATCH", "/admin/services/layanan-2", {"active": False})
    api(server, "PATCH", "/admin/counters/loket-3", {"active": False})
    api(server, "PATCH", "/admin/services/ktp-el", {"hours": {
        "monday": "08:00-12:00, 13:00-15:00", "tuesday": "08:00-12:00, 13:00-15:00",
        "wednesday": "08:00-12:00, 13:00-15:00", "thursday": "08:00-12:00, 13:00-15:00",
        "friday": "08:00-11:00", "saturday": "closed", "sunday": "closed"}})
    page = admin_page(new_page, server, size)
    for name, path in PAGES:
        page.goto(f"{server.url}{path}")
        page.wait_for_selector("body.ready")
        expect(page.locator("#admin-notice")).to_be_hidden()
        shoot(page, f"admin-{name}-{size[0]}x{size[1]}")
        # nothing wider than the window: no sideways scrolling of the page
        assert page.evaluate("document.scrollingElement.scrollWidth") <= size[0], name
    page.goto(f"{server.url}/admin/counters")
    page.wait_for_selector("body.ready")
    expect(page.locator("#list-count")).to_have_text("60 dari 60")
    page.fill("#list-search", "bpkpad loket 5")
    expect(page.locator("#list-count")).to_have_text(re.compile(r"^\d+ dari 60$"))
    shoot(page, f"admin-counters-search-{size[0]}x{size[1]}")
    page.goto(f"{server.url}/admin/services")
    page.wait_for_selector("body.ready")
    expect(page.locator("#list-count")).to_have_text("40 dari 40")
    page.select_option("#agency-filter", "bpkpad")
    expect(page.locator("#list-count")).to_have_text("17 dari 17")
    page.click("#admin-lang")
    shoot(page, f"admin-services-en-{size[0]}x{size[1]}")
    assert page.errors == []
