"""Issue 14: the API viewer at /api/docs is Swagger UI from npm, served by this server under
its strict CSP (no CDN, no inline script, no console error), reading the OpenAPI document
the server serves. Screenshot: api-docs.png."""

from __future__ import annotations

import requests

from tests.browser.conftest import shoot


def test_the_api_viewer_draws_the_servers_own_openapi_document(new_page, server):
    spec = requests.get(f"{server.url}/api/v1/openapi.json", timeout=15).json()
    page = new_page(1366, 768)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server.url}/api/docs")
    page.wait_for_function("() => document.querySelectorAll('.opblock-tag').length > 0",
                           timeout=30000)
    assert page.locator("h1").first.inner_text().startswith("Dokumentasi API Loket")
    assert page.locator(".info .title").inner_text().startswith(spec["info"]["title"])
    # every tag of the document's operations is a section of the page
    tags = {tag for path in spec["paths"].values() for operation in path.values()
            if isinstance(operation, dict) for tag in operation.get("tags", [])}
    shown = {node.get_attribute("data-tag") for node in page.locator(".opblock-tag").all()}
    assert tags and shown == tags
    page.locator(".opblock-tag").first.click()  # a tag opens on its routes
    page.wait_for_function("() => document.querySelectorAll('.opblock').length > 0",
                           timeout=15000)
    assert all(url.startswith(server.url) for url in requested), requested  # no CDN
    shoot(page, "api-docs")
    assert page.errors == []  # type: ignore[attr-defined]
