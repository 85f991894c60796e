"""The /admin officers & staff pages in real Chromium, against `queue-server serve`: a reset
password is shown once and works once (then must be replaced), a deactivated officer's open
console loses its session at once, a supervisor manages only their agency's officers and
counters; screenshots with a hall's worth of accounts."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import shoot
from tests.browser.test_admin_catalogue import (
    API,
    DESKTOP,
    LAPTOP,
    PEOPLE,
    admin_page,
    api,
    sign_in,
    start_hall,
)

OFFICER_PASSWORD = "rahasia-rina-123"


@pytest.fixture
def server(live_server_factory, tmp_path):
    """An admin and a Dukcapil supervisor who sign in through the form."""
    return start_hall(live_server_factory, tmp_path)


def make_officer(server, name: str, counters: list[str], display: str | None = None) -> str:
    """An officer made through the API; its one-time password."""
    made = api(server, "POST", "/admin/users", {"name": name, "display_name": display,
                                                "role": "officer", "counters": counters})
    return made["password"]


def change_password(page, current: str, new: str) -> None:
    page.wait_for_url("**/account/password**")
    page.fill("input[name=current]", current)
    page.fill("input[name=new]", new)
    page.fill("input[name=repeat]", new)
    page.click("main button[type=submit]")


def test_reset_password_is_shown_once_and_must_be_replaced_at_sign_in(new_page, server):
    make_officer(server, "rina", ["loket-1"], "Rina Marlina")
    page = admin_page(new_page, server)
    page.goto(f"{server.url}/admin/people/rina")
    page.wait_for_selector("#person-side:not([hidden])")
    page.click("#person-reset")
    page.locator("dialog.admin-dlg [data-confirm]").click()
    dialog = page.locator("#password-dialog")
    expect(dialog).to_be_visible(timeout=10000)
    expect(dialog).to_contain_text("Kata sandi ini hanya ditampilkan sekali")
    password = page.inner_text("#one-time-password").strip()
    dialog.locator("button.primary").click()
    expect(dialog).to_have_count(0)
    assert password not in page.content()

    officer = sign_in(new_page, server, "rina", password, path="/counter")
    change_password(officer, password, OFFICER_PASSWORD)
    officer.wait_for_url("**/counter")


def test_deactivating_an_officer_ends_their_open_console_at_once(new_page, server):
    password = make_officer(server, "budi", ["loket-2"], "Budi Santoso")
    officer = sign_in(new_page, server, "budi", password, path="/counter")
    change_password(officer, password, "rahasia-budi-123")
    officer.wait_for_url("**/counter")
    status = "async () => (await fetch('/api/v1/counters')).status"
    assert officer.evaluate(status) == 200

    page = admin_page(new_page, server)
    page.goto(f"{server.url}/admin/people")
    row = page.locator('tr[data-key="budi"]')
    row.locator("button", has_text="Nonaktifkan").click()
    page.locator("dialog.admin-dlg [data-confirm]").click()
    expect(page.locator('tr[data-key="budi"]')).to_have_class(re.compile("inactive"))
    assert officer.evaluate(status) == 401
    page.locator('tr[data-key="budi"] button', has_text="Aktifkan lagi").click()
    expect(page.locator('tr[data-key="budi"]')).not_to_have_class(re.compile("inactive"))


def test_a_supervisor_manages_only_their_agencys_officers_and_counters(new_page, server):
    make_officer(server, "rina", ["loket-1"], "Rina Marlina")
    make_officer(server, "dodi", ["loket-6"], "Dodi Samsat")
    page = sign_in(new_page, server, "sari", PEOPLE["sari"][0])
    page.wait_for_url("**/admin/services")
    page.goto(f"{server.url}/admin/people")
    expect(page.locator('tr[data-key="rina"]')).to_have_count(1)
    expect(page.locator('tr[data-key="dodi"]')).to_have_count(0)
    expect(page.locator('tr[data-key="it-admin"]')).to_have_count(0)

    page.goto(f"{server.url}/admin/people/new")
    page.wait_for_selector("#person-form:not([hidden])")
    roles = page.locator("#f-role option").evaluate_all("os => os.map((o) => o.value)")
    assert roles == ["officer"]
    counters = page.locator('[data-field="counters"] input').evaluate_all(
        "xs => xs.map((x) => x.value)")
    assert "loket-1" in counters and "loket-6" not in counters  # Samsat's counter

    page.goto(f"{server.url}/admin/people/dodi")
    expect(page.locator("#admin-notice")).to_contain_text("Tidak ditemukan")


# ------------------------------------------------------------------ screenshots

NAMES = ["Rina Marlina", "Budi Santoso", "Dewi Anggraini", "Siti Nurhaliza Putri Ramadhani",
         "Agus Salim", "Yuliana Kartika Sari", "Hendra Gunawan", "Fitri Handayani",
         "Teguh Prasetyo", "Maya Sari Dewi"]


@pytest.mark.parametrize("size", [LAPTOP, DESKTOP], ids=["1366x768", "1920x1080"])
def test_screenshots_of_the_people_pages(new_page, server, size):
    counters = [c["id"] for c in api(server, "GET", "/admin/counters")["counters"]]
    for i in range(24):
        name = NAMES[i % len(NAMES)]
        make_officer(server, f"petugas{i + 1}", [counters[i % len(counters)],
                                                 counters[(i + 3) % len(counters)]],
                     f"{name} {i + 1}" if i >= len(NAMES) else name)
    api(server, "POST", "/admin/users", {"name": "kabid-samsat", "role": "supervisor",
                                         "display_name": "Kepala Bidang Samsat",
                                         "agencies": ["samsat", "pajak"]})
    api(server, "PATCH", "/admin/users/petugas4", {"active": False})
    page = admin_page(new_page, server, size)
    for name, path in (("people", "/admin/people"), ("person-form", "/admin/people/petugas1"),
                       ("person-new", "/admin/people/new")):
        page.goto(f"{server.url}{path}")
        page.wait_for_selector("body.ready")
        shoot(page, f"admin-{name}-{size[0]}x{size[1]}")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= size[0], name
    page.goto(f"{server.url}/admin/people/petugas1")
    page.wait_for_selector("#person-side:not([hidden])")
    page.click("#person-reset")
    page.locator("dialog.admin-dlg [data-confirm]").click()
    page.wait_for_selector("#password-dialog")
    shoot(page, f"admin-person-password-{size[0]}x{size[1]}")
    page.locator("#password-dialog button.primary").click()
    assert requests.get(f"{server.url}{API}/health", timeout=5).ok
    assert page.errors == []
