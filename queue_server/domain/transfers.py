"""Where a ticket may be transferred to.

A ticket sent to a counter goes first there (`target_counter_id`), so a transfer to a
counter is a way to let someone jump a queue: it is allowed only to a counter that serves
the service the ticket will be in (its own, or the one it is transferred to). A transfer to
a service joins that service's line in the usual order and needs no such rule beyond the
service being offered. The console's picker lists `counters_for` from the server; the
transfer use case checks `ensure_counter_takes`; the rule lives here only.
"""

from __future__ import annotations

from .catalog import Catalog
from .errors import Conflict
from .models import Counter, Service, Ticket


def counter_takes(counter: Counter, service_id: str) -> bool:
    """The counter serves that service (and is in use), so a ticket of it may be sent
    there."""
    return counter.active and service_id in counter.service_weights


def counters_for(catalog: Catalog, ticket: Ticket, *, leaving: str | None = None
                 ) -> list[Counter]:
    """The counters a ticket may be sent to keeping its service, in counter order; not
    `leaving`, the counter it is at (moving nowhere)."""
    return [c for c in catalog.counters_serving(ticket.service_id)
            if c.id != leaving and counter_takes(c, ticket.service_id)]


def ensure_counter_takes(counter: Counter, service: Service, ticket: Ticket) -> None:
    """Conflict unless `counter` serves `service`, the service the ticket is in after the
    transfer."""
    if not counter_takes(counter, service.id):
        raise Conflict(
            f"Tiket {ticket.code} tidak bisa dialihkan ke {counter.name}: loket itu tidak "
            f"melayani {service.name}. Pilih loket yang melayani {service.name}, atau "
            "alihkan ke layanannya.", field="counter_id")
