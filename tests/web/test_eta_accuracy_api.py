"""GET /api/v1/reports/eta-accuracy: the estimate given at issue against the wait had, in
the API.md shape, scoped, with bad dates and long ranges refused by field."""

from __future__ import annotations

import pytest

from tests.conftest import bearer
from tests.web.test_api import API, envelope_of, issue

DAY = "2026-03-02"


def accuracy(client, tokens, who: str = "admin", **query):
    return client.get(f"{API}/reports/eta-accuracy", query_string=query,
                      headers=bearer(tokens[who]))


def call_next(client, tokens, counter: str, who: str) -> dict:
    r = client.post(f"{API}/counters/{counter}/call-next", headers=bearer(tokens[who]))
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["ticket"]


@pytest.fixture
def measured(client, tokens, clock):
    """Two KTP-el citizens told 0 and 0 minutes (two free counters), called after 3 and 9
    minutes (one counter calls them both)."""
    told = [issue(client, tokens, "ktp-el")["eta_minutes"] for _ in range(2)]
    clock.advance(minutes=3)
    call_next(client, tokens, "loket-1", "officer_here")
    clock.advance(minutes=6)
    call_next(client, tokens, "loket-1", "officer_here")
    return told


def test_the_report_measures_the_estimate_told_against_the_wait(client, tokens, measured):
    assert measured == [0, 0]
    r = accuracy(client, tokens, **{"from": DAY, "to": DAY})
    assert r.status_code == 200, r.get_data(as_text=True)
    # errors |0 - 3| = 3 and |0 - 9| = 9
    assert r.get_json() == {
        "tickets": 2, "mae_minutes": 6.0, "p90_abs_error_minutes": 9.0,
        "within_5_minutes_pct": 50.0,
        "by_service": [{"service_id": "ktp-el", "tickets": 2, "mae_minutes": 6.0}]}


def test_a_supervisor_of_another_agency_sees_none_of_it(client, tokens, measured):
    assert accuracy(client, tokens, "supervisor_here").get_json()["tickets"] == 2
    other = accuracy(client, tokens, "supervisor_other").get_json()
    assert other == {"tickets": 0, "mae_minutes": None, "p90_abs_error_minutes": None,
                     "within_5_minutes_pct": None, "by_service": []}


def test_officers_are_refused_and_anonymous_must_sign_in(client, tokens):
    envelope_of(accuracy(client, tokens, "officer_here"), 403, "forbidden")
    envelope_of(client.get(f"{API}/reports/eta-accuracy"), 401, "unauthorized")


@pytest.mark.parametrize(("query", "field"), [
    ({"from": "02-03-2026"}, "from"),
    ({"from": DAY, "to": "besok"}, "to"),
    ({"from": "2025-01-01", "to": DAY}, "to"),  # more than 366 days
])
def test_bad_dates_and_long_ranges_are_400_naming_the_field(client, tokens, query, field):
    error = envelope_of(accuracy(client, tokens, **query), 400, "bad_request", field)
    assert "tanggal" in error["message"].lower()
