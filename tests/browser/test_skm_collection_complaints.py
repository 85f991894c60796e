"""The complaint form beside the SKM form, in real Chromium against `queue-server serve`:
on the phone page (linked to the ticket's service) and on the survey tablet after a rating
(linked to that ticket), where a citizen finished meanwhile waits until it is closed."""

from __future__ import annotations

import pytest
import requests

from tests.browser.test_skm_collection import (
    API,
    PHONE,
    TABLET,
    answer_elements,
    hall_with_tablet,
    post,
    shoot,
)


@pytest.fixture
def server(live_server_factory, tmp_path):
    return hall_with_tablet(live_server_factory, tmp_path)


def complaints_of(server) -> list[dict]:
    r = requests.get(f"{server.url}{API}/complaints", timeout=10,
                     headers={"Authorization": f"Bearer {server.tokens['admin']}"})
    assert r.status_code == 200, r.text
    return r.json()["complaints"]


def file_complaint(page, text: str) -> str:
    page.click(".cf-choice[data-category='facilities']")
    page.fill("#cf-text", text)
    page.click("#cf-send")
    page.wait_for_selector("#cf-code", timeout=10000)
    return page.inner_text("#cf-code")


def test_the_phone_page_files_a_complaint_about_this_visit(new_page, server):
    ticket = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    phone = new_page(*PHONE, is_mobile=True, has_touch=True)
    phone.goto(ticket["track_url"])
    phone.click("#complaint-open")
    phone.wait_for_selector(".cf-form", timeout=5000)
    shoot(phone, "phone-complaint")
    code = file_complaint(phone, "Kipas angin ruang tunggu mati sejak pagi.")
    [filed] = [c for c in complaints_of(server) if c["code"] == code]
    assert filed["service_id"] == "ktp-el"  # linked to the ticket's service
    assert filed["text"] == "Kipas angin ruang tunggu mati sejak pagi."


def test_after_rating_on_the_tablet_a_citizen_may_also_file_a_complaint(new_page, server):
    tablet = new_page(*TABLET, has_touch=True)
    tablet.goto(f"{server.url}/survey?device_token={server.tokens['tablet']}")
    tablet.wait_for_function("document.body.dataset.mode === 'idle' && "
                             "document.body.dataset.live === '1'", timeout=15000)
    ticket = post(server, "/tickets", "kiosk", {"service_id": "ikd-kia"})["ticket"]
    post(server, "/counters/loket-1/call-next")
    post(server, f"/tickets/{ticket['id']}/finish")
    tablet.wait_for_function("document.body.dataset.mode === 'form'", timeout=5000)
    answer_elements(tablet)
    for _ in range(4):
        tablet.click(".skm-nav button:has-text('Lewati')")
    tablet.click(".skm-nav button:has-text('Berikutnya')")
    tablet.click("#skm-send")
    tablet.wait_for_function("document.body.dataset.mode === 'thanks'", timeout=10000)
    tablet.click("#complaint-after")
    tablet.wait_for_function("document.body.dataset.mode === 'complaint'", timeout=5000)
    # the next citizen finished meanwhile waits until this one closes the complaint form
    other = post(server, "/tickets", "kiosk", {"service_id": "ktp-el"})["ticket"]
    post(server, "/counters/loket-1/call-next")
    post(server, f"/tickets/{other['id']}/finish")
    code = file_complaint(tablet, "Nomor antrian di layar terlalu kecil.")
    shoot(tablet, "tablet-complaint-filed")
    assert tablet.get_attribute("body", "data-mode") == "complaint"
    [filed] = [c for c in complaints_of(server) if c["code"] == code]
    assert filed["service_id"] == "ikd-kia" and filed["channel"] == "survey"
    tablet.click("#cf-status-link")  # a shared tablet never leaves its page
    assert tablet.url.endswith("/survey") and tablet.is_visible("#cf-code")
    tablet.click("#complaint-close")
    tablet.wait_for_function(f"document.body.dataset.mode === 'form' && "
                             f"document.body.dataset.ticket === {other['code']!r}",
                             timeout=5000)
