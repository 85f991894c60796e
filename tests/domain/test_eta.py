"""The sums of the wait estimate: each counter's pace from its recent calls (pooled with the
seed time, break gaps left out), the priority share that stretches a regular citizen's
wait, whole minutes, and the hall's own break waited out."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.eta import (
    SEED_WEIGHT,
    across_breaks,
    call_intervals,
    minutes_per_call,
    priority_share,
    regular_wait,
    whole_minutes,
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


def test_a_regular_citizen_waits_for_the_priority_share_of_the_calls() -> None:
    assert priority_share(0, 0) == 0
    assert priority_share(3, 9) == 0.25  # shrunk: 3 of (9 + SEED_WEIGHT)
    assert regular_wait(12.0, 0.25) == pytest.approx(16.0)  # 3 calls in 4 are theirs
    assert regular_wait(12.0, 0.0) == 12.0


def test_the_priority_share_never_stops_a_regular_citizen_altogether() -> None:
    assert regular_wait(10.0, 1.0) == pytest.approx(100.0)  # at most 90 % go to priority
    assert regular_wait(10.0, -0.5) == 10.0


@pytest.mark.parametrize(("minutes", "told"), [
    (0.0, 0), (0.2, 1), (10.5, 11), (7.0000000001, 7), (7.01, 8), (-0.1, 0)])
def test_the_minutes_told_are_rounded_up_without_float_noise(minutes: float, told: int) -> None:
    assert whole_minutes(minutes) == told


@given(minutes, minutes, st.floats(min_value=0, max_value=0.9))
def test_a_longer_forecast_is_never_told_as_a_shorter_wait(a: float, b: float,
                                                          share: float) -> None:
    short, long = sorted((a, b))
    assert whole_minutes(regular_wait(short, share)) <= whole_minutes(regular_wait(long, share))


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
