"""Anonymous pairing asks are bounded (issue 13, defect 5): at most five codes wait per
network address and fifty in the hall, a refusal says when to ask again, and codes nobody
approved are forgotten, on a real SQLite file with the fake clock."""

from __future__ import annotations

import pytest

from queue_server.domain.errors import NotFound, RateLimited
from queue_server.services import pairing
from tests.conftest import ADMIN, field_of


def ask(hall, address: str | None = "10.0.0.7", kind: str = "kiosk"):
    return pairing.request_pairing(hall, kind, address=address)


def rows_kept(hall) -> int:
    with hall.store.read() as tx:
        return tx.conn.execute("SELECT count(*) FROM pairing_requests").fetchone()[0]


def test_a_sixth_waiting_code_from_one_address_is_refused_until_its_first_expires(
        hall, clock):
    for _ in range(5):
        ask(hall)
        clock.advance(minutes=1)
    with pytest.raises(RateLimited) as refused:
        ask(hall)
    # the first code was asked 5 minutes ago and lives 15: a slot frees in 10 minutes
    assert refused.value.retry_after == 10 * 60
    assert "10 menit" in refused.value.message
    assert len(pairing.pending(hall, ADMIN)) == 5
    clock.advance(minutes=10)
    assert ask(hall).code


def test_another_address_still_gets_a_code_while_one_is_refused(hall):
    for _ in range(5):
        ask(hall, "10.0.0.7")
    with pytest.raises(RateLimited):
        ask(hall, "10.0.0.7")
    assert ask(hall, "10.0.0.8").code


def test_an_approved_code_no_longer_counts_against_its_address(hall):
    asked = [ask(hall) for _ in range(5)]
    pairing.approve_pairing(hall, ADMIN, asked[0].code, "kiosk-lobi")
    assert ask(hall).code
    with pytest.raises(RateLimited):
        ask(hall)


def test_the_hall_holds_at_most_fifty_waiting_codes_from_every_address(hall, clock):
    for n in range(50):
        ask(hall, f"10.0.1.{n}", kind=("kiosk", "display", "survey")[n % 3])
    clock.advance(minutes=2)
    for address in ("10.0.2.1", None):  # an asker of unknown address counts in the hall too
        with pytest.raises(RateLimited) as refused:
            ask(hall, address)
        assert refused.value.retry_after == 13 * 60
    assert len(pairing.pending(hall, ADMIN)) == 50
    clock.advance(minutes=13)
    assert ask(hall, "10.0.2.1").code


def test_three_hundred_asks_from_one_address_leave_five_codes_waiting(hall):
    refused = 0
    for _ in range(300):
        try:
            ask(hall)
        except RateLimited:
            refused += 1
    assert refused == 295
    assert len(pairing.pending(hall, ADMIN)) == 5
    assert rows_kept(hall) == 5


def test_codes_nobody_approved_are_forgotten_a_lifetime_after_they_expired(hall, clock):
    old = [ask(hall) for _ in range(5)]
    approved = ask(hall, "10.0.0.9", kind="display")
    pairing.approve_pairing(hall, ADMIN, approved.code, "tv-lobi")
    pairing.pairing_status(hall, approved.poll_secret)
    clock.advance(minutes=16)
    ask(hall, "10.0.0.8")  # asking sweeps: an expired code still answers "expired"
    assert pairing.pairing_status(hall, old[0].poll_secret) == {"status": "expired"}
    clock.advance(minutes=15)
    ask(hall, "10.0.0.8")
    # kept: the approved one (the pairing's record), the code asked at 16 minutes (expired
    # just now: it still answers "expired") and the one asked now
    assert rows_kept(hall) == 3
    with pytest.raises(NotFound):  # the screen's JS asks for a new code on 404
        pairing.pairing_status(hall, old[0].poll_secret)
    assert pairing.pairing_status(hall, approved.poll_secret) == {"status": "collected"}
    assert [field_of(r, "kind") for r in pairing.pending(hall, ADMIN)] == ["kiosk"]
