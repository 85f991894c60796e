"""/skm, /skm/print and /skm/public, and the TV's SKM switch: who may open which page
(admins and supervisors the staff pages, officers and devices the 403 page, nobody the
sign-in; the public page everyone), what each page is handed (the supervisor's own
services, the printed period), and that the public page and the TV carry no names."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from queue_server.settings import SkmSettings
from tests.conftest import bearer
from tests.web.test_admin_pages import nav_of, people, signed_in  # noqa: F401  (fixture)


def page_data(html: str, element: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html,
                      re.S)
    assert found, element
    return json.loads(found.group(1))


def test_nobody_signed_in_goes_to_the_sign_in_page(client):
    for path in ("/skm", "/skm/print"):
        r = client.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"], path


def test_an_officer_or_a_device_gets_the_403_page(client, people, tokens):  # noqa: F811
    signed_in(client, "rina")
    for path in ("/skm", "/skm/print?from=2026-01-01&to=2026-06-30"):
        assert client.get(path).status_code == 403, path
    client.post("/logout")
    for kind in ("kiosk", "display"):
        assert client.get("/skm", headers=bearer(tokens[kind])).status_code == 403, kind


def test_a_supervisor_sees_skm_in_the_nav_and_filters_by_their_services_only(client, people):  # noqa: F811
    signed_in(client, "sari")
    html = client.get("/skm").get_data(as_text=True)
    assert "skm" in nav_of(html) and 'aria-current="page"' in html
    assert 'src="/vendor/chart.umd.min.js' in html and 'id="skm-followups"' in html
    data = page_data(html, "rep-data")
    assert data["services"] and {s["agency_id"] for s in data["services"]} == {"dukcapil"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["today"])
    shell = page_data(html, "admin-data")
    assert [a["id"] for a in shell["agencies"]] == ["dukcapil"]


def test_an_admin_sees_every_agencys_services(client, people):  # noqa: F811
    signed_in(client, "kepala")
    html = client.get("/skm").get_data(as_text=True)
    assert len({s["agency_id"] for s in page_data(html, "rep-data")["services"]}) > 1
    assert "semester" in html  # the half-year presets of the shared period picker


def test_the_follow_up_section_is_mounted_only_when_its_module_is_installed(
        client, people, tmp_path, monkeypatch):  # noqa: F811
    from queue_server.web import skm_pages

    assert skm_pages.FOLLOWUPS_MODULE.is_file()  # the follow-up part is installed here
    signed_in(client, "kepala")
    html = client.get("/skm").get_data(as_text=True)
    assert page_data(html, "rep-data")["followups"] is True
    assert re.search(r'<section[^>]*id="skm-followups"(?![^>]*hidden)[^>]*>', html)
    monkeypatch.setattr(skm_pages, "FOLLOWUPS_MODULE", tmp_path / "followups.js")
    html = client.get("/skm").get_data(as_text=True)
    assert page_data(html, "rep-data")["followups"] is False
    assert re.search(r'<section[^>]*id="skm-followups"[^>]*hidden', html)


def test_the_printed_report_covers_the_asked_days_or_else_the_half_year_so_far(client, people):  # noqa: F811
    signed_in(client, "sari")
    html = client.get("/skm/print?from=2026-01-01&to=2026-06-30&agency_id=dukcapil"
                      ).get_data(as_text=True)
    data = page_data(html, "prt-data")
    assert (data["from"], data["to"], data["agency_id"]) == ("2026-01-01", "2026-06-30", "dukcapil")
    assert [a["id"] for a in data["agencies"]] == ["dukcapil"]
    assert "Kepala Mal Pelayanan Publik" in html and 'value="Lebong"' in html
    today = data["today"]
    half = "01" if int(today[5:7]) <= 6 else "07"
    for bad in ("from=2026-13-01", "from=nope", "from=2026-06-30&to=2026-01-01",
                "from=2024-01-01&to=2026-06-30", ""):
        data = page_data(client.get(f"/skm/print?{bad}").get_data(as_text=True), "prt-data")
        assert (data["from"], data["to"]) == (f"{today[:4]}-{half}-01", today), bad


def test_the_public_page_opens_for_anyone_without_staff_names(client, people):  # noqa: F811
    r = client.get("/skm/public")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Indeks Kepuasan Masyarakat" in html and "/static/js/skm/public.js" in html
    for name in ("kepala", "sari", "rina", "csrf-token", "admin-data"):
        assert name not in html, name


def test_the_tv_shows_the_skm_slide_only_when_the_hall_turns_it_on(settings, make_app):
    off = make_app(settings).test_client().get("/display").get_data(as_text=True)
    assert 'data-skm-slide="off"' in off
    on_settings = replace(settings, skm=SkmSettings(show_on_tv=True))
    on = make_app(on_settings).test_client().get("/display").get_data(as_text=True)
    assert 'data-skm-slide="on"' in on


@pytest.fixture
def make_app(tmp_path, clock):
    from queue_server.web.app import create_app

    apps = []

    def make(settings):
        settings = replace(settings, server=replace(settings.server, async_mode="threading"))
        app = create_app(settings, data_dir=tmp_path / f"data{len(apps)}", clock=clock,
                         testing=True)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["loket"].hall.store.close()
