"""The citizens expected later today: the recent days' mean arrivals per line and slot,
today's level against them, and the arrivals spread evenly over the slots ahead."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.arrival_profile import (
    LEVEL_PRIOR,
    SLOT_MINUTES,
    ArrivalProfile,
    expected_arrivals,
    level,
)

NINE = 9 * 60 // SLOT_MINUTES  # the 09:00 slot


def profile() -> ArrivalProfile:
    # over 2 days: ktp-el 6 then 2 regular citizens in the 09:00 and 09:15 slots, 2 priority
    return ArrivalProfile.from_counts([("ktp-el", False, NINE, 6), ("ktp-el", False, NINE + 1, 2),
                                       ("ktp-el", True, NINE, 2)], days=2)


def test_the_profile_is_the_mean_per_day() -> None:
    assert profile().per_slot == {("ktp-el", False): {NINE: 3.0, NINE + 1: 1.0},
                                  ("ktp-el", True): {NINE: 1.0}}
    assert ArrivalProfile.from_counts([("ktp-el", False, NINE, 5)], days=0).per_slot == {}


def test_the_usual_arrivals_before_a_minute_count_part_of_the_slot_it_is_in() -> None:
    assert profile().before(9 * 60) == 0.0
    assert profile().before(9 * 60 + 7.5) == pytest.approx(2.0)  # half of 3 + 1
    assert profile().before(10 * 60) == pytest.approx(5.0)


def test_today_s_level_is_shrunk_towards_usual_early_on() -> None:
    assert level(0, 0.0) == 1.0
    assert level(40, 20.0) == pytest.approx((40 + LEVEL_PRIOR) / (20 + LEVEL_PRIOR))
    assert level(200, 100.0) > level(4, 2.0) > 1.0


def test_expected_citizens_are_spread_evenly_over_each_slot() -> None:
    got = expected_arrivals(profile(), [("ktp-el", False)], now=9 * 60, scale=1.0,
                            horizon=60)
    # 3 in 09:00-09:15 (at 2.5, 7.5, 12.5 minutes past), 1 in 09:15-09:30 (at 22.5)
    assert [round(m - 9 * 60, 2) for m, _, _ in got] == [2.5, 7.5, 12.5, 22.5]
    assert all((s, p) == ("ktp-el", False) for _, s, p in got)


def test_a_busier_day_expects_more_and_only_from_now_on() -> None:
    got = expected_arrivals(profile(), [("ktp-el", False), ("ktp-el", True)],
                            now=9 * 60 + 10, scale=2.0, horizon=60)
    assert all(m >= 9 * 60 + 10 for m, _, _ in got)
    # the last third of 09:00 (3 x 2 / 3 = 2 regular, 2/3 priority) and 09:15 (2 regular)
    assert sum(1 for _, _, p in got if not p) == 4
    assert [p for _, _, p in got].count(True) == 1
    assert got == sorted(got)


def test_nothing_is_expected_of_a_line_the_recent_days_never_saw() -> None:
    assert expected_arrivals(profile(), [("pkb-tahunan", False)], 9 * 60, 1.0, 60) == []


@given(st.floats(0, 3.0), st.floats(8 * 60, 10 * 60))
def test_the_count_expected_is_the_scaled_mean_rounded(scale: float, now: float) -> None:
    horizon = 60.0
    got = expected_arrivals(profile(), [("ktp-el", False)], now, scale, horizon)
    slots = profile().per_slot[("ktp-el", False)]
    mean = sum(n * max(0.0, min((s + 1) * SLOT_MINUTES, now + horizon)
                       - max(s * SLOT_MINUTES, now)) / SLOT_MINUTES for s, n in slots.items())
    assert abs(len(got) - mean * scale) <= 0.5 + 1e-9


def test_a_line_is_expected_along_the_hall_s_curve_by_its_share() -> None:
    # over 2 days: 8 regular KTP-el citizens, all at 09:00, and 2 priority ones at 09:15;
    # 10 Samsat citizens at 09:15: the hall had 8 at 09:00 and 12 at 09:15
    pooled = ArrivalProfile.pooled([("ktp-el", False, NINE, 8), ("ktp-el", True, NINE + 1, 2),
                                    ("pkb-tahunan", False, NINE + 1, 10)], days=2)
    # KTP-el priority is a tenth of the hall: 0.4 and 0.6 a day, not 0 and 1
    assert pooled.per_slot[("ktp-el", True)] == pytest.approx({NINE: 0.4, NINE + 1: 0.6})
    assert pooled.per_slot[("ktp-el", False)] == pytest.approx({NINE: 1.6, NINE + 1: 2.4})
    # the hall as a whole is as it was
    assert pooled.before(9 * 60 + 30) == pytest.approx(10.0)
    assert ArrivalProfile.pooled([], days=2).per_slot == {}
    assert ArrivalProfile.pooled([("ktp-el", False, NINE, 5)], days=0).per_slot == {}
