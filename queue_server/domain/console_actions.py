"""Which buttons of an officer's console work right now, and why the others do not.

The console used to re-encode the ticket state machine in JavaScript; it now shows what
this function derives from `LEGAL_MOVES` and the counter's status, so the two can never
disagree about, say, skipping a citizen who is already being served.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from .models import CounterStatus, TicketStatus
from .ticket_states import LEGAL_MOVES, Move


class ConsoleAction(StrEnum):
    NEXT = "next"  # call whoever the call policy picks
    CALL = "call"  # call one waiting ticket out of order
    RECALL = "recall"
    START = "start"
    SKIP = "skip"
    FINISH = "finish"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    PAUSE = "pause"
    RESUME = "resume"


class Blocked(StrEnum):
    """Why an action is not available; the console turns the code into a sentence."""

    PAUSED = "paused"
    CLOSED = "closed"
    NOBODY_WAITING = "nobody_waiting"
    NO_CURRENT = "no_current"
    ILLEGAL_FOR_STATUS = "illegal_for_status"


# the console's actions on its current ticket, each one move of the state machine
TICKET_ACTIONS: Mapping[ConsoleAction, Move] = {
    ConsoleAction.RECALL: Move.RECALL,
    ConsoleAction.START: Move.START,
    ConsoleAction.SKIP: Move.SKIP,
    ConsoleAction.FINISH: Move.FINISH,
    ConsoleAction.TRANSFER: Move.TRANSFER,
    ConsoleAction.CANCEL: Move.CANCEL,
}


def console_actions(
    counter_status: CounterStatus,
    current: TicketStatus | None,
    waiting: int,
) -> dict[ConsoleAction, Blocked | None]:
    """Every console action mapped to None (allowed) or the reason it is blocked."""
    out: dict[ConsoleAction, Blocked | None] = {}
    closed_why = {CounterStatus.OPEN: None, CounterStatus.PAUSED: Blocked.PAUSED,
                  CounterStatus.CLOSED: Blocked.CLOSED}[counter_status]
    for action in (ConsoleAction.NEXT, ConsoleAction.CALL):
        out[action] = closed_why or (None if waiting > 0 else Blocked.NOBODY_WAITING)
    for action, move in TICKET_ACTIONS.items():
        if current is None:
            out[action] = Blocked.NO_CURRENT
        else:
            out[action] = None if current in LEGAL_MOVES[move] else Blocked.ILLEGAL_FOR_STATUS
    out[ConsoleAction.PAUSE] = (None if counter_status is CounterStatus.OPEN
                                else closed_why)
    out[ConsoleAction.RESUME] = (None if counter_status is CounterStatus.PAUSED
                                 else Blocked.CLOSED if counter_status is CounterStatus.CLOSED
                                 else Blocked.ILLEGAL_FOR_STATUS)
    return out
