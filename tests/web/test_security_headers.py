"""Security headers on every page of the url_map (walked, so a new page cannot forget them):
a strict Content-Security-Policy, nosniff, a same-origin referrer, no framing and no caching;
and pages that need no inline script or style for that policy to hold."""

from __future__ import annotations

import re

import pytest

from queue_server.services import accounts
from queue_server.web.security_headers import CONTENT_SECURITY_POLICY
from tests.conftest import bearer
from tests.web.test_sign_in import sign_in

API = "/api/v1"
NOT_PAGES = ("/api/", "/static/", "/vendor/", "/kiosk/assets/", "/display/assets/", "/audio/")
# routes under the page prefixes that answer a file, not a page
FILES = {"/favicon.ico", "/site-logo", "/demo/printed/<name>"}
PASSWORD = "rahasia-kepala-1"


@pytest.fixture
def values(app, client, tokens) -> dict[str, str]:
    """A real value for every path parameter of a page route."""
    ticket = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"])).get_json()["ticket"]
    return {"agency_id": "dukcapil", "counter_id": "loket-1", "service_id": "ktp-el",
            "name": "kepala", "code": "ABC234", "token": ticket["track_url"].rsplit("/", 1)[1]}


def page_paths(app, values: dict[str, str]) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES) or rule.rule in FILES:
            continue
        # a new parameter name fails here (KeyError) until `values` knows a real one
        paths.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule))
    return sorted(paths)


def assert_page_headers(response, path: str) -> None:
    h = response.headers
    assert response.mimetype == "text/html", (path, response.mimetype)
    assert h.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, path
    assert h.get("X-Content-Type-Options") == "nosniff", path
    assert h.get("Referrer-Policy") == "same-origin", path
    assert h.get("X-Frame-Options") == "DENY", path
    assert h.get("Cache-Control") == "no-store", path


def assert_no_inline_code(html: str, path: str) -> None:
    """What the policy would block: inline scripts (data blocks of type application/json
    are not scripts), <style> elements, style="" attributes and on…="" handlers."""
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, (path, script)
    assert "<style" not in html, path
    assert not re.search(r"\sstyle\s*=", html), path
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
    assert "javascript:" not in html, path


def test_the_policy_forbids_inline_script_and_style_and_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_every_page_route_answers_with_the_security_headers_signed_in(app, client, values):
    accounts.create_user(app.extensions["loket"].hall, "kepala", "admin", PASSWORD)
    assert sign_in(client, "kepala", PASSWORD).status_code == 302
    paths = page_paths(app, values)
    assert {"/", "/kiosk", "/display", "/counter", "/admin/agencies", "/reports", "/skm",
            "/supervisor", "/booking", "/survey", "/login"} <= set(paths)
    opened = 0
    for path in paths:
        r = client.get(path)
        assert r.status_code < 500, (path, r.status_code)
        assert_page_headers(r, path)
        if r.status_code == 200:
            opened += 1
            assert_no_inline_code(r.get_data(as_text=True), path)
    assert opened >= len(paths) - 6  # redirects (/admin → …) and demo-only pages aside


def test_every_page_route_answers_with_the_security_headers_signed_out(app, client, values):
    for path in page_paths(app, values):
        r = client.get(path)  # a sign-in redirect, a forbidden page or the page itself
        assert r.status_code < 500, (path, r.status_code)
        assert_page_headers(r, path)


def test_error_pages_carry_the_headers_and_their_style_is_a_file(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert_page_headers(r, "/no-such-page")
    html = r.get_data(as_text=True)
    assert_no_inline_code(html, "/no-such-page")
    css = re.search(r'href="(/static/css/[^"]+)"', html).group(1)
    assert client.get(css).status_code == 200


def test_api_answers_are_nosniff_and_not_cached(client, tokens):
    for r in (client.get(f"{API}/services"), client.get(f"{API}/nothing"),
              client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                          headers=bearer(tokens["kiosk"]))):
        assert r.is_json
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Cache-Control"] == "no-store"
        assert "Content-Security-Policy" not in r.headers  # a page's policy, not JSON's


def test_static_files_keep_their_caching_and_get_nosniff(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in r.headers.get("Cache-Control", "")


def test_the_demo_pages_carry_the_headers_too(tmp_path, settings, clock):
    """/demo/printed exists only in a demo hall (404 in the walk above)."""
    from dataclasses import replace

    from queue_server.web.app import create_app

    settings = replace(settings, server=replace(settings.server, async_mode="threading"))
    app = create_app(settings, data_dir=tmp_path / "demo", clock=clock, demo=True,
                     testing=True)
    try:
        r = app.test_client().get("/demo/printed")
        assert r.status_code == 200
        assert_page_headers(r, "/demo/printed")
        assert_no_inline_code(r.get_data(as_text=True), "/demo/printed")
    finally:
        app.extensions["loket"].hall.store.close()
