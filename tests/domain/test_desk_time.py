"""How long a call keeps a desk, learned per service from the recent days' calls: the mean
the queue pays (no-shows' recall waits included), and the time left of a call running now."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.desk_time import MIN_CALLS, MIN_PACE_SPREAD, DeskTimes, prior_calls
from queue_server.domain.eta import SEED_WEIGHT

minutes = st.floats(min_value=0.5, max_value=60, allow_nan=False, allow_infinity=False)


def calls(service: str, *desk_minutes: float, desk: str = "loket-1") -> list:
    """Calls of one service at one desk, each in its own stretch of the day."""
    return [((desk, i), service, m) for i, m in enumerate(desk_minutes)]


SPREAD = (2.0, 4.0, 6.0, 8.0) * 5


def test_a_service_with_few_recent_calls_keeps_its_configured_minutes() -> None:
    learned = DeskTimes.learn(calls("ktp-el", *[9.0] * (MIN_CALLS - 1)))
    assert learned.mean("ktp-el", 7.0) == 7.0
    assert learned.mean("kartu-keluarga", 6.0) == 6.0


def test_the_recent_calls_mean_includes_the_no_shows_recall_wait() -> None:
    # nineteen citizens served in 8 minutes each, one no-show skipped after 3
    learned = DeskTimes.learn(calls("ktp-el", *[8.0] * 19, 3.0))
    assert learned.mean("ktp-el", 7.0) == pytest.approx((19 * 8 + 3) / 20)


def test_a_call_just_made_has_the_whole_mean_left() -> None:
    learned = DeskTimes.learn(calls("teller", *SPREAD))
    assert learned.remaining("teller", 0.0, 4.0) == pytest.approx(5.0)


def test_a_call_past_the_mean_is_expected_to_go_on_with_the_long_cases() -> None:
    learned = DeskTimes.learn(calls("teller", *SPREAD))
    # 5 minutes in: of the recent calls only the 6- and 8-minute ones lasted that long
    assert learned.remaining("teller", 5.0, 4.0) == pytest.approx(2.0)
    # with the configured minutes alone it would be over already
    assert DeskTimes({}).remaining("teller", 5.0, 4.0) == 0.0


def test_a_call_longer_than_any_recent_one_is_expected_to_end_now() -> None:
    learned = DeskTimes.learn(calls("teller", *[4.0] * MIN_CALLS))
    assert learned.remaining("teller", 9.0, 4.0) == 0.0


def test_a_slower_counter_stretches_the_time_left() -> None:
    learned = DeskTimes.learn(calls("teller", *SPREAD))
    # twice as slow as the recent days: 10 minutes in is 5 of theirs, 2 of theirs left
    assert learned.remaining("teller", 10.0, 4.0, scale=2.0) == pytest.approx(4.0)


@given(st.lists(minutes, min_size=MIN_CALLS, max_size=60), minutes, minutes)
def test_the_time_left_never_grows_shorter_than_none_and_ends_no_sooner_as_time_passes(
        samples: list[float], first: float, later: float) -> None:
    learned = DeskTimes.learn(calls("s", *samples))
    a, b = sorted((first, later))
    left_a, left_b = learned.remaining("s", a, 5.0), learned.remaining("s", b, 5.0)
    assert left_a >= 0 and left_b >= 0
    if left_b > 0:  # while a recent call lasted that long, the end is not brought forward
        assert b + left_b >= a + left_a - 1e-9


def test_desks_that_differ_only_by_chance_weigh_the_recent_days_up_to_the_least_spread(
        ) -> None:
    # twenty stretches, each the same four calls: all the spread is between single calls
    groups = [[0.5, 1.0, 1.0, 1.5] for _ in range(20)]
    within = statistics.variance([0.5, 1.0, 1.0, 1.5])
    assert prior_calls(groups) == pytest.approx(within / MIN_PACE_SPREAD ** 2)


def test_desks_that_really_differ_in_pace_trust_their_own_calls_more() -> None:
    slow, quick = [1.4, 1.5, 1.6], [0.4, 0.5, 0.6]
    groups = [slow, quick] * 10
    # a spread this large: the fewest, the new hall's three
    assert prior_calls(groups) == SEED_WEIGHT
    # single calls vary by 0.3 of the mean either way; desks a fifth quicker or slower
    # than the hall: a true spread of ~0.11 against 0.3, worth about 7 calls
    mild = [[0.9, 1.2, 1.5], [0.5, 0.8, 1.1]] * 10
    alike = [[0.7, 1.0, 1.3]] * 20  # the same calls, desks alike: the least spread's 36
    assert SEED_WEIGHT < prior_calls(mild) < prior_calls(alike)
    assert prior_calls(mild) == pytest.approx(0.09 / (0.04 * 20 / 19 - 0.03))


def test_too_few_stretches_keep_the_new_hall_s_weight() -> None:
    assert prior_calls([[1.0, 1.2]] * 9) == SEED_WEIGHT
    assert prior_calls([[1.0]] * 50) == SEED_WEIGHT  # single calls say nothing of a desk
    assert DeskTimes.learn([]).prior_calls == SEED_WEIGHT
