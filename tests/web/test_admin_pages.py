"""The /admin shell: who may open which admin page, and the navigation each person sees
(admins everything, supervisors their agencies' pages only, officers and devices nothing)."""

from __future__ import annotations

import pytest

from queue_server.services import accounts
from tests.conftest import bearer
from tests.web.test_sign_in import sign_in

PASSWORDS = {"kepala": "rahasia-kepala-1", "sari": "rahasia-sari-123",
             "rina": "rahasia-rina-123"}


@pytest.fixture
def people(app) -> None:
    hall = app.extensions["loket"].hall
    accounts.create_user(hall, "kepala", "admin", PASSWORDS["kepala"])
    accounts.create_user(hall, "sari", "supervisor", PASSWORDS["sari"], agencies=["dukcapil"])
    accounts.create_user(hall, "rina", "officer", PASSWORDS["rina"], counters=["loket-1"])


def signed_in(client, name: str):
    sign_in(client, name, PASSWORDS[name])
    return client


def nav_of(html: str) -> list[str]:
    import re

    return re.findall(r'data-nav="([a-z]+)"', html)


def test_admin_lands_on_agencies_and_sees_every_page_of_the_nav(client, people):
    signed_in(client, "kepala")
    r = client.get("/admin")
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/agencies")
    page = client.get("/admin/agencies").get_data(as_text=True)
    assert nav_of(page) == ["agencies", "services", "counters", "people", "schedule", "site",
                            "devices", "status", "audit", "supervisor", "reports", "skm",
                            "complaints", "bookings", "export"]
    assert 'href="/admin/export"' in page  # the page that explains the file, then downloads
    assert "kepala" in page and 'name="csrf-token"' in page


def test_supervisor_lands_on_services_and_sees_only_their_agency_pages(client, people):
    signed_in(client, "sari")
    r = client.get("/admin/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/services")
    page = client.get("/admin/services").get_data(as_text=True)
    assert nav_of(page) == ["services", "counters", "people", "audit", "supervisor", "reports",
                            "skm", "complaints", "bookings"]
    for path in ("/admin/agencies", "/admin/agencies/new", "/admin/agencies/dukcapil"):
        assert client.get(path).status_code == 403, path


def test_supervisor_gets_not_found_for_another_agencys_service_or_counter(client, people):
    signed_in(client, "sari")
    assert client.get("/admin/services/ktp-el").status_code == 200
    assert client.get("/admin/services/pkb-tahunan").status_code == 404
    assert client.get("/admin/counters/loket-1").status_code == 200
    assert client.get("/admin/counters/loket-6").status_code == 404


@pytest.mark.parametrize("path", ["/admin", "/admin/agencies", "/admin/services/new",
                                  "/admin/counters", "/admin/people"])
def test_nobody_signed_in_is_sent_to_the_sign_in_page(client, path):
    r = client.get(path)
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/admin", "/admin/services", "/admin/people"])
def test_officers_and_devices_get_the_forbidden_page(client, people, tokens, path):
    assert client.get(path, headers=bearer(tokens["kiosk"])).status_code == 403
    signed_in(client, "rina")
    r = client.get(path)
    assert r.status_code == 403 and "Tidak berwenang" in r.get_data(as_text=True)
