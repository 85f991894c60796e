"""POST /tickets/{id}/reprint from a kiosk (issue 14): the kiosk that issued the ticket may
reprint it within 15 minutes; another kiosk, or later, is 403 in the API envelope; staff
still reprint at any time. Real Flask app, tmp SQLite, a fake clock; the printer is on
loopback and never started (no spooler runs in the test client)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import printer
from queue_server.services import accounts
from tests.conftest import bearer

API = "/api/v1"
LOOPBACK = printer.PrinterConfig(name="default", kind="network", host="127.0.0.1", port=9,
                                 timeout=0.2)


@pytest.fixture
def settings(base_settings):
    return replace(base_settings, printers={"default": LOOPBACK}, kiosk_printers={})


def issue(client, token: str) -> dict:
    answer = client.post(f"{API}/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(token))
    assert answer.status_code == 201
    return answer.get_json()["ticket"]


def reprint(client, token: str, ticket_id: int):
    return client.post(f"{API}/tickets/{ticket_id}/reprint", json={}, headers=bearer(token))


def test_the_issuing_kiosk_reprints_its_ticket_within_fifteen_minutes(client, tokens, clock):
    ticket = issue(client, tokens["kiosk"])
    answer = reprint(client, tokens["kiosk"], ticket["id"])
    assert answer.status_code == 202
    assert answer.get_json()["job"]["status"] == "pending"
    clock.advance(minutes=15)
    assert reprint(client, tokens["kiosk"], ticket["id"]).status_code == 202


def test_after_fifteen_minutes_the_kiosk_is_refused_and_staff_still_reprint(client, tokens,
                                                                              clock):
    ticket = issue(client, tokens["kiosk"])
    clock.advance(minutes=15, seconds=1)
    answer = reprint(client, tokens["kiosk"], ticket["id"])
    assert answer.status_code == 403
    error = answer.get_json()["error"]
    assert error["code"] == "forbidden"
    assert error["field"] == "id"
    assert "15 menit" in error["message"] and ticket["code"] in error["message"]
    assert reprint(client, tokens["admin"], ticket["id"]).status_code == 202


def test_another_kiosk_may_not_reprint_a_ticket_it_did_not_issue(app, client, tokens):
    other = accounts.create_device_token(app.extensions["loket"].hall, "kiosk-2", "kiosk")
    ticket = issue(client, tokens["kiosk"])
    answer = reprint(client, other.secret, ticket["id"])
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "forbidden"
    assert "tidak diambil di kios ini" in answer.get_json()["error"]["message"]


def test_a_kiosk_reprinting_a_ticket_that_does_not_exist_is_404(client, tokens):
    answer = reprint(client, tokens["kiosk"], 999)
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"
