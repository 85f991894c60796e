"""Krejcie–Morgan (1970): the minimum SKM sample of a population, and the SKM periods."""

from __future__ import annotations

from datetime import date

import pytest

from queue_server.domain.skm_periods import period_of, previous
from queue_server.domain.skm_sample import KREJCIE_MORGAN, minimum_sample


@pytest.mark.parametrize(("population", "sample"), [
    (10, 10), (100, 80), (1_000, 278), (10_000, 370), (1_000_000, 384)])
def test_published_rows(population, sample):
    assert minimum_sample(population) == sample


def test_every_row_is_the_papers_formula_rounded():
    # s = X²NP(1−P) / (d²(N−1) + X²P(1−P)), X² = 3.841, P = 0.5, d = 0.05: a typo in the
    # transcribed table shows up here
    for n, s in KREJCIE_MORGAN:
        formula = 3.841 * n * 0.25 / (0.0025 * (n - 1) + 3.841 * 0.25)
        assert round(formula) == s, n
    assert len(KREJCIE_MORGAN) == 90
    populations = [n for n, _ in KREJCIE_MORGAN]
    assert populations == sorted(set(populations))


def test_between_two_rows_the_larger_population_decides():
    assert minimum_sample(101) == 86  # the 110 row
    assert minimum_sample(9_001) == 370
    assert minimum_sample(75_001) == 384


def test_a_small_population_is_asked_in_full_and_a_huge_one_needs_384():
    assert [minimum_sample(n) for n in (0, 1, 7, 10)] == [0, 1, 7, 10]
    assert minimum_sample(11) == 14
    assert minimum_sample(5_000_000) == 384
    with pytest.raises(ValueError):
        minimum_sample(-1)


@pytest.mark.parametrize(("kind", "first", "last", "name"), [
    ("month", date(2026, 3, 1), date(2026, 3, 31), "Maret 2026"),
    ("quarter", date(2026, 1, 1), date(2026, 3, 31), "Triwulan I 2026"),
    ("semester", date(2026, 1, 1), date(2026, 6, 30), "Semester I 2026"),
    ("year", date(2026, 1, 1), date(2026, 12, 31), "Tahun 2026"),
])
def test_the_period_that_holds_a_day(kind, first, last, name):
    period = period_of(date(2026, 3, 9), kind)
    assert (period.first, period.last, period.name()) == (first, last, name)


def test_the_previous_period_crosses_the_year():
    last = previous(period_of(date(2026, 3, 9), "semester"))
    assert (last.first, last.last, last.name(), last.name("en")) == (
        date(2025, 7, 1), date(2025, 12, 31), "Semester II 2025", "Half 2 2025")
    assert previous(period_of(date(2026, 1, 5), "month")).first == date(2025, 12, 1)
    with pytest.raises(ValueError):
        period_of(date(2026, 1, 1), "week")
