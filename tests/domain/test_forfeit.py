"""The no-show forfeit window: recall allowed until N later tickets of the service were called."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.errors import InvalidTransition
from queue_server.domain.forfeit import ensure_recall_allowed, recall_allowed


@pytest.mark.parametrize("forfeit_after", [1, 2, 5, 10])
def test_recall_allowed_up_to_n_minus_one_later_calls_and_forfeit_at_n(
    forfeit_after: int,
) -> None:
    assert recall_allowed(0, forfeit_after)
    assert recall_allowed(forfeit_after - 1, forfeit_after)
    assert not recall_allowed(forfeit_after, forfeit_after)
    assert not recall_allowed(forfeit_after + 1, forfeit_after)


def test_ensure_recall_allowed_passes_inside_window() -> None:
    ensure_recall_allowed("A007", 4, 5)  # no exception


def test_ensure_recall_allowed_raises_invalid_transition_naming_the_code_when_forfeit() -> None:
    with pytest.raises(InvalidTransition) as caught:
        ensure_recall_allowed("A007", 5, 5)
    assert caught.value.code == "invalid_transition"
    assert "A007" in caught.value.message
    assert "hangus" in caught.value.message
    assert caught.value.field == "status"


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=50))
def test_ensure_recall_allowed_agrees_with_recall_allowed(later: int, limit: int) -> None:
    if recall_allowed(later, limit):
        ensure_recall_allowed("B012", later, limit)
    else:
        with pytest.raises(InvalidTransition, match="B012"):
            ensure_recall_allowed("B012", later, limit)
    assert recall_allowed(later, limit) == (later < limit)
