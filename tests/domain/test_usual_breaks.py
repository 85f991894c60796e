"""A counter's usual break learned from its recent days, the break still ahead today, and
when a paused counter is expected back (local minutes since midnight)."""

from __future__ import annotations

import pytest

from queue_server.domain.usual_breaks import (
    MIN_BREAK_MINUTES,
    UsualBreak,
    back_from_pause,
    break_ahead,
    usual_break,
)

NOON = 12 * 60


def test_the_usual_break_is_the_median_start_and_length_of_each_days_longest_pause() -> None:
    days = [[(NOON, 30.0), (9 * 60, 5.0)],  # lunch, and a five-minute errand left out
            [(NOON + 10, 40.0)],
            [(NOON - 4, 32.0), (14 * 60, 12.0)]]  # the longer pause of the day counts
    assert usual_break(days, open_days=3) == UsualBreak(NOON, 32.0)


def test_a_break_taken_on_fewer_than_half_the_open_days_is_not_usual() -> None:
    assert usual_break([[(NOON, 30.0)]], open_days=3) is None
    assert usual_break([[(NOON, 30.0)], [(NOON, 30.0)]], open_days=4) == UsualBreak(NOON, 30.0)


def test_short_pauses_are_not_a_break() -> None:
    short = float(MIN_BREAK_MINUTES - 1)
    assert usual_break([[(NOON, short)], [(NOON, short)]], open_days=2) is None
    assert usual_break([], open_days=0) is None


def test_the_halls_own_break_is_not_learned_as_the_officers() -> None:
    friday = [(11 * 60 + 30, 13 * 60 + 30)]  # the prayer break between the opening spans
    days = [[(11 * 60 + 31, 119.0)], [(11 * 60 + 40, 110.0)]]
    assert usual_break(days, open_days=2, hall_breaks=friday) is None
    # a pause mostly outside it still is the officer's
    assert usual_break([[(14 * 60, 30.0)], [(14 * 60, 30.0)]], 2, friday) == UsualBreak(
        14 * 60, 30.0)


@pytest.mark.parametrize(("today", "now", "ahead"), [
    ([], 10 * 60, (NOON, NOON + 30)),  # still to come
    ([], NOON + 10, (NOON + 10, NOON + 40)),  # due: starts now, full length
    ([], NOON + 30, None),  # its usual time has passed without it: not today
    ([(NOON - 60, float(MIN_BREAK_MINUTES))], 10 * 60, None),  # already taken today
    ([(9 * 60, 3.0)], 10 * 60, (NOON, NOON + 30)),  # an errand is not the break
])
def test_the_break_still_ahead_today(today, now, ahead) -> None:
    assert break_ahead(UsualBreak(NOON, 30.0), today, now) == ahead


def test_no_usual_break_means_none_ahead() -> None:
    assert break_ahead(None, [], 10 * 60) is None


def test_a_paused_counter_is_back_after_its_usual_length_else_the_default() -> None:
    assert back_from_pause(NOON + 5, UsualBreak(NOON, 40.0), 30.0) == NOON + 45
    assert back_from_pause(NOON + 5, None, 30.0) == NOON + 35
