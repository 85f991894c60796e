"""The pengaduan pages: the staff list for admins and supervisors only; the citizen's form
and status pages for anyone, in Indonesian or English, with the SP4N-LAPOR note."""

from __future__ import annotations

from tests.conftest import bearer
from tests.web.test_admin_pages import PASSWORDS, people, signed_in  # noqa: F401  (fixture)

LAPOR = "SP4N-LAPOR! di lapor.go.id"


def test_nobody_signed_in_goes_to_the_sign_in_page(client):
    r = client.get("/complaints")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_an_officer_or_a_device_gets_the_403_page(client, people, tokens):  # noqa: F811
    signed_in(client, "rina")
    assert client.get("/complaints").status_code == 403
    client.post("/logout")
    assert client.get("/complaints", headers=bearer(tokens["kiosk"])).status_code == 403


def test_a_supervisor_opens_the_list_with_its_module(client, people):  # noqa: F811
    signed_in(client, "sari")
    html = client.get("/complaints").get_data(as_text=True)
    assert 'id="cl-list"' in html and "/static/js/complaints/list.js" in html


def test_the_citizens_form_page_needs_no_sign_in_and_carries_the_ticket(client):
    html = client.get("/complaints/new?ticket=abc123").get_data(as_text=True)
    assert 'data-ticket="abc123"' in html and "/static/js/complaints/new.js" in html
    english = client.get("/complaints/new?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "See its status" in english


def test_the_status_page_needs_no_sign_in_and_mentions_sp4n_lapor(client):
    html = client.get("/complaints/status?code=ABCD2345").get_data(as_text=True)
    assert 'value="ABCD2345"' in html and LAPOR in html
    assert "/static/js/complaints/status.js" in html


def test_the_pages_static_modules_and_styles_are_served(client):
    for path in ("/static/js/complaint_form.js", "/static/js/complaint_form_texts.js",
                 "/static/css/complaint_form.css", "/static/css/complaints.css",
                 "/static/js/complaints/list.js", "/static/js/skm/followups.js"):
        assert client.get(path).status_code == 200, path
