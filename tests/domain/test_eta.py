"""Wait estimates: mean service time shrunk towards the seed, people ahead / open counters."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.eta import SEED_WEIGHT, estimate_wait_minutes, mean_service_minutes

minutes = st.floats(min_value=0.1, max_value=120, allow_nan=False, allow_infinity=False)


def test_mean_without_samples_is_the_seed() -> None:
    assert mean_service_minutes([], 7.0) == 7.0


def test_mean_with_one_sample_moves_only_part_of_the_way() -> None:
    mean = mean_service_minutes([19.0], 7.0)
    assert mean == pytest.approx((7.0 * SEED_WEIGHT + 19.0) / (SEED_WEIGHT + 1))
    assert 7.0 < mean < 19.0


def test_mean_with_many_samples_is_close_to_their_mean() -> None:
    samples = [4.0, 6.0] * 500  # mean 5
    assert mean_service_minutes(samples, 20.0) == pytest.approx(5.0, abs=0.1)


@given(st.lists(minutes, max_size=50), minutes)
def test_mean_lies_between_seed_and_sample_mean(samples: list[float], seed: float) -> None:
    mean = mean_service_minutes(samples, seed)
    if not samples:
        assert mean == pytest.approx(seed)
        return
    sample_mean = sum(samples) / len(samples)
    low, high = sorted((seed, sample_mean))
    assert low * (1 - 1e-9) <= mean <= high * (1 + 1e-9)


def test_nobody_ahead_means_zero_wait_even_with_no_open_counter() -> None:
    assert estimate_wait_minutes(0, 7.0, 2) == 0
    assert estimate_wait_minutes(0, 7.0, 0) == 0


def test_no_open_counters_gives_none() -> None:
    assert estimate_wait_minutes(3, 7.0, 0) is None


@pytest.mark.parametrize(
    ("ahead", "mean", "counters", "expected"),
    [
        (1, 7.0, 1, 7),
        (3, 7.0, 2, 11),  # 10.5 rounds up
        (1, 0.2, 3, 1),  # any wait shows at least a minute
        (10, 6.0, 3, 20),
        (5, 5.5, 2, 14),  # 13.75 rounds up
    ],
)
def test_estimate_rounds_up_to_whole_minutes(
    ahead: int, mean: float, counters: int, expected: int
) -> None:
    assert estimate_wait_minutes(ahead, mean, counters) == expected


def test_more_open_counters_give_a_shorter_wait() -> None:
    waits = [estimate_wait_minutes(12, 6.0, c) for c in (1, 2, 3, 4)]
    assert waits == [72, 36, 24, 18]


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500),
       minutes, st.integers(min_value=1, max_value=30))
def test_wait_never_shrinks_when_more_people_are_ahead(
    a: int, b: int, mean: float, counters: int
) -> None:
    fewer, more = sorted((a, b))
    assert estimate_wait_minutes(fewer, mean, counters) <= estimate_wait_minutes(
        more, mean, counters
    )


@given(st.integers(min_value=1, max_value=500), minutes,
       st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_wait_never_grows_when_more_counters_open(
    ahead: int, mean: float, c1: int, c2: int
) -> None:
    few, many = sorted((c1, c2))
    assert estimate_wait_minutes(ahead, mean, many) <= estimate_wait_minutes(ahead, mean, few)


@given(st.integers(min_value=1, max_value=500), minutes, minutes,
       st.integers(min_value=1, max_value=30))
def test_wait_never_shrinks_when_service_is_slower(
    ahead: int, m1: float, m2: float, counters: int
) -> None:
    fast, slow = sorted((m1, m2))
    assert estimate_wait_minutes(ahead, fast, counters) <= estimate_wait_minutes(
        ahead, slow, counters
    )


@given(st.integers(min_value=1, max_value=500), minutes, st.integers(min_value=1, max_value=30))
def test_wait_is_a_whole_number_at_least_the_exact_value(
    ahead: int, mean: float, counters: int
) -> None:
    wait = estimate_wait_minutes(ahead, mean, counters)
    assert isinstance(wait, int)
    exact = ahead * mean / counters
    assert exact <= wait < exact + 1
    assert wait == math.ceil(exact)
