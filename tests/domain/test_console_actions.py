"""The console's buttons follow the state machine and the counter's status."""

from __future__ import annotations

import pytest

from queue_server.domain.console_actions import (
    TICKET_ACTIONS,
    Blocked,
    ConsoleAction,
    console_actions,
)
from queue_server.domain.models import CounterStatus, TicketStatus
from queue_server.domain.ticket_states import LEGAL_MOVES

OPEN, PAUSED, CLOSED = CounterStatus.OPEN, CounterStatus.PAUSED, CounterStatus.CLOSED


def test_every_action_gets_an_answer():
    assert set(console_actions(OPEN, None, 0)) == set(ConsoleAction)


@pytest.mark.parametrize("status", list(TicketStatus))
@pytest.mark.parametrize("action", list(TICKET_ACTIONS))
def test_ticket_actions_are_exactly_the_legal_moves(action, status):
    move = TICKET_ACTIONS[action]
    why = console_actions(OPEN, status, 3)[action]
    assert (why is None) == (status in LEGAL_MOVES[move])
    if why is not None:
        assert why is Blocked.ILLEGAL_FOR_STATUS


def test_a_called_citizen_can_be_recalled_skipped_started_but_a_served_one_only_finished():
    called = console_actions(OPEN, TicketStatus.CALLED, 0)
    serving = console_actions(OPEN, TicketStatus.SERVING, 0)
    for action in ("recall", "skip", "start", "finish", "transfer", "cancel"):
        assert called[ConsoleAction(action)] is None
    assert serving[ConsoleAction.FINISH] is None
    assert serving[ConsoleAction.TRANSFER] is None
    for action in ("recall", "skip", "start", "cancel"):
        assert serving[ConsoleAction(action)] is Blocked.ILLEGAL_FOR_STATUS


def test_without_a_current_ticket_the_ticket_buttons_say_so():
    actions = console_actions(OPEN, None, 5)
    for action in TICKET_ACTIONS:
        assert actions[action] is Blocked.NO_CURRENT


def test_call_next_needs_an_open_counter_and_somebody_waiting():
    assert console_actions(OPEN, None, 1)[ConsoleAction.NEXT] is None
    assert console_actions(OPEN, None, 0)[ConsoleAction.NEXT] is Blocked.NOBODY_WAITING
    assert console_actions(PAUSED, None, 4)[ConsoleAction.NEXT] is Blocked.PAUSED
    assert console_actions(CLOSED, None, 4)[ConsoleAction.CALL] is Blocked.CLOSED


def test_pause_when_open_resume_when_paused():
    assert console_actions(OPEN, None, 0)[ConsoleAction.PAUSE] is None
    assert console_actions(OPEN, None, 0)[ConsoleAction.RESUME] is Blocked.ILLEGAL_FOR_STATUS
    assert console_actions(PAUSED, None, 0)[ConsoleAction.RESUME] is None
    assert console_actions(PAUSED, None, 0)[ConsoleAction.PAUSE] is Blocked.PAUSED
    assert console_actions(CLOSED, None, 0)[ConsoleAction.PAUSE] is Blocked.CLOSED
    assert console_actions(CLOSED, None, 0)[ConsoleAction.RESUME] is Blocked.CLOSED
