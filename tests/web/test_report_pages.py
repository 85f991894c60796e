"""/reports and /reports/print: who may open them (admins and supervisors; officers and
devices get the 403 page, nobody the sign-in), the month the printed report covers, and
Chart.js served from /vendor (never a CDN)."""

from __future__ import annotations

import json
import re

from tests.conftest import bearer
from tests.web.test_admin_pages import PASSWORDS, people, signed_in  # noqa: F401  (fixture)


def page_data(html: str, element: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html,
                      re.S)
    assert found, element
    return json.loads(found.group(1))


def test_nobody_signed_in_goes_to_the_sign_in_page(client):
    for path in ("/reports", "/reports/print"):
        r = client.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"], path


def test_an_officer_or_a_device_gets_the_403_page(client, people, tokens):  # noqa: F811
    signed_in(client, "rina")
    for path in ("/reports", "/reports/print?month=2026-11"):
        assert client.get(path).status_code == 403, path
    client.post("/logout")
    assert client.get("/reports", headers=bearer(tokens["kiosk"])).status_code == 403


def test_a_supervisor_filters_only_by_their_agencys_services(client, people):  # noqa: F811
    signed_in(client, "sari")
    html = client.get("/reports").get_data(as_text=True)
    assert 'data-nav="reports"' in html and 'src="/vendor/chart.umd.min.js' in html
    data = page_data(html, "rep-data")
    assert data["services"] and {s["agency_id"] for s in data["services"]} == {"dukcapil"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["today"])


def test_an_admin_sees_every_agencys_services(client, people):  # noqa: F811
    signed_in(client, "kepala")
    data = page_data(client.get("/reports").get_data(as_text=True), "rep-data")
    assert len({s["agency_id"] for s in data["services"]}) > 1


def test_the_printed_report_is_the_asked_month_or_else_the_last_one(client, people):  # noqa: F811
    signed_in(client, "sari")
    html = client.get("/reports/print?month=2026-10").get_data(as_text=True)
    assert page_data(html, "prt-data")["month"] == "2026-10"
    assert "Kepala Mal Pelayanan Publik" in html and 'value="Lebong"' in html
    today = page_data(html, "prt-data")["today"]
    year, month = int(today[:4]), int(today[5:7])
    last = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    for bad in ("2026-13", "nope", ""):
        html = client.get(f"/reports/print?month={bad}").get_data(as_text=True)
        assert page_data(html, "prt-data")["month"] == last, bad


def test_chart_js_is_served_from_the_vendor_route(client):
    r = client.get("/vendor/chart.umd.min.js")
    assert r.status_code == 200 and b"Chart" in r.data[:2000]
    assert client.get("/vendor/chart.js").status_code == 404  # an allow-list, not a folder
