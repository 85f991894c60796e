"""Pengaduan and the SKM follow-up in real Chromium against `queue-server serve`: a citizen
files a complaint about their ticket on a phone (390×844) and gets a code and a deadline; a
Dukcapil supervisor sees it on /complaints with the contact, takes it up and answers it; the
citizen reads the answer with the code (no staff name on the page). The follow-up section is
mounted in an admin page as /skm mounts it: an action is planned, marked done, and the
figures change. Screenshots in /tmp/shots (complaint-*.png, followups.png)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests

from tests.conftest import always_open_config, provision

API = "/api/v1"
PASSWORD = "rahasia-super-123"
SHOTS = Path("/tmp/shots")
TEXT = "Antrean KTP-el sangat lama dan tidak ada petugas di loket 2 selama satu jam."
ANSWER = "Mohon maaf. Mulai pekan ini loket 2 dijaga bergantian sehingga selalu terbuka."


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


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, server, path: str) -> None:
    page.goto(f"{server.url}{path}")
    page.fill("input[name=name]", "kabid-dukcapil")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")


def test_a_citizen_complains_staff_answer_and_the_citizen_reads_it(new_page, server):
    ticket = requests.post(f"{server.url}{API}/tickets", json={"service_id": "ktp-el"},
                           headers={"Authorization": f"Bearer {server.tokens['kiosk']}"},
                           timeout=10).json()["ticket"]
    token = ticket["track_url"].rsplit("/", 1)[1]

    phone = new_page(390, 844)
    phone.goto(f"{server.url}/complaints/new?ticket={token}")
    phone.locator(".cf-choice").first.wait_for()
    assert "SP4N-LAPOR! di lapor.go.id" in phone.locator(".cf-lapor").inner_text()
    phone.click("#cp-lang")  # the form in English, without a reload, and back
    assert phone.locator(".cf-title").inner_text() == "Send a complaint or suggestion"
    assert "lapor.go.id" in phone.locator(".cf-lapor").inner_text()
    phone.click("#cp-lang")
    assert phone.locator(".cf-title").inner_text() == "Sampaikan pengaduan atau saran"
    phone.click("#cf-send")  # nothing chosen yet: said at the fields, nothing sent
    assert phone.locator('[data-error-for="category"]').is_visible()
    phone.click('.cf-choice[data-category="officer_service"]')
    phone.fill("#cf-text", TEXT)
    phone.fill("#cf-contact", "bukan kontak")
    phone.click("#cf-send")
    phone.locator('[data-error-for="contact"]').wait_for()  # the server's word, at its field
    phone.fill("#cf-contact", "0812 3456 7890")
    shot(phone, "complaint-form")
    phone.click("#cf-send")
    code = phone.locator("#cf-code").inner_text()
    assert len(code) == 8 and not set(code) & set("0O1IL")
    assert "Jawaban paling lambat" in phone.locator("#cf-due").inner_text()
    # the live server's hall is open every day, yet a weekend is never a working day
    due = requests.get(f"{server.url}{API}/complaints/{code}", timeout=10).json()[
        "complaint"]["due_date"]
    assert date.fromisoformat(due).weekday() < 5 and date.fromisoformat(due) > date.today()
    shot(phone, "complaint-filed")

    # an older general complaint (no agency: every supervisor's) whose deadline has passed
    late = requests.post(f"{server.url}{API}/complaints", json={
        "category": "facilities", "text": "Kursi ruang tunggu lantai dua banyak yang rusak."},
        timeout=10).json()["complaint"]["code"]
    with sqlite3.connect(server.data_dir / "loket.db") as db:
        db.execute("UPDATE complaints SET due_date = ? WHERE code = ?",
                   ((date.today() - timedelta(days=1)).isoformat(), late))

    staff = new_page(1366, 900)
    sign_in(staff, server, "/complaints")
    item = staff.locator(f'.cl-item[data-code="{code}"]')
    item.wait_for()
    overdue = staff.locator(f'.cl-item.overdue[data-code="{late}"]')
    assert "Terlambat" in overdue.inner_text() and "Umum (tanpa instansi)" in overdue.inner_text()
    assert staff.locator('[data-count="cl.nLate"] strong').inner_text() == "1"
    staff.check("#cl-overdue")
    assert staff.locator(".cl-item").count() == 1
    staff.uncheck("#cl-overdue")
    assert "0812 3456 7890".replace(" ", "") in item.inner_text()  # the contact, to staff
    assert ticket["code"] in item.inner_text() and "Pelayanan petugas" in item.inner_text()
    item.locator('button[data-action="take"]').click()
    item.locator(".cl-status.in_progress").wait_for()
    item.locator("textarea").fill("terlalu")  # too short: the API's sentence at the form
    item.locator('button[data-action="answer"]').click()
    item.locator(".field-error").wait_for()
    item.locator("textarea").fill(ANSWER)
    shot(staff, "complaint-staff")
    item.locator('button[data-action="answer"]').click()
    item.locator(".cl-answer").wait_for()
    assert "Dijawab oleh kabid-dukcapil" in item.inner_text()
    shot(staff, "complaint-answered")

    phone.click("#cf-status-link")
    phone.locator("#cp-answer").wait_for()
    assert phone.locator("#cp-status").inner_text() == "Sudah dijawab"
    assert ANSWER in phone.locator("#cp-answer").inner_text()
    body = phone.locator("body").inner_text()
    assert "kabid-dukcapil" not in body and "0812" not in body and "null" not in body
    phone.click("#cp-lang")  # English without a reload
    assert phone.locator("#cp-status").inner_text() == "Answered"
    shot(phone, "complaint-status")
    # the two refusals asked for above, and nothing else
    assert phone.errors == [f"400 {server.url}{API}/complaints"]  # type: ignore[attr-defined]
    assert [e.rsplit("/", 1)[0] for e in staff.errors] == [  # type: ignore[attr-defined]
        f"400 {server.url}{API}/complaints"]


def test_the_follow_up_section_plans_an_action_and_shows_the_figures(new_page, server):
    page = new_page(1366, 900)
    sign_in(page, server, "/complaints")
    today = date.today()
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    # mounted as /skm mounts it: a section of an admin page and the period of the filters
    page.evaluate("""async ([from, to]) => {
        const section = document.createElement("section");
        section.id = "skm-followups";
        section.innerHTML = "<h2>Rencana tindak lanjut</h2>";
        document.querySelector("main").append(section);
        const { mountFollowups } = await import("/static/js/skm/followups.js");
        await mountFollowups(section, { from, to, agency_id: "" });
    }""", [first.isoformat(), last.isoformat()])
    page.locator("#fu-none").wait_for()
    page.select_option("#fu-element", "U3")
    page.fill("#fu-action", "Tambah satu petugas KTP-el pada jam sibuk pagi")
    page.fill("#fu-owner", "Kepala Bidang Dukcapil")
    page.fill("#fu-due", (today + timedelta(days=14)).isoformat())
    page.click("#fu-save")
    row = page.locator("#fu-table tbody tr")
    row.wait_for()
    assert "Kepala Bidang Dukcapil" in row.inner_text()
    assert page.locator('[data-figure="followed_up_pct"] strong').inner_text() == "0,0%"
    page.fill("#fu-action", "abc")
    page.click("#fu-save")
    page.locator("#fu-error").wait_for()
    assert page.locator('.field.invalid[data-field="action"]').count() == 1
    row.locator("select").select_option("done")
    page.locator('[data-figure="followed_up_pct"] strong:text("100,0%")').wait_for()
    assert page.locator('[data-figure="mean_days"] strong').inner_text() == "0,0 hari"
    shot(page, "followups")
    # the refusal asked for; the unsur names come from the SKM questionnaire when it is
    # there (the section shows the codes alone otherwise)
    errors = [e for e in page.errors if "/skm/questionnaire" not in e]  # type: ignore[attr-defined]
    assert errors == [f"400 {server.url}{API}/skm/followups"]
