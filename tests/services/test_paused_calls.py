"""A paused counter calls nobody: not the next citizen, not a number chosen out of order,
not a skipped citizen called back; each refusal is call-next's (409 `conflict` at `status`).
Announcing again the citizen already called to the counter stays possible: nobody new is
sent there, and that citizen must still find the counter."""

from __future__ import annotations

import pytest

from queue_server.domain.errors import Conflict
from queue_server.domain.models import TicketStatus
from queue_server.services import counter_console, tickets
from tests.conftest import KIOSK, officer

RINA = officer("loket-1", name="rina")


def issue(hall, service: str = "ktp-el") -> int:
    return tickets.issue_ticket(hall, KIOSK, service).ticket.ticket.id


def pause(hall) -> None:
    counter_console.set_paused(hall, RINA, "loket-1", True, "salat zuhur")


def refusal(call) -> tuple[str, str | None, str]:
    with pytest.raises(Conflict) as refused:
        call()
    return refused.value.code, refused.value.field, refused.value.message


def test_calling_a_chosen_number_at_a_paused_counter_is_refused_like_call_next(hall):
    waiting = issue(hall)
    pause(hall)
    by_number = refusal(lambda: tickets.call_specific(hall, RINA, waiting, "loket-1",
                                                      "lansia datang terlambat"))
    assert by_number == refusal(lambda: tickets.call_next(hall, RINA, "loket-1"))
    assert by_number[:2] == ("conflict", "status")
    with hall.store.read() as tx:
        assert tx.tickets.get(waiting).status is TicketStatus.WAITING
    counter_console.set_paused(hall, RINA, "loket-1", False)
    called = tickets.call_specific(hall, RINA, waiting, "loket-1", "lansia").ticket.ticket
    assert called.status is TicketStatus.CALLED


def test_a_skipped_citizen_is_not_called_back_to_a_paused_counter(hall):
    skipped = issue(hall)
    tickets.call_next(hall, RINA, "loket-1")
    tickets.skip(hall, RINA, skipped)
    pause(hall)
    code, field, _ = refusal(lambda: tickets.recall(hall, RINA, skipped, "loket-1"))
    assert (code, field) == ("conflict", "status")


def test_the_citizen_already_called_can_still_be_announced_again_during_a_pause(hall):
    current = issue(hall)
    tickets.call_next(hall, RINA, "loket-1")
    pause(hall)
    again = tickets.recall(hall, RINA, current, "loket-1").ticket.ticket
    assert (again.status, again.counter_id) == (TicketStatus.CALLED, "loket-1")
