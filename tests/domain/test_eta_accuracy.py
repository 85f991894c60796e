"""ETA accuracy arithmetic: absolute errors, their mean, the nearest-rank p90 and the share
within five minutes, overall and per service."""

from __future__ import annotations

import pytest

from queue_server.domain.eta_accuracy import (
    Given,
    accuracy,
    mean_abs_error,
    nearest_rank,
    within_pct,
)


@pytest.mark.parametrize(("errors", "expected"), [
    ([], None),
    ([3.0], 3.0),
    ([1.0, 2.0, 4.0], 2.33),
    ([0.0, 10.0], 5.0),
])
def test_mean_absolute_error(errors: list[float], expected: float | None) -> None:
    assert mean_abs_error(errors) == expected


@pytest.mark.parametrize(("values", "pct", "expected"), [
    ([], 90, None),
    ([7.0], 90, 7.0),
    (list(range(1, 11)), 90, 9),  # rank ceil(0.9 x 10) = 9
    (list(range(1, 12)), 90, 10),  # rank ceil(9.9) = 10
    (list(range(1, 21)), 90, 18),
    ([5.0, 1.0, 3.0], 90, 5.0),  # unsorted input; rank ceil(2.7) = 3
    ([5.0, 1.0, 3.0], 50, 3.0),
    ([2.0, 4.0], 1, 2.0),  # never rank 0
])
def test_nearest_rank_percentile(values: list[float], pct: float,
                                 expected: float | None) -> None:
    assert nearest_rank(values, pct) == expected


@pytest.mark.parametrize(("errors", "expected"), [
    ([], None),
    ([5.0], 100.0),  # five minutes off is still within five
    ([5.01], 0.0),
    ([0.0, 4.9, 5.0, 6.0], 75.0),
    ([1.0, 9.0, 9.0], 33.3),
])
def test_share_within_five_minutes(errors: list[float], expected: float | None) -> None:
    assert within_pct(errors) == expected


def test_accuracy_overall_and_per_service() -> None:
    rows = [Given("ktp-el", 10, 12.0), Given("ktp-el", 10, 4.0), Given("kk", 0, 1.5),
            Given("ktp-el", 20, 20.0)]
    result = accuracy(rows)
    assert result.tickets == 4
    # errors 2, 6, 1.5, 0
    assert result.mae_minutes == 2.38
    assert result.p90_abs_error_minutes == 6.0
    assert result.within_5_minutes_pct == 75.0
    assert [(s.service_id, s.tickets, s.mae_minutes) for s in result.by_service] == [
        ("kk", 1, 1.5), ("ktp-el", 3, 2.67)]


def test_accuracy_of_nothing_is_empty_not_zero() -> None:
    result = accuracy([])
    assert (result.tickets, result.mae_minutes, result.p90_abs_error_minutes,
            result.within_5_minutes_pct, result.by_service) == (0, None, None, None, ())
