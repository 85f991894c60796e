"""What an officer's console shows and the counter-level actions (pause and resume)."""

from __future__ import annotations

from dataclasses import dataclass

from queue_server.domain import access, forfeit, transfers
from queue_server.domain.console_actions import Blocked, ConsoleAction, console_actions
from queue_server.domain.errors import BadRequest, Conflict
from queue_server.domain.models import Counter, CounterStatus, Ticket
from queue_server.services.estimates import queue_positions, ticket_info, ticket_infos
from queue_server.services.hall import Hall, Outcome, TicketInfo, require
from queue_server.services.printing import printer_of
from queue_server.store.events import OfficerDay

WAITING_SHOWN = 100  # the console lists the next hundred; call-next sees everyone
RECENT_SHOWN = 10  # today's latest calls of the counter, to reprint a lost ticket


@dataclass(frozen=True)
class SkippedTicket:
    ticket: Ticket
    recallable: bool
    later_calls: int


@dataclass(frozen=True)
class ConsoleState:
    event_id: int
    counter: Counter
    current: TicketInfo | None
    waiting: list[TicketInfo]
    skipped: list[SkippedTicket]
    stats: OfficerDay
    forfeit_after: int
    # every console action -> None when allowed now, else why not (from the state machine)
    actions: dict[ConsoleAction, Blocked | None]
    # the counters the current ticket may be transferred to, keeping its service (the
    # picker lists these, domain/transfers.py decides)
    transfer_counters: list[Counter]
    # the tickets this counter called today, latest first, the current one left out
    recent: list[Ticket]
    # whether a reprint from here has a printer to go to (POST /tickets/{id}/reprint)
    can_reprint: bool


def _counter(hall: Hall, principal: access.Principal, counter_id: str, catalog) -> Counter:
    counter = hall.counter_of(catalog, counter_id)
    require(access.can_act_at_counter(principal, counter), principal.kind == "anonymous",
            f"bertugas di {counter.name}")
    return counter


def console_state(hall: Hall, principal: access.Principal, counter_id: str) -> ConsoleState:
    now = hall.now()
    day = hall.today(now)
    since = hall.start_of_day(now)
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        counter = _counter(hall, principal, counter_id, catalog)
        holding = tx.tickets.at_counter(counter.id)
        current = ticket_info(hall, tx, catalog, holding[-1], now) if holding else None
        could_call = {t.id: t for t in tx.tickets.waiting_for_counter(counter, day)}
        positions = queue_positions(hall, tx, catalog, could_call.values(), now)
        # listed in the order this counter's call-next would take them
        shown = [could_call[i] for i in positions.order_at(counter.id)][:WAITING_SHOWN]
        waiting = ticket_infos(hall, tx, catalog, shown, now, positions)
        skipped = []
        limit = hall.settings.queue.forfeit_after
        for t in tx.tickets.skipped_at_counter(counter.id, day):
            skip_id = tx.events.latest_id(t.id, "skipped") or 0
            later = tx.events.calls_of_service_after(t.service_id, skip_id)
            skipped.append(SkippedTicket(t, forfeit.recall_allowed(later, limit), later))
        stats = tx.events.officer_day(principal.actor, since)
        actions = console_actions(counter.status, current.ticket.status if current else None,
                                  len(could_call))
        sendable = (transfers.counters_for(catalog, current.ticket, leaving=counter.id)
                    if current else [])
        recent = [t for t in tx.tickets.called_at_counter(counter.id, since, RECENT_SHOWN + 1)
                  if not current or t.id != current.ticket.id][:RECENT_SHOWN]
        can_reprint = access.can_reprint(principal) and printer_of(
            hall.settings.printers, hall.settings.kiosk_printers, principal) is not None
        return ConsoleState(tx.events.last_id(), counter, current, waiting, skipped,
                            stats, limit, actions, sendable, recent, can_reprint)


def set_paused(hall: Hall, principal: access.Principal, counter_id: str, paused: bool,
               reason: str | None = None) -> Outcome:
    """A break (prayer, lunch, system down): displays show the counter as closed and
    call-next refuses until it resumes."""
    if paused and not (reason or "").strip():
        raise BadRequest("Sebutkan alasan istirahat (mis. salat, makan siang).", field="reason")
    now = hall.now()
    with hall.store.write() as tx:
        catalog = hall.catalog(tx)
        counter = _counter(hall, principal, counter_id, catalog)
        wanted = CounterStatus.PAUSED if paused else CounterStatus.OPEN
        if counter.status is wanted:
            raise Conflict(f"{counter.name} sudah {'istirahat' if paused else 'buka'}.",
                           field="status")
        tx.catalog.set_counter_status(counter.id, wanted, reason.strip() if paused and reason
                                      else None)
        tx.events.append("counter_paused" if paused else "counter_resumed", now,
                         principal.actor, counter_id=counter.id,
                         data={"reason": reason.strip() if reason else None})
        after = hall.catalog(tx).counters[counter.id]
        outcome = Outcome(ticket=None, events=tx.written, counter=after)
    return hall.publish(outcome)
