"""People ahead and estimated waits, computed inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from queue_server.domain.eta import estimate_wait_minutes, mean_service_minutes
from queue_server.domain.models import CounterStatus, Service, Ticket, TicketStatus
from queue_server.store import Catalog, Session

from .hall import TicketInfo


def open_counters(catalog: Catalog, service_id: str) -> int:
    return sum(
        1 for c in catalog.counters.values()
        if c.status is CounterStatus.OPEN and service_id in c.service_weights
    )


def mean_minutes(session: Session, service: Service, since: datetime) -> float:
    recent = session.recent_service_minutes(service.id, since)
    return mean_service_minutes(recent, service.avg_service_minutes)


def ticket_info(session: Session, catalog: Catalog, ticket: Ticket,
                since: datetime) -> TicketInfo:
    if ticket.status is not TicketStatus.WAITING:
        return TicketInfo(ticket, 0, None)
    ahead = session.people_ahead(ticket)
    service = catalog.services.get(ticket.service_id)
    if service is None:
        return TicketInfo(ticket, ahead, None)
    counters = 1 if ticket.target_counter_id else open_counters(catalog, service.id)
    eta = estimate_wait_minutes(ahead, mean_minutes(session, service, since), counters)
    return TicketInfo(ticket, ahead, eta)


def new_ticket_eta(session: Session, catalog: Catalog, service: Service, waiting: int,
                   since: datetime) -> int | None:
    """The wait a citizen taking a ticket now should expect."""
    return estimate_wait_minutes(
        waiting, mean_minutes(session, service, since), open_counters(catalog, service.id)
    )
