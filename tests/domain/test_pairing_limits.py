"""How many pairing codes may wait at once (domain/pairing.py): per address and for the
hall, and when a refused screen may ask again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from queue_server.domain.pairing import (
    PAIRING_LIFETIME,
    PENDING_IN_HALL,
    PENDING_PER_ADDRESS,
    seconds_until_a_slot,
)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def expiring(*minutes_from_now: float) -> list[datetime]:
    return [NOW + timedelta(minutes=m) for m in minutes_from_now]


def test_the_bounds_are_five_per_address_fifty_in_the_hall_for_a_quarter_hour():
    assert (PENDING_PER_ADDRESS, PENDING_IN_HALL) == (5, 50)
    assert PAIRING_LIFETIME.total_seconds() == 15 * 60


def test_below_both_bounds_a_code_may_wait():
    assert seconds_until_a_slot(expiring(1, 2, 3, 4), expiring(*range(1, 50)), NOW) is None


def test_an_address_at_its_bound_waits_until_its_soonest_code_expires():
    assert seconds_until_a_slot(expiring(9, 3, 12, 14, 5), [], NOW) == 3 * 60


def test_a_full_hall_waits_until_its_soonest_code_expires_whatever_the_address():
    hall = expiring(*[10 + i / 10 for i in range(PENDING_IN_HALL)])
    assert seconds_until_a_slot([], hall, NOW) == 10 * 60


def test_both_bounds_reached_waits_for_the_later_of_the_two():
    mine = expiring(2, 4, 6, 8, 10)
    hall = expiring(*[7 + i / 100 for i in range(PENDING_IN_HALL)])
    assert seconds_until_a_slot(mine, hall, NOW) == 7 * 60


def test_codes_already_expired_do_not_count_and_the_wait_is_at_least_a_second():
    assert seconds_until_a_slot(expiring(-1, -2, 1, 2, 3, 4), [], NOW) is None
    assert seconds_until_a_slot(expiring(0.001, 1, 2, 3, 4), [], NOW) == 1
