"""The start page links every page of the README's tour, and none of them answers with an
error to a visitor who is not signed in (the staff pages send them to sign in)."""

from __future__ import annotations

import re


def test_the_start_page_links_every_page_and_each_answers(client):
    home = client.get("/")
    assert home.status_code == 200
    links = re.findall(r'<a class="card" href="([^"]+)"', home.get_data(as_text=True))
    for expected in ("/kiosk", "/display", "/counter", "/admin", "/supervisor", "/reports",
                     "/skm", "/skm/public", "/complaints/new", "/survey"):
        assert expected in links
    for link in links:
        r = client.get(link)
        assert r.status_code in (200, 302), (link, r.status_code)
        if r.status_code == 302:
            assert "/login" in r.headers["Location"], link
