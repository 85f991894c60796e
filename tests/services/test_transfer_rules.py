"""Transfers on a real SQLite file: a ticket goes only to a counter of the service it will
be in (one sent to a counter goes first there, so any other counter would be a queue jump),
every transfer is in the audit log with who, from and to, and the console offers exactly the
counters the rule allows."""

from __future__ import annotations

import pytest

from queue_server.domain.errors import Conflict
from queue_server.domain.models import TicketStatus
from queue_server.services import audit, counter_console, tickets
from tests.conftest import ADMIN, KIOSK, officer

RINA = officer("loket-1", name="rina")  # Dukcapil, KTP-el and IKD/KIA


def called_at_loket_1(hall, service: str = "ktp-el"):
    tickets.issue_ticket(hall, KIOSK, service)
    return tickets.call_next(hall, RINA, "loket-1").ticket.ticket


def stored(hall, ticket_id: int):
    with hall.store.read() as tx:
        return tx.tickets.get(ticket_id)


@pytest.mark.parametrize("elsewhere", ["loket-6", "loket-3"])  # Samsat; Dukcapil's KK
def test_an_officer_cannot_send_a_citizen_to_a_counter_that_does_not_serve_their_service(
        hall, elsewhere):
    ticket = called_at_loket_1(hall)
    with pytest.raises(Conflict) as refused:
        tickets.transfer(hall, RINA, ticket.id, counter_id=elsewhere, reason="titipan")
    assert refused.value.field == "counter_id"
    assert "tidak bisa dialihkan" in refused.value.message
    assert "tidak melayani KTP-el" in refused.value.message
    after = stored(hall, ticket.id)  # nothing moved: same status, same counter, no target
    assert (after.status, after.counter_id, after.target_counter_id) == (
        TicketStatus.CALLED, "loket-1", None)


def test_a_citizen_may_be_sent_to_a_colleague_of_the_same_service(hall):
    ticket = called_at_loket_1(hall)
    moved = tickets.transfer(hall, RINA, ticket.id, counter_id="loket-2").ticket.ticket
    assert (moved.status, moved.service_id, moved.target_counter_id) == (
        TicketStatus.WAITING, "ktp-el", "loket-2")


def test_with_a_new_service_the_counter_must_be_one_of_that_service(hall):
    ticket = called_at_loket_1(hall)
    with pytest.raises(Conflict):
        tickets.transfer(hall, ADMIN, ticket.id, service_id="kartu-keluarga",
                         counter_id="loket-2")
    moved = tickets.transfer(hall, ADMIN, ticket.id, service_id="kartu-keluarga",
                             counter_id="loket-3").ticket.ticket
    assert (moved.service_id, moved.target_counter_id) == ("kartu-keluarga", "loket-3")


def test_the_audit_log_records_who_sent_which_ticket_from_where_to_where(hall):
    ticket = called_at_loket_1(hall)
    tickets.transfer(hall, RINA, ticket.id, service_id="kartu-keluarga", counter_id="loket-3",
                     reason="sekalian KK")
    page = audit.audit_page(hall, ADMIN, type="transferred")
    [event] = page.events
    assert (event.actor, event.ticket_id, event.counter_id, event.service_id) == (
        "user:rina", ticket.id, "loket-1", "kartu-keluarga")
    assert event.data == {"code": ticket.code, "from_service": "ktp-el",
                          "from_counter": "loket-1", "to_service": "kartu-keluarga",
                          "to_counter": "loket-3", "reason": "sekalian KK"}


def test_the_console_offers_only_the_counters_the_current_ticket_may_go_to(hall):
    assert counter_console.console_state(hall, RINA, "loket-1").transfer_counters == []
    called_at_loket_1(hall)
    offered = counter_console.console_state(hall, RINA, "loket-1").transfer_counters
    assert [c.id for c in offered] == ["loket-2"]  # KTP-el's other counter, not loket-1
    # the offer and the refusal are one rule: every other counter of the hall is refused
    current = counter_console.console_state(hall, RINA, "loket-1").current.ticket
    with hall.store.read() as tx:
        others = set(hall.catalog(tx).counters) - {"loket-1", "loket-2"}
    assert len(others) > 10
    for counter_id in sorted(others):
        with pytest.raises(Conflict):
            tickets.transfer(hall, ADMIN, current.id, counter_id=counter_id)
    tickets.transfer(hall, RINA, current.id, counter_id=offered[0].id)
