"""Wait estimates: each open counter's pace from its recent calls (pooled with the seed
time, break gaps left out), their rates added, (people ahead + 1/2) divided by the rate,
less the priority share for a regular citizen, rounded up."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.eta import (
    SEED_WEIGHT,
    across_breaks,
    call_intervals,
    calls_per_minute,
    estimate_wait_minutes,
    minutes_per_call,
    priority_share,
)

minutes = st.floats(min_value=0.2, max_value=120, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0.01, max_value=10, allow_nan=False, allow_infinity=False)
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def at(*offsets: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_intervals_are_the_minutes_between_consecutive_calls_in_time_order() -> None:
    assert call_intervals(at(10, 0, 4)) == [4.0, 6.0]
    assert call_intervals(at(3)) == []
    assert call_intervals([]) == []


def test_a_counter_without_calls_goes_at_the_seed_pace() -> None:
    assert minutes_per_call([], 7.0) == 7.0


def test_a_few_calls_move_the_pace_only_part_of_the_way() -> None:
    # two quick calls against SEED_WEIGHT seed intervals
    assert SEED_WEIGHT == 3
    assert minutes_per_call([2.0, 2.0], 7.0) == pytest.approx((2 + 2 + 3 * 7) / 5)


def test_many_calls_set_the_pace_and_a_break_gap_does_not_drag_it() -> None:
    intervals = [4.0] * 12 + [35.0]  # twelve citizens and one coffee break
    # the 35-minute gap is left out; the seed's three 7s still count
    assert minutes_per_call(intervals, 7.0) == pytest.approx((12 * 4 + 3 * 7) / 15)


def test_the_pace_is_the_mean_not_the_median_of_skewed_services() -> None:
    intervals = [3.0, 3.0, 3.0, 3.0, 8.0, 8.0] * 2  # median 3, mean 4.67
    # with the seed's three 4s: median 3, so no interval is a gap; the mean is paid
    assert minutes_per_call(intervals, 4.0) == pytest.approx((8 * 3 + 4 * 8 + 3 * 4) / 15)


def test_counters_add_their_rates() -> None:
    assert calls_per_minute([4.0, 4.0]) == pytest.approx(0.5)
    assert calls_per_minute([2.0, 6.0]) == pytest.approx(0.5 + 1 / 6)
    assert calls_per_minute([]) == 0


def test_a_regular_citizen_waits_for_the_priority_share_of_the_calls() -> None:
    assert priority_share(0, 0) == 0
    assert priority_share(3, 9) == 0.25  # shrunk: 3 of (9 + SEED_WEIGHT)
    assert estimate_wait_minutes(3, 0.5, priority_share=0.25) == 10  # 3.5 / 0.375
    assert estimate_wait_minutes(3, 0.5, priority=True, priority_share=0.25) == 7


def test_nobody_ahead_means_zero_wait_even_with_no_open_counter() -> None:
    assert estimate_wait_minutes(0, 0.5) == 0
    assert estimate_wait_minutes(0, 0.0) == 0


def test_no_open_counter_gives_none() -> None:
    assert estimate_wait_minutes(3, 0.0) is None


@pytest.mark.parametrize(
    ("ahead", "paces", "expected"),
    [
        (1, [7.0], 11),  # 1.5 calls x 7 = 10.5 rounds up
        (3, [7.0, 7.0], 13),  # 3.5 calls at 2/7 a minute = 12.25
        (3, [2.0], 7),  # exactly 7: float noise adds no minute
        (1, [0.2, 0.2, 0.2], 1),  # any wait shows at least a minute
        (10, [6.0, 6.0, 6.0], 21),
        (6, [2.0, 6.0], 10),  # rates 1/2 + 1/6 = 2/3 a minute: 9.75
    ],
)
def test_estimate_is_people_ahead_and_a_half_over_the_rate_rounded_up(
    ahead: int, paces: list[float], expected: int
) -> None:
    assert estimate_wait_minutes(ahead, calls_per_minute(paces)) == expected


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500),
       rates)
def test_wait_never_shrinks_when_more_people_are_ahead(a: int, b: int, rate: float) -> None:
    fewer, more = sorted((a, b))
    assert estimate_wait_minutes(fewer, rate) <= estimate_wait_minutes(more, rate)


@given(st.integers(min_value=1, max_value=500), rates, rates)
def test_wait_never_grows_when_the_counters_call_faster(ahead: int, r1: float,
                                                        r2: float) -> None:
    slow, fast = sorted((r1, r2))
    assert estimate_wait_minutes(ahead, fast) <= estimate_wait_minutes(ahead, slow)


@given(st.lists(minutes, max_size=40), minutes)
def test_pace_lies_between_the_fastest_and_slowest_of_calls_and_seed(
    intervals: list[float], seed: float
) -> None:
    pace = minutes_per_call(intervals, seed)
    pooled = [*intervals, seed]
    assert min(pooled) * (1 - 1e-9) <= pace <= max(pooled) * (1 + 1e-9)


FRIDAY = ((time(8, 0), time(11, 30)), (time(13, 30), time(15, 30)))


@pytest.mark.parametrize(("now", "minutes", "expected"), [
    (time(10, 0), 20, 20),  # fits before the prayer break
    (time(11, 20), 10, 10),  # called at 11:30 exactly
    (time(11, 20), 30, 150),  # 10 minutes before the break, 20 after 13:30
    (time(7, 45), 10, 25),  # before opening: counted from 08:00
    (time(15, 20), 30, 30),  # past closing: the hall serves who is still waiting
    (time(16, 0), 30, 30),
    (time(11, 0), 0, 0),
    (time(11, 0), None, None),
])
def test_an_estimate_is_stretched_over_the_halls_break(now: time, minutes: int | None,
                                                       expected: int | None) -> None:
    assert across_breaks(now, minutes, FRIDAY) == expected


def test_a_day_without_hours_leaves_the_estimate_alone() -> None:
    assert across_breaks(time(11, 20), 30, ()) == 30
