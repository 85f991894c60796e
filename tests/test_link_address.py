"""Issue 14: one rule decides where a phone is sent (SiteSettings.link_url): [site]
public_url when the hall set it, else the address the server detected at start. The printed
ticket's QR, the API's track_url and the booking links all follow it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from queue_server.server import with_link_address
from queue_server.services import printing, tickets
from queue_server.settings.site import detected_hall_url
from tests.conftest import KIOSK


@pytest.mark.parametrize(("host", "lan", "expected"), [
    ("0.0.0.0", "192.168.1.10", "http://192.168.1.10:8080"),  # every card: the LAN address
    ("::", "192.168.1.10", "http://192.168.1.10:8080"),
    ("0.0.0.0", None, "http://localhost:8080"),  # no network: this PC alone
    ("127.0.0.1", "192.168.1.10", "http://127.0.0.1:8080"),  # loopback only: stays on it
    ("10.0.0.5", "192.168.1.10", "http://10.0.0.5:8080"),  # one card: the one listened on
    ("fd00::5", None, "http://[fd00::5]:8080"),
])
def test_the_detected_hall_address_is_where_the_server_listens(host, lan, expected):
    assert detected_hall_url(host, 8080, lan) == expected


def test_a_set_public_url_wins_over_the_detected_address(settings):
    site = replace(settings.site, public_url="http://192.168.1.10:8080",
                   detected_url="http://10.0.0.5:8080")
    assert site.link_url == "http://192.168.1.10:8080"
    assert replace(site, public_url="").link_url == "http://10.0.0.5:8080"


def test_a_start_on_loopback_detects_the_loopback_address(settings):
    started = with_link_address(replace(settings, site=replace(settings.site, public_url="")),
                                "127.0.0.1", 18080)
    assert started.site.link_url == "http://127.0.0.1:18080"


def test_the_printed_ticket_and_the_api_link_to_the_detected_address(make_hall, settings):
    hall = make_hall(replace(settings, site=replace(settings.site, public_url="",
                                                    detected_url="http://10.0.0.5:8080")))
    ticket = tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket.ticket
    with hall.store.read() as tx:
        paper = printing.ticket_print(hall, tx, hall.current_catalog(), ticket, copy=False)
    assert paper.track_url == f"http://10.0.0.5:8080/t/{ticket.track_token}"
    assert hall.settings.site.link_url == "http://10.0.0.5:8080"  # the database's site too
