"""A kiosk's reprint request checked before the print job is made: its own ticket, within
the window of domain/kiosk_reprint.py, else 403. Other callers pass through untouched:
`printing.reprint` judges staff (and refuses anyone else) itself."""

from __future__ import annotations

from queue_server.domain.access import Principal
from queue_server.domain.errors import Forbidden
from queue_server.domain.kiosk_reprint import kiosk_reprint_refusal
from queue_server.domain.models import DeviceKind

from .hall import Hall


def check_kiosk_reprint(hall: Hall, principal: Principal, ticket_id: int) -> None:
    """Raise Forbidden (403) when a kiosk asks to reprint a ticket it may not; NotFound
    (404) when there is no such ticket."""
    if principal.device_kind is not DeviceKind.KIOSK:
        return
    with hall.store.read() as tx:
        ticket = tx.tickets.get(ticket_id)
    refusal = kiosk_reprint_refusal(principal.actor, ticket, hall.now())
    if refusal is not None:
        raise Forbidden(refusal, field="id")
