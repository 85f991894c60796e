"""The use cases of a ticket's life. Each validates, runs one `BEGIN IMMEDIATE` transaction
that changes rows and appends events, then publishes the committed outcome."""

from __future__ import annotations

from queue_server.domain import access, forfeit, ticket_states, transfers
from queue_server.domain.call_policy import choose_next, regular_streak
from queue_server.domain.calling import ensure_counter_calls
from queue_server.domain.errors import BadRequest, Conflict, ServiceClosed
from queue_server.domain.idempotency import check_same_request
from queue_server.domain.models import Counter, PriorityKind, Ticket, TicketStatus

from .estimates import ticket_info
from .hall import Hall, Outcome, require
from .ticket_work import Work as _Work
from .ticket_work import finish_outcome as _finish
from .ticket_work import new_ticket
from .ticket_work import ticket_transaction as _transaction

LANGUAGES = ("id", "en")


def _ticket(work: _Work, ticket_id: object) -> Ticket:
    if isinstance(ticket_id, bool) or not isinstance(ticket_id, int):
        raise BadRequest("Nomor tiket harus berupa angka.", field="id")
    return work.tx.tickets.get(ticket_id)


# ---------------------------------------------------------------- issue


def issue_ticket(
    hall: Hall,
    principal: access.Principal,
    service_id: str,
    *,
    priority: bool = False,
    priority_kind: str | None = None,
    language: str = "id",
    idempotency_key: str | None = None,
    request_fingerprint: str | None = None,
) -> Outcome:
    if language not in LANGUAGES:
        raise BadRequest("Bahasa harus 'id' atau 'en'.", field="language")
    kind = None
    if priority_kind is not None:
        try:
            kind = PriorityKind(priority_kind)
        except ValueError:
            raise BadRequest(
                "Jenis prioritas harus lansia, disabilitas atau ibu_hamil.",
                field="priority_kind") from None
        priority = True
    with _transaction(hall, principal) as work:
        service = hall.service_of(work.catalog, service_id)
        require(access.can_issue(principal, service.agency_id), principal.kind == "anonymous",
                "mengambil nomor antrian")
        earlier = (work.tx.idempotency.recall(principal.actor, idempotency_key)
                   if idempotency_key else None)
        if earlier is not None and earlier.ticket_id is not None:
            # the same tap sent twice (double tap, retry after a timeout): same ticket
            check_same_request(earlier, request_fingerprint)
            ticket = work.tx.tickets.get(earlier.ticket_id)
            work.touched[ticket.id] = ticket
        else:
            ticket = new_ticket(work, principal, service, priority, kind, language)
            if idempotency_key:
                work.tx.idempotency.remember(principal.actor, idempotency_key, ticket.id,
                                             work.now, request_fingerprint)
    return _finish(hall, work, ticket)


# ---------------------------------------------------------------- calling


def _counter_for(work: _Work, principal: access.Principal, counter_id: object) -> Counter:
    counter = work.hall.counter_of(work.catalog, counter_id)
    require(access.can_act_at_counter(principal, counter), principal.kind == "anonymous",
            f"bertugas di {counter.name}")
    return counter


def _close_current(work: _Work, counter: Counter, keep: int | None = None) -> None:
    """A counter serves one citizen at a time: calling the next one finishes whoever is
    being served and marks a called-but-absent citizen as a no-show (recallable)."""
    for current in work.tx.tickets.at_counter(counter.id):
        if current.id == keep:
            continue
        if current.status is TicketStatus.SERVING:
            work.save(ticket_states.finish(current, work.now))
            work.event("finished", current, counter.id, auto=True)
        else:
            work.save(ticket_states.skip(current, work.now))
            work.event("skipped", current, counter.id, auto=True)


def _call(work: _Work, ticket: Ticket, counter: Counter, **data: object) -> Ticket:
    _close_current(work, counter, keep=ticket.id)
    called = work.save(ticket_states.call(ticket, counter.id, work.now))
    work.changed_services.add(ticket.service_id)
    work.event("called", called, counter.id, priority=ticket.priority, **data)
    return called


def call_next(hall: Hall, principal: access.Principal, counter_id: str,
              idempotency_key: str | None = None,
              request_fingerprint: str | None = None) -> Outcome:
    """`idempotency_key`: the console sends one per press, so a double press, or a retry
    after a lost answer, returns the citizen already called instead of calling another."""
    with _transaction(hall, principal) as work:
        counter = _counter_for(work, principal, counter_id)
        key = f"call-next:{counter.id}:{idempotency_key}" if idempotency_key else None
        earlier = work.tx.idempotency.recall(principal.actor, key) if key else None
        if earlier is not None:
            check_same_request(earlier, request_fingerprint)
            called = (work.tx.tickets.get(earlier.ticket_id)
                      if earlier.ticket_id is not None else None)
            if called is not None:
                work.touched[called.id] = called
        else:
            called = _call_next(work, counter)
            if key is not None:
                work.tx.idempotency.remember(principal.actor, key,
                                             called.id if called else None, work.now,
                                             request_fingerprint)
    return _finish(hall, work, called, counter)


def _call_next(work: _Work, counter: Counter) -> Ticket | None:
    hall = work.hall
    ensure_counter_calls(counter)
    heads = work.tx.tickets.waiting_heads(counter, work.day)
    streak = regular_streak(work.tx.events.recent_call_priorities(
        counter.id, hall.policy.regular_per_priority + 1))
    chosen = choose_next(
        heads, counter, policy=hall.policy,
        max_wait_minutes={s.id: s.max_wait_minutes for s in work.catalog.services.values()},
        regular_since_priority=streak, now=work.now,
    )
    called = _call(work, chosen, counter) if chosen is not None else None
    if called is None:
        _close_current(work, counter)
    return called


def call_specific(hall: Hall, principal: access.Principal, ticket_id: int, counter_id: str,
                  reason: str) -> Outcome:
    if not isinstance(reason, str) or not reason.strip():
        raise BadRequest("Sebutkan alasan memanggil nomor di luar urutan.", field="reason")
    with _transaction(hall, principal) as work:
        counter = _counter_for(work, principal, counter_id)
        ensure_counter_calls(counter)  # a paused counter calls nobody, by number neither
        ticket = _ticket(work, ticket_id)
        ticket_states.target_status(ticket.status, ticket_states.Move.CALL)
        servable = ticket.target_counter_id == counter.id or (
            ticket.target_counter_id is None and ticket.service_id in counter.service_weights)
        if not servable:
            raise Conflict(f"Tiket {ticket.code} tidak dilayani di {counter.name}; "
                           "alihkan tiket ke loket ini lebih dulu.", field="counter_id")
        called = _call(work, ticket, counter, out_of_order=True, reason=reason.strip())
    return _finish(hall, work, called, counter)


def recall(hall: Hall, principal: access.Principal, ticket_id: int,
           counter_id: str | None = None) -> Outcome:
    with _transaction(hall, principal) as work:
        ticket = _ticket(work, ticket_id)
        ticket_states.target_status(ticket.status, ticket_states.Move.RECALL)
        counter = _counter_for(work, principal, counter_id or ticket.counter_id)
        if ticket.status is TicketStatus.NO_SHOW:
            # calling a skipped citizen back is a call: not while the counter is paused.
            # Announcing again the citizen already called here is not (no one else is
            # sent to the counter, and that citizen must still be able to find it).
            ensure_counter_calls(counter)
            skipped_at = work.tx.events.latest_id(ticket.id, "skipped") or 0
            forfeit.ensure_recall_allowed(
                ticket.code, work.tx.events.calls_of_service_after(ticket.service_id, skipped_at),
                hall.settings.queue.forfeit_after)
            _close_current(work, counter, keep=ticket.id)
        elif ticket.counter_id != counter.id:
            raise Conflict(f"Tiket {ticket.code} sedang dipanggil di loket lain.",
                           field="counter_id")
        recalled = work.save(ticket_states.recall(ticket, counter.id, work.now))
        work.event("recalled", recalled, counter.id, priority=ticket.priority,
                   was=ticket.status.value)
    return _finish(hall, work, recalled, counter)


# ---------------------------------------------------------------- serving


def _act(hall: Hall, principal: access.Principal, ticket_id: int, move: ticket_states.Move,
         what: str, **data: object) -> Outcome:
    with _transaction(hall, principal) as work:
        ticket = _ticket(work, ticket_id)
        counters = list(work.catalog.counters.values())
        require(access.can_manage_ticket(principal, ticket, counters),
                principal.kind == "anonymous", f"{what} tiket {ticket.code}")
        moves = {
            ticket_states.Move.START: ticket_states.start,
            ticket_states.Move.FINISH: ticket_states.finish,
            ticket_states.Move.SKIP: ticket_states.skip,
            ticket_states.Move.CANCEL: ticket_states.cancel,
        }
        changed = work.save(moves[move](ticket, work.now))
        if ticket.status is TicketStatus.WAITING or changed.status is TicketStatus.WAITING:
            work.changed_services.add(ticket.service_id)
        past = {"start": "started", "finish": "finished", "skip": "skipped",
                "cancel": "cancelled"}[move.value]
        work.event(past, changed, ticket.counter_id, **{k: v for k, v in data.items() if v})
        counter = work.catalog.counters.get(ticket.counter_id or "")
    return _finish(hall, work, changed, counter)


def start(hall: Hall, principal: access.Principal, ticket_id: int) -> Outcome:
    return _act(hall, principal, ticket_id, ticket_states.Move.START, "melayani")


def finish(hall: Hall, principal: access.Principal, ticket_id: int) -> Outcome:
    return _act(hall, principal, ticket_id, ticket_states.Move.FINISH, "menyelesaikan")


def skip(hall: Hall, principal: access.Principal, ticket_id: int) -> Outcome:
    return _act(hall, principal, ticket_id, ticket_states.Move.SKIP, "melewati")


def cancel(hall: Hall, principal: access.Principal, ticket_id: int,
           reason: str | None = None) -> Outcome:
    return _act(hall, principal, ticket_id, ticket_states.Move.CANCEL, "membatalkan",
                reason=reason)


def transfer(hall: Hall, principal: access.Principal, ticket_id: int, *,
             service_id: str | None = None, counter_id: str | None = None,
             reason: str | None = None) -> Outcome:
    if service_id is None and counter_id is None:
        raise BadRequest("Pilih layanan atau loket tujuan.", field="service_id")
    with _transaction(hall, principal) as work:
        ticket = _ticket(work, ticket_id)
        counters = list(work.catalog.counters.values())
        require(access.can_manage_ticket(principal, ticket, counters),
                principal.kind == "anonymous", f"mengalihkan tiket {ticket.code}")
        target_counter = (hall.counter_of(work.catalog, counter_id)
                          if counter_id is not None else None)
        if service_id is not None:
            service = hall.service_of(work.catalog, service_id)
            if not work.catalog.offered(service) and service.id != ticket.service_id:
                raise ServiceClosed(f"{service.name} tidak lagi tersedia.",
                                    field="service_id")
        else:  # to a counter only: the ticket keeps its service
            service = hall.service_of(work.catalog, ticket.service_id)
        if target_counter is not None:
            # it goes first there: only to a counter of the service it will be in
            transfers.ensure_counter_takes(target_counter, service, ticket)
        moved = work.save(ticket_states.transfer(
            ticket, service_id=service.id, agency_id=service.agency_id,
            target_counter_id=target_counter.id if target_counter else None))
        work.changed_services.update({ticket.service_id, service.id})
        # the audit log's record: who (the event's actor), from and to, the ticket's code
        work.event("transferred", moved, ticket.counter_id, from_service=ticket.service_id,
                   from_counter=ticket.counter_id, to_service=service.id,
                   to_counter=target_counter.id if target_counter else None,
                   reason=reason)
        counter = work.catalog.counters.get(ticket.counter_id or "")
    return _finish(hall, work, moved, counter)


# ---------------------------------------------------------------- reads


def get_ticket(hall: Hall, principal: access.Principal, ticket_id: int):
    require(principal.is_staff, principal.kind == "anonymous", "melihat tiket")
    with hall.store.read() as tx:
        catalog = hall.catalog(tx)
        ticket = tx.tickets.get(ticket_id)
        require(access.can_view_ticket(principal, ticket, catalog.counters.values()),
                False, f"melihat tiket {ticket.code}")
        return ticket_info(hall, tx, catalog, ticket, hall.now())

