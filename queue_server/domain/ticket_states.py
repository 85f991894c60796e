"""The ticket state machine of DESIGN.md: which move is legal from which status,
and what each move does to a ticket. Every change of a ticket goes through here."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from .errors import InvalidTransition
from .models import Ticket, TicketStatus

W, C, S, D, N, X = (
    TicketStatus.WAITING,
    TicketStatus.CALLED,
    TicketStatus.SERVING,
    TicketStatus.DONE,
    TicketStatus.NO_SHOW,
    TicketStatus.CANCELLED,
)


class Move(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    SKIP = "skip"
    CANCEL = "cancel"
    TRANSFER = "transfer"


# move -> {from status: to status}. Finishing straight from "called" is allowed because
# officers often serve without pressing Start; the service time then counts from the call.
LEGAL_MOVES: dict[Move, dict[TicketStatus, TicketStatus]] = {
    Move.CALL: {W: C},
    Move.RECALL: {C: C, N: C},
    Move.START: {C: S},
    Move.FINISH: {S: D, C: D},
    Move.SKIP: {C: N},
    Move.CANCEL: {W: X, C: X},
    Move.TRANSFER: {W: W, C: W, S: W},
}

FINAL_STATUSES = frozenset({D, X})

_MESSAGES_ID = {
    Move.CALL: "hanya tiket yang menunggu yang bisa dipanggil",
    Move.RECALL: "hanya tiket yang sedang dipanggil atau dilewati yang bisa dipanggil ulang",
    Move.START: "hanya tiket yang sudah dipanggil yang bisa mulai dilayani",
    Move.FINISH: "hanya tiket yang dipanggil atau sedang dilayani yang bisa diselesaikan",
    Move.SKIP: "hanya tiket yang sedang dipanggil yang bisa dilewati",
    Move.CANCEL: "hanya tiket yang menunggu atau dipanggil yang bisa dibatalkan",
    Move.TRANSFER: "tiket yang sudah selesai, batal atau dilewati tidak bisa dialihkan",
}


_VERB_ID = {
    Move.CALL: "memanggil", Move.RECALL: "memanggil ulang", Move.START: "mulai melayani",
    Move.FINISH: "menyelesaikan", Move.SKIP: "melewati", Move.CANCEL: "membatalkan",
    Move.TRANSFER: "mengalihkan",
}
STATUS_ID = {
    W: "menunggu", C: "dipanggil", S: "sedang dilayani", D: "selesai", N: "tidak hadir",
    X: "dibatalkan",
}


def target_status(current: TicketStatus, move: Move) -> TicketStatus:
    """The status after `move`, or InvalidTransition naming both ends in plain Indonesian
    (the officer reads it as is)."""
    allowed = LEGAL_MOVES[move]
    if current not in allowed:
        raise InvalidTransition(
            f"Tidak bisa {_VERB_ID[move]} tiket yang {STATUS_ID[current]}: "
            f"{_MESSAGES_ID[move]}.",
            field="status",
        )
    return allowed[current]


def call(ticket: Ticket, counter_id: str, now: datetime) -> Ticket:
    target_status(ticket.status, Move.CALL)
    return replace(
        ticket,
        status=C,
        counter_id=counter_id,
        called_at=now,
        target_counter_id=None,
        call_count=ticket.call_count + 1,
    )


def recall(ticket: Ticket, counter_id: str, now: datetime) -> Ticket:
    """Announce again. A called ticket keeps its first call time; a skipped one is called anew."""
    target_status(ticket.status, Move.RECALL)
    called_at = ticket.called_at if ticket.status is C and ticket.called_at else now
    return replace(
        ticket, status=C, counter_id=counter_id, called_at=called_at,
        call_count=ticket.call_count + 1,
    )


def start(ticket: Ticket, now: datetime) -> Ticket:
    target_status(ticket.status, Move.START)
    return replace(ticket, status=S, started_at=now)


def finish(ticket: Ticket, now: datetime) -> Ticket:
    target_status(ticket.status, Move.FINISH)
    return replace(ticket, status=D, started_at=ticket.started_at or ticket.called_at or now,
                   finished_at=now)


def skip(ticket: Ticket, now: datetime) -> Ticket:
    target_status(ticket.status, Move.SKIP)
    return replace(ticket, status=N)


def cancel(ticket: Ticket, now: datetime) -> Ticket:
    target_status(ticket.status, Move.CANCEL)
    return replace(ticket, status=X, finished_at=now)


def transfer(
    ticket: Ticket,
    *,
    service_id: str,
    agency_id: str,
    target_counter_id: str | None,
) -> Ticket:
    """Send the citizen on: same code, same original issue time, waiting again."""
    target_status(ticket.status, Move.TRANSFER)
    return replace(
        ticket,
        status=W,
        service_id=service_id,
        agency_id=agency_id,
        target_counter_id=target_counter_id,
        transferred_from=ticket.service_id if service_id != ticket.service_id
        else ticket.transferred_from,
        counter_id=None,
        called_at=None,
        started_at=None,
    )
