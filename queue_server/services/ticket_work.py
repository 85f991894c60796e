"""What every ticket use case shares (services/tickets.py, a booking's check-in in
services/bookings.py): one `BEGIN IMMEDIATE` transaction that collects the tickets it
touched, the committed outcome with counts and estimates read before commit, and the
issue of a new ticket with its print job."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from queue_server.domain import access
from queue_server.domain.bookings import takes_bookings, walk_in_quota
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import QuotaReached, ServiceClosed
from queue_server.domain.models import Counter, PriorityKind, Service, Ticket, TicketStatus
from queue_server.domain.numbering import ticket_code
from queue_server.domain.opening import availability
from queue_server.services.printing import new_job, printer_for
from queue_server.store import Transaction

from .estimates import ticket_infos
from .hall import Hall, Outcome


@dataclass(slots=True)
class Work:
    """What one transaction of a use case sees and collects."""

    hall: Hall
    tx: Transaction
    catalog: Catalog
    now: datetime
    day: str
    actor: str
    changed_services: set[str]
    touched: dict[int, Ticket]
    issued: set[int] = field(default_factory=set)  # tickets this transaction issued
    outcome: Outcome | None = None

    def event(self, type: str, ticket: Ticket, counter_id: str | None = None,
              **data: object) -> None:
        self.tx.events.append(
            type, self.now, self.actor, ticket_id=ticket.id,
            counter_id=counter_id if counter_id is not None else ticket.counter_id,
            service_id=ticket.service_id, data={"code": ticket.code, **data},
        )

    def save(self, ticket: Ticket) -> Ticket:
        self.tx.tickets.save(ticket)
        self.touched[ticket.id] = ticket
        return ticket


@contextmanager
def ticket_transaction(hall: Hall, principal: access.Principal) -> Iterator[Work]:
    now = hall.now()
    with hall.store.write() as tx:
        work = Work(hall, tx, hall.catalog(tx), now, hall.today(now),
                    principal.actor, set(), {})
        yield work
        # counts and estimates are read before commit so they match the change exactly
        work.outcome = Outcome(
            ticket=None,
            events=tx.written,
            tickets={info.ticket.id: info for info in ticket_infos(
                hall, tx, work.catalog, work.touched.values(), now, issued_now=work.issued)},
            waiting=(tx.tickets.waiting_counts(work.day, work.changed_services)
                     if work.changed_services else {}),
            catalog=work.catalog,
        )
        # the estimate a new ticket's answer carries is the one its paper prints and the
        # accuracy report measures: kept in the same transaction
        for ticket_id in work.issued:
            tx.eta.record_given(ticket_id, work.outcome.tickets[ticket_id].eta_minutes)


def finish_outcome(hall: Hall, work: Work, main: Ticket | None,
                   counter: Counter | None = None) -> Outcome:
    outcome = work.outcome
    assert outcome is not None, "the transaction did not complete"
    outcome.ticket = outcome.tickets.get(main.id) if main is not None else None
    outcome.counter = counter
    return hall.publish(outcome)


def walk_ins_issued(work: Work, service: Service, issued: int) -> int:
    """Of the `issued` numbers of the service today, those a kiosk gave to walk-ins."""
    return issued - work.tx.bookings.checked_in_count(service.id, date.fromisoformat(work.day))


def new_ticket(work: Work, principal: access.Principal, service: Service, priority: bool,
               kind: PriorityKind | None, language: str, *,
               queued_at: datetime | None = None, booking_code: str | None = None) -> Ticket:
    """A walk-in (hours, pause and the walk-ins' share of the daily quota checked), or,
    with `booking_code`, a booking's ticket queued from `queued_at` (its place was kept:
    the booking's own rules were checked before)."""
    hall = work.hall
    # take the number first: a refusal below rolls it back with everything else
    number = work.tx.tickets.next_number(service.id, work.day)
    if booking_code is None:
        state = availability(
            now_local=hall.local(work.now), hours=service.hours,
            holidays=hall.settings.site.holidays, paused_reason=service.paused_reason,
            daily_quota=walk_in_quota(service.daily_quota, service.online_quota,
                                      takes_bookings(service)),
            issued_today=walk_ins_issued(work, service, number - 1),
            ignore_hours=hall.demo, offered=work.catalog.offered(service),
        )
        if not state.open:
            error = QuotaReached if state.reason == "quota_reached" else ServiceClosed
            raise error(state.message or "Layanan sedang tutup.", field="service_id")
    ticket = work.tx.tickets.insert(Ticket(
        id=0, code=ticket_code(service.prefix, number), number=number, day=work.day,
        service_id=service.id, agency_id=service.agency_id, status=TicketStatus.WAITING,
        priority=priority, priority_kind=kind, language=language,
        issued_at=queued_at or work.now, track_token=secrets.token_urlsafe(16),
        issued_by=principal.actor, booking_code=booking_code,
    ))
    work.touched[ticket.id] = ticket
    work.issued.add(ticket.id)
    work.changed_services.add(service.id)
    work.event("issued", ticket, priority=priority,
               priority_kind=kind.value if kind else None, language=language,
               **({"booking_code": booking_code} if booking_code else {}))
    printer_name = printer_for(hall.settings.printers, hall.settings.kiosk_printers, principal)
    if printer_name is not None:
        # in the same transaction: no ticket without its print job, even after a crash
        work.tx.print_jobs.insert(new_job(ticket.id, printer_name, work.now,
                                          principal.actor))
    return ticket
