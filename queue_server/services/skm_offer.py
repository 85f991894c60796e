"""Whether the holder of a ticket is offered the SKM form on the phone page: once the ticket
is done (that day or any later one: the QR on the paper still works), and not again once an
answer for it is in. The answer itself is the SKM service's (services/skm.py)."""

from __future__ import annotations

from enum import StrEnum

from queue_server.domain.models import TicketStatus
from queue_server.services.hall import Hall


class Offer(StrEnum):
    OPEN = "open"  # served, no answer yet: "Beri penilaian"
    ANSWERED = "answered"  # one answer per ticket, it is in
    CLOSED = "closed"  # not served (yet): waiting, at the counter, skipped or cancelled


def phone_offer(hall: Hall, token: str) -> Offer:
    """NotFound (404) for an unknown token, like the track page."""
    with hall.store.read() as tx:
        ticket = tx.tickets.by_token(token)
        if ticket.status is not TicketStatus.DONE:
            return Offer.CLOSED
        return Offer.OPEN if tx.skm.for_ticket(ticket.id) is None else Offer.ANSWERED
