"""The admin pages of the hall as a whole in real Chromium, against `queue-server serve`:
the schedule (Friday's hours, a pasted holiday list refused line by line until it is right,
the next closed days), the site (a new running text reaches an open TV without a reload),
the audit log (that edit, before → after; filters), the export (a TOML file), and who may
open what. Screens are 1366×768 laptops; screenshots at 1366×768 and 1920×1080."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.browser.conftest import shoot
from tests.conftest import always_open_config, provision

API = "/api/v1"
LAPTOP = (1366, 768)
WIDE = (1920, 1080)
PEOPLE = {  # name -> (password, role, agencies)
    "it-mpp": ("rahasia-admin-123", "admin", []),
    "kabid-dukcapil": ("rahasia-super-123", "supervisor", ["dukcapil"]),
}


@pytest.fixture
def server(live_server_factory, tmp_path):
    """The shared live server plus an admin and a Dukcapil supervisor with passwords."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    settings = load_settings(server.config)
    store, _ = prepare_data(settings, server.data_dir)
    hall = Hall(store, settings)
    for name, (password, role, agencies) in PEOPLE.items():
        accounts.create_user(hall, name, role, password, agencies=agencies)
    store.close()
    return server.start()


# ------------------------------------------------------------------ helpers


def api(server, method: str, path: str, body: dict | None = None, who: str = "admin") -> dict:
    r = requests.request(method, f"{server.url}{API}{path}", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def hall_today() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def sign_in(new_page, server, name: str, path: str = "/admin/schedule",
            size: tuple[int, int] = LAPTOP):
    page = new_page(*size)
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url  # anonymous: to the sign-in form first
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PEOPLE[name][0])
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")
    return page


def ready(page) -> None:
    page.wait_for_function("document.body.classList.contains('ready')", timeout=15000)


def loaded(page) -> None:
    """The audit page has the answer of its latest request (a click of Terapkan starts
    one at once, so this waits for that one)."""
    page.wait_for_function("document.body.dataset.loading === '0'", timeout=15000)


def open_display(new_page, server):
    page = new_page(*WIDE)
    page.goto(f"{server.url}/display?device_token={server.tokens['display']}")
    page.wait_for_function("window.__loketDisplay.snapshots >= 1 && "
                           "document.body.dataset.live === '1'", timeout=15000)
    return page


# ------------------------------------------------------------------ schedule


def test_an_admin_sets_fridays_prayer_break_and_a_bad_span_is_refused_at_the_field(
        new_page, server):
    page = sign_in(new_page, server, "it-mpp")
    ready(page)
    friday = page.locator("#f-hours-friday")
    friday.fill("08:00-11:30, 13:30-25:00")
    page.click("#hours-form button[type=submit]")
    error = page.locator('[data-field="hours.friday"] .field-error')
    error.wait_for(state="visible")
    assert api(server, "GET", "/admin/schedule")["hours"]["friday"] == "00:00-24:00"

    friday.fill("08:00-11:30, 13:30-16:00")
    page.click("#hours-form button[type=submit]")
    page.wait_for_selector("#hours-form .form-status.saved")
    assert error.is_hidden()
    hours = api(server, "GET", "/admin/schedule")["hours"]
    assert hours["friday"] == "08:00-11:30, 13:30-16:00"
    assert hours["thursday"] == "00:00-24:00"  # the other days as they were
    page.reload()
    ready(page)
    assert page.locator("#f-hours-friday").input_value() == "08:00-11:30, 13:30-16:00"


def test_a_pasted_list_shows_the_bad_line_and_saves_nothing_until_it_is_fixed(
        new_page, server):
    page = sign_in(new_page, server, "it-mpp")
    ready(page)
    days = [hall_today() + timedelta(days=n) for n in (3, 10, 20)]
    lines = [f"{days[0]} Cuti bersama Natal", f"{days[1]:%d-%m-%Y} Hari Raya Natal",
             f"{days[2]} Tahun Baru Masehi"]
    page.fill("#paste", "\n".join(lines))
    page.click("#parse")
    problem = page.locator('#paste-problems li[data-line="2"]')
    problem.wait_for()
    assert "Baris 2" in problem.inner_text()
    assert page.locator("#paste-problems li").count() == 1
    assert page.locator("#apply-paste").is_hidden()
    assert api(server, "GET", "/admin/schedule")["holidays"] == []

    lines[1] = f"{days[1]} Hari Raya Natal"
    page.fill("#paste", "\n".join(lines))
    page.click("#parse")
    page.wait_for_selector("#apply-paste:visible")
    assert page.inner_text("#apply-paste") == "Simpan 3 hari libur"
    page.click("#apply-paste")
    page.wait_for_function("document.querySelectorAll('#holidays tbody tr').length === 3")
    stored = api(server, "GET", "/admin/schedule")["holidays"]
    assert [h["date"] for h in stored] == [d.isoformat() for d in days]
    assert stored[1]["name"] == "Hari Raya Natal"
    # the next closed days, in order, with their names
    shown = page.locator("#next-closed li").evaluate_all("els => els.map(e => e.dataset.date)")
    assert shown[:3] == [d.isoformat() for d in days]
    assert "Tahun Baru Masehi" in page.inner_text(f'#next-closed li[data-date="{days[2]}"]')


def test_a_holiday_is_added_and_removed_one_by_one(new_page, server):
    page = sign_in(new_page, server, "it-mpp")
    ready(page)
    day = hall_today() + timedelta(days=5)
    page.fill("#holiday-date", day.isoformat())
    page.click("#holiday-add-button")
    page.wait_for_selector("#holiday-error:visible")  # no name yet: said, nothing saved
    assert api(server, "GET", "/admin/schedule")["holidays"] == []
    page.fill("#holiday-name", "Cuti bersama")
    page.click("#holiday-add-button")
    page.wait_for_selector(f'#holidays tr[data-date="{day}"]')
    assert api(server, "GET", "/admin/schedule")["holidays"] == [
        {"date": day.isoformat(), "name": "Cuti bersama"}]
    page.click(f'#holidays tr[data-date="{day}"] button')
    page.wait_for_selector(f'#holidays tr[data-date="{day}"]', state="detached")
    assert api(server, "GET", "/admin/schedule")["holidays"] == []


# ------------------------------------------------------------------ site and audit


def test_a_new_running_text_reaches_an_open_tv_and_the_audit_shows_before_and_after(
        new_page, server):
    display = open_display(new_page, server)
    display.evaluate("window.__sameTv = true")  # gone if the TV reloads
    before = display.inner_text("#ticker")
    page = sign_in(new_page, server, "it-mpp", "/admin/site")
    ready(page)
    text = "Layanan KTP-el hari Sabtu buka pukul 08.00-12.00 WIB"
    page.fill("#f-running_text", text)
    page.click("#site-form button[type=submit]")
    page.wait_for_selector("#site-form .form-status.saved")
    assert api(server, "GET", "/admin/site")["running_text"] == text
    display.wait_for_function(f"document.getElementById('ticker').textContent === {text!r}",
                              timeout=5000)
    assert display.evaluate("window.__sameTv") is True

    page.goto(f"{server.url}/admin/audit")
    ready(page)
    change = page.locator('#audit tr[data-type="site.updated"]').first
    change.wait_for()
    field = change.locator('.diff li[data-field="running_text"]')
    assert field.locator(".before").inner_text() == (before or "—")
    assert field.locator(".after").inner_text() == text
    assert change.locator(".diff li").count() == 1  # only what changed
    assert "it-mpp" in change.locator(".actor").inner_text()
    assert "Situs diubah" in change.locator(".type").inner_text()


def test_an_admin_empties_the_public_address_and_new_tickets_link_to_the_detected_one(
        new_page, server):
    api(server, "PUT", "/admin/site", {**api(server, "GET", "/admin/site"),
                                       "public_url": "http://hall.example:8080"})
    page = sign_in(new_page, server, "it-mpp", "/admin/site")
    ready(page)
    assert page.input_value("#f-public_url") == "http://hall.example:8080"
    page.fill("#f-public_url", "")  # no longer required: empty means "the detected one"
    page.click("#site-form button[type=submit]")
    page.wait_for_selector("#site-form .form-status.saved")
    assert api(server, "GET", "/admin/site")["public_url"] == ""
    ticket = api(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")["ticket"]
    assert ticket["track_url"].startswith(f"{server.url}/t/")  # the test server's 127.0.0.1


def test_an_admin_makes_a_display_zone_and_a_bad_code_is_refused_at_the_field(new_page,
                                                                            server):
    page = sign_in(new_page, server, "it-mpp", "/admin/site")
    ready(page)
    page.wait_for_selector('#zone-list tr[data-key="zona-a"]')
    page.click("#zone-new")
    page.fill("#zone-id", "Lantai 2!")
    page.fill("#zone-name", "Lantai 2 — Perizinan")
    page.check('#zone-form input[name=agencies][value="dpmptsp"]')
    page.check('#zone-form input[name=counters][value="loket-15"]')
    page.click("#zone-form button[type=submit]")
    page.wait_for_selector('#zone-form [data-field="id"].invalid .field-error:visible')
    assert "lantai-2" not in [z["id"] for z in api(server, "GET", "/admin/zones")["zones"]]

    page.fill("#zone-id", "lantai-2")
    page.click("#zone-form button[type=submit]")
    page.wait_for_selector('#zone-list tr[data-key="lantai-2"]')
    assert page.locator("#zone-editor").is_hidden()
    zone = next(z for z in api(server, "GET", "/admin/zones")["zones"] if z["id"] == "lantai-2")
    assert (zone["name"], zone["agencies"], zone["counters"]) == \
        ("Lantai 2 — Perizinan", ["dpmptsp"], ["loket-15"])


def test_audit_filters_narrow_the_log_by_type_actor_and_day(new_page, server):
    for _ in range(3):
        api(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")
    api(server, "PUT", "/admin/site", {**api(server, "GET", "/admin/site"),
                                       "ticket_footer": "Terima kasih"})
    page = sign_in(new_page, server, "it-mpp", "/admin/audit")
    ready(page)
    page.wait_for_selector('#audit tr[data-type="issued"]')
    types = set(page.locator("#audit tbody tr").evaluate_all("r => r.map(e => e.dataset.type)"))
    assert {"issued", "site.updated", "signed_in"} <= types

    page.select_option("#audit-type", "issued")
    page.click("#audit-apply")
    loaded(page)
    types = page.locator("#audit tbody tr").evaluate_all("r => r.map(e => e.dataset.type)")
    assert types == ["issued"] * 3
    assert "type=issued" in page.url

    page.click("#audit-reset")
    page.fill("#audit-actor", "it-mpp")
    page.click("#audit-apply")
    loaded(page)
    actors = page.locator("#audit tbody tr .actor button").all_inner_texts()
    assert actors and set(actors) == {"it-mpp"}

    yesterday = hall_today() - timedelta(days=1)
    page.fill("#audit-from", yesterday.isoformat())
    page.fill("#audit-to", yesterday.isoformat())
    page.click("#audit-apply")
    loaded(page)
    assert page.locator("#audit-empty").is_visible()
    assert page.locator("#audit tbody tr").count() == 0


def test_after_a_restore_the_admins_audit_says_when_the_history_was_replaced(
        new_page, server, tmp_path):
    for _ in range(3):
        api(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")
    server.cli("backup", "--to", str(tmp_path / "usb"))
    [backup] = (tmp_path / "usb").glob("loket-*.sqlite3")
    api(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")  # on paper only
    server.stop()
    server.cli("restore", str(backup))
    server.start()

    page = sign_in(new_page, server, "it-mpp", "/admin/audit?type=database_restored")
    ready(page)
    loaded(page)
    row = page.locator('#audit tr[data-type="database_restored"]')
    assert row.count() == 1
    assert "Data dipulihkan dari cadangan" in row.inner_text()
    assert row.locator(".actor").inner_text().strip() == "cli"
    detail = row.locator(".detail").inner_text()
    assert backup.name in detail and "3 tiket" in detail
    # ktp-el went on 200 past the ticket issued after the backup; 3 sequences are listed
    assert re.search(r"· A005 → A205 · B001 → B201 · C001 → C201 · dan \d+ "
                     r"lainnya ·", detail)
    assert "database lama disimpan sebagai loket-before-restore-" in detail
    assert page.locator("#audit-type option[value=database_restored]").count() == 1
    shoot(page, "admin-audit-restored")


# ------------------------------------------------------------------ who may open what


def test_a_supervisor_gets_the_403_page_for_schedule_site_and_export_but_reads_the_audit(
        new_page, server):
    api(server, "POST", "/tickets", {"service_id": "ktp-el"}, who="kiosk")  # Dukcapil
    api(server, "POST", "/tickets", {"service_id": "skck"}, who="kiosk")  # Polres
    page = sign_in(new_page, server, "kabid-dukcapil", "/admin/audit")
    ready(page)
    assert page.locator(".audit-scope").is_visible()
    codes = page.locator("#audit tbody tr .what strong").all_inner_texts()
    assert codes == ["A001"]  # the API scopes it: not Polres's ticket, not the sign-ins
    shoot(page, "admin-audit-supervisor-1366x768")
    for path in ("/admin/schedule", "/admin/site", "/admin/export"):
        response = page.goto(f"{server.url}{path}")
        assert response.status == 403, path
        assert "Tidak berwenang" in page.inner_text("h1")


def test_nobody_signed_in_is_sent_to_the_sign_in_page(new_page, server):
    page = new_page(*LAPTOP)
    for path in ("/admin/schedule", "/admin/site", "/admin/audit", "/admin/export"):
        page.goto(f"{server.url}{path}")
        assert "/login" in page.url, path


def test_the_export_link_downloads_the_settings_as_toml(new_page, server):
    page = sign_in(new_page, server, "it-mpp", "/admin/export")
    ready(page)
    with page.expect_download() as download:
        page.click("#export-download")
    file = download.value
    assert file.suggested_filename.endswith(".toml")  # the server names it by the day
    settings = tomllib.loads(file.path().read_text(encoding="utf-8"))
    assert settings["site"]["name"] == api(server, "GET", "/admin/site")["name"]
    assert any(a["id"] == "dukcapil" for a in settings["agencies"])


# ------------------------------------------------------------------ screenshots

# the national holidays and cuti bersama of a year (SKB 3 Menteri style), month-day and name
YEAR_OF_HOLIDAYS = (
    ("01-01", "Tahun Baru Masehi"), ("01-16", "Isra Mikraj Nabi Muhammad SAW"),
    ("02-16", "Cuti bersama Tahun Baru Imlek"), ("02-17", "Tahun Baru Imlek 2577 Kongzili"),
    ("03-18", "Cuti bersama Hari Suci Nyepi"), ("03-19", "Hari Suci Nyepi Tahun Baru Saka 1948"),
    ("03-20", "Cuti bersama Idulfitri 1447 H"), ("03-21", "Hari Raya Idulfitri 1447 H"),
    ("03-22", "Hari Raya Idulfitri 1447 H (hari kedua)"),
    ("03-23", "Cuti bersama Idulfitri 1447 H"), ("03-24", "Cuti bersama Idulfitri 1447 H"),
    ("04-03", "Wafat Yesus Kristus"), ("04-05", "Kebangkitan Yesus Kristus (Paskah)"),
    ("05-01", "Hari Buruh Internasional"), ("05-14", "Kenaikan Yesus Kristus"),
    ("05-15", "Cuti bersama Kenaikan Yesus Kristus"), ("05-27", "Hari Raya Iduladha 1447 H"),
    ("05-31", "Hari Raya Waisak 2570 BE"), ("06-01", "Hari Lahir Pancasila"),
    ("06-16", "Tahun Baru Islam 1448 H"), ("08-17", "Hari Proklamasi Kemerdekaan RI"),
    ("08-25", "Maulid Nabi Muhammad SAW"), ("12-24", "Cuti bersama Hari Raya Natal"),
    ("12-25", "Hari Raya Natal"),
)
HOURS = {"monday": "08:00-15:30", "tuesday": "08:00-15:30", "wednesday": "08:00-15:30",
         "thursday": "08:00-15:30", "friday": "08:00-11:30, 13:30-16:00",
         "saturday": "08:00-12:00", "sunday": "closed"}
SERVICES = ("ktp-el", "kartu-keluarga", "akta-capil", "pkb-tahunan", "bbn-mutasi", "skck",
            "jkn-peserta", "npwp-coretax", "nib-oss", "sertifikat", "teller", "haji-umrah")
COUNTERS = ("loket-1", "loket-2", "loket-3", "loket-4", "loket-6", "loket-8", "loket-15",
            "loket-11", "loket-9", "loket-16", "loket-18", "loket-20", "loket-22")


def next_year_of_holidays(today: date) -> list[dict]:
    """Each holiday on its next date from today on: the coming twelve months."""
    out = []
    for month_day, name in YEAR_OF_HOLIDAYS:
        day = date.fromisoformat(f"{today.year}-{month_day}")
        if day < today:
            day = day.replace(year=today.year + 1)
        out.append({"date": day.isoformat(), "name": name})
    return sorted(out, key=lambda h: h["date"])


def busy_day(server) -> None:
    """A morning of the hall through the API: 130 tickets, 60 calls (each finishing the
    counter's previous citizen), admin edits of the site, the schedule and a zone."""
    for n in range(130):
        api(server, "POST", "/tickets", {"service_id": SERVICES[n % len(SERVICES)]},
            who="kiosk")
    for n in range(60):
        api(server, "POST", f"/counters/{COUNTERS[n % len(COUNTERS)]}/call-next")
    site = api(server, "GET", "/admin/site")
    api(server, "PUT", "/admin/site", {
        **site, "running_text": "Selamat datang di Mal Pelayanan Publik. Ambil nomor antrian "
        "di kios, siapkan dokumen asli dan fotokopinya. Layanan SKCK hari Sabtu tutup.",
        "running_text_en": "Welcome to the public service hall. Take a number at the kiosk "
        "and have your original documents and copies ready.",
        "ticket_footer": "Simpan tiket ini. Pantau antrian lewat kode QR."})
    api(server, "PUT", "/admin/schedule", {"hours": HOURS,
                                           "holidays": next_year_of_holidays(hall_today())})
    api(server, "POST", "/admin/zones", {"id": "lantai-2", "name": "Lantai 2 — Perizinan",
                                         "agencies": ["dpmptsp", "pertanahan"],
                                         "counters": ["loket-15"]})


def test_screenshots_of_the_hall_pages_with_a_year_of_holidays_and_200_events(new_page,
                                                                               server):
    busy_day(server)
    for width, height in (LAPTOP, WIDE):
        size = f"{width}x{height}"
        page = sign_in(new_page, server, "it-mpp", "/admin/schedule", (width, height))
        ready(page)
        assert page.locator("#holidays tbody tr").count() == len(YEAR_OF_HOLIDAYS)
        assert page.locator("#next-closed li").count() == 10
        page.fill("#paste", "2027-03-10 Hari Raya Idulfitri 1448 H\n2027-02-30 Salah tanggal"
                            "\n2027-03-11\n2027-05-06 Kenaikan Yesus Kristus")
        page.click("#parse")
        page.wait_for_selector("#paste-problems")
        shoot(page, f"admin-schedule-paste-{size}")
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, f"admin-schedule-{size}")

        page.goto(f"{server.url}/admin/site")
        ready(page)
        page.wait_for_selector('#zone-list tr[data-key="lantai-2"]')
        shoot(page, f"admin-site-{size}")
        page.click('#zone-list tr[data-key="zona-a"] a')
        page.wait_for_selector("#zone-form")
        shoot(page, f"admin-site-zone-{size}")

        page.goto(f"{server.url}/admin/audit")
        ready(page)
        assert page.locator("#audit tbody tr").count() == 50
        page.click("#audit-more")
        page.wait_for_function("document.querySelectorAll('#audit tbody tr').length === 100")
        ids = page.locator("#audit tbody tr").evaluate_all("r => r.map(e => +e.dataset.id)")
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == 100
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, f"admin-audit-{size}")
        page.select_option("#audit-type", "site.updated")
        page.click("#audit-apply")
        loaded(page)
        shoot(page, f"admin-audit-changes-{size}")

        page.goto(f"{server.url}/admin/export")
        ready(page)
        shoot(page, f"admin-export-{size}")
        page.click("#export-preview summary")
        page.wait_for_function("document.getElementById('export-text').textContent"
                               ".includes('[site]')")
        shoot(page, f"admin-export-preview-{size}")
        page.click("#admin-lang")  # English, kept in this browser
        page.goto(f"{server.url}/admin/schedule")
        ready(page)
        assert page.inner_text("#page-title") == "Schedule"
        shoot(page, f"admin-schedule-en-{size}")
        page.click("#admin-lang")
