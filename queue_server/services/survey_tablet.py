"""The survey tablet at a counter (a paired device of kind `survey`): which counter it
stands at, and the citizen that counter just finished, whose SKM form it shows.

The tablet learns of a finish live (`survey.ticket` to the room `survey:COUNTER`, web/
realtime.py) and from `tablet_state` after a reconnect, since emits are lost while the
socket or the message queue is down. It is handed the finished ticket's tracking token: the
one credential POST /skm/responses takes, and the SKM service lets a survey device use it
only for a ticket finished at its own counter. The officer's name is never part of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.domain import access
from queue_server.domain.catalog import Catalog
from queue_server.domain.errors import Forbidden
from queue_server.domain.models import Counter, DeviceKind, Ticket, TicketStatus
from queue_server.services.hall import Hall, require

# after this the citizen has left the counter: a reconnecting tablet goes back to idle
# rather than offer the next citizen the previous one's form
FRESH_FOR = timedelta(minutes=3)


@dataclass(frozen=True)
class SurveyTicket:
    """The citizen just finished at the tablet's counter, as the tablet may know them."""

    token: str  # the ticket's tracking token: the form posts it
    code: str
    service_id: str
    service_name: str
    service_name_en: str
    finished_at: datetime
    event_id: int
    language: str  # chosen at the kiosk: the form opens in it


@dataclass(frozen=True)
class TabletState:
    counter: Counter
    agency_name: str
    ticket: SurveyTicket | None  # None: idle (nobody finished lately, or already answered)
    event_id: int  # the newest event the state includes, for the tablet's event gate
    now: datetime


def tablet_counter(hall: Hall, principal: access.Principal, catalog: Catalog) -> Counter:
    """The counter a survey tablet stands at; anyone else is refused."""
    require(principal.device_kind is DeviceKind.SURVEY, principal.kind == "anonymous",
            "membuka tablet survei")
    if len(principal.counters) != 1:
        raise Forbidden("Tablet survei ini belum ditempatkan di sebuah loket: pasangkan "
                        "ulang dari halaman Perangkat.", field="counter_id")
    [counter_id] = principal.counters
    return hall.counter_of(catalog, counter_id)


def survey_ticket(catalog: Catalog, ticket: Ticket, event_id: int) -> SurveyTicket | None:
    """What the tablet shows of a finished ticket (None unless it is done)."""
    if ticket.status is not TicketStatus.DONE or ticket.finished_at is None:
        return None
    service = catalog.services.get(ticket.service_id)
    return SurveyTicket(ticket.track_token, ticket.code, ticket.service_id,
                        service.name if service else "", service.name_en if service else "",
                        ticket.finished_at, event_id, ticket.language)


def tablet_state(hall: Hall, principal: access.Principal) -> TabletState:
    """The tablet's whole picture: its counter and the citizen to ask, if any."""
    catalog = hall.current_catalog()
    counter = tablet_counter(hall, principal, catalog)
    now = hall.now()
    ticket: SurveyTicket | None = None
    with hall.store.read() as tx:
        last_id = tx.events.last_id()
        # the counter's latest finish (kept events only: service_ids=[] matches none)
        finished = tx.events.page(since=now - FRESH_FOR, until=now + timedelta(seconds=1),
                                  type="finished", service_ids=[], counter_ids=[counter.id],
                                  limit=1)
        if finished and finished[0].ticket_id is not None:
            row = tx.tickets.get(finished[0].ticket_id)
            if tx.skm.for_ticket(row.id) is None:
                ticket = survey_ticket(catalog, row, finished[0].id)
    agency = catalog.agencies.get(counter.agency_id)
    return TabletState(counter, agency.name if agency else "", ticket, last_id, now)
