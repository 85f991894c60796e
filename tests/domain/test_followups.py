"""Rencana tindak lanjut: the PEKPPP figures from worked numbers, and the done date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from queue_server.domain.errors import BadRequest
from queue_server.domain.followups import (
    Followup,
    FollowupStatus,
    clean_element,
    clean_words,
    figures,
    settle_done,
)

PLANNED, IN_PROGRESS, DONE = FollowupStatus.PLANNED, FollowupStatus.IN_PROGRESS, \
    FollowupStatus.DONE


def action(n: int, status: FollowupStatus, planned: date, done: date | None = None,
           due: date = date(2026, 4, 30)) -> Followup:
    moment = datetime(planned.year, planned.month, planned.day, 3, tzinfo=UTC)
    return Followup(n, date(2026, 3, 1), date(2026, 3, 31), "dukcapil", "U3",
                    "Tambah satu loket pada jam sibuk", "Kepala Dukcapil", due, status, done,
                    moment, planned, "admin", moment)


def test_share_and_mean_days_from_worked_numbers():
    # 5 actions, 3 done after 0, 4 and 11 days: 3/5 = 60.0 %, (0 + 4 + 11) / 3 = 5.0 days
    listed = [
        action(1, DONE, date(2026, 4, 1), date(2026, 4, 1)),
        action(2, DONE, date(2026, 4, 1), date(2026, 4, 5)),
        action(3, DONE, date(2026, 4, 2), date(2026, 4, 13)),
        action(4, IN_PROGRESS, date(2026, 4, 2)),
        action(5, PLANNED, date(2026, 4, 3)),
    ]
    found = figures(listed)
    assert (found.actions, found.done) == (5, 3)
    assert found.followed_up_pct == 60.0
    assert found.mean_days_to_follow_up == 5.0


def test_figures_round_to_one_decimal():
    # 2 of 3 done = 66.666… → 66.7 %; days 1 and 2 → 1.5
    listed = [action(1, DONE, date(2026, 4, 1), date(2026, 4, 2)),
              action(2, DONE, date(2026, 4, 1), date(2026, 4, 3)),
              action(3, PLANNED, date(2026, 4, 1))]
    found = figures(listed)
    assert (found.followed_up_pct, found.mean_days_to_follow_up) == (66.7, 1.5)


def test_no_actions_and_none_done_have_no_figures_rather_than_zero():
    assert figures([]).followed_up_pct is None
    nothing_done = figures([action(1, PLANNED, date(2026, 4, 1))])
    assert (nothing_done.followed_up_pct, nothing_done.mean_days_to_follow_up) == (0.0, None)


def test_overdue_is_past_the_due_date_and_not_done():
    late = action(1, IN_PROGRESS, date(2026, 4, 1), due=date(2026, 4, 10))
    assert not late.is_overdue(date(2026, 4, 10))
    assert late.is_overdue(date(2026, 4, 11))
    done = action(2, DONE, date(2026, 4, 1), date(2026, 4, 12), due=date(2026, 4, 10))
    assert not done.is_overdue(date(2026, 4, 20))


def test_done_gets_today_unless_given_and_nothing_else_has_a_done_date():
    planned, today = date(2026, 4, 1), date(2026, 4, 9)
    assert settle_done(DONE, None, planned, today) == today
    assert settle_done(DONE, date(2026, 4, 3), planned, today) == date(2026, 4, 3)
    assert settle_done(IN_PROGRESS, None, planned, today) is None


@pytest.mark.parametrize("status, done", [
    (DONE, date(2026, 3, 31)),  # before it was planned
    (DONE, date(2026, 4, 10)),  # in the future
    (PLANNED, date(2026, 4, 5)),  # not done, yet a done date
])
def test_impossible_done_dates_are_refused_at_their_field(status, done):
    with pytest.raises(BadRequest) as refused:
        settle_done(status, done, date(2026, 4, 1), date(2026, 4, 9))
    assert refused.value.field == "done_date"


def test_elements_and_words():
    assert clean_element("u9") == "U9"
    with pytest.raises(BadRequest):
        clean_element("U10")
    assert clean_words("  Tambah   loket  ", "action", 5, 100, "Tindakan") == "Tambah loket"
    with pytest.raises(BadRequest) as refused:
        clean_words("abc", "action", 5, 100, "Tindakan")
    assert refused.value.field == "action"
