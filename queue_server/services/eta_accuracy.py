"""How well the estimate a citizen was given at issue matched the wait they then had, over
local days, scoped like the reports: admins the whole hall, a supervisor their agencies."""

from __future__ import annotations

from datetime import date

from queue_server.domain import access
from queue_server.domain.eta_accuracy import Accuracy, Given, accuracy
from queue_server.domain.models import Role

from .hall import Hall, require
from .local_days import day_range


def eta_accuracy(hall: Hall, principal: access.Principal, *, from_: str | None = None,
                 to: str | None = None) -> Accuracy:
    """Over the tickets of the days that were called and had an estimate at issue: the
    minutes given against the minutes from issue to the first call."""
    require(principal.is_admin or principal.role is Role.SUPERVISOR,
            principal.kind == "anonymous", "melihat ketepatan perkiraan waktu tunggu")
    first, last = day_range(date.fromisoformat(hall.today()), from_, to)
    agencies = None if principal.is_admin else principal.agencies
    with hall.store.read() as tx:
        rows = tx.eta.given_and_waited(first.isoformat(), last.isoformat(), agencies)
    return accuracy(Given(service_id, given, (called - issued).total_seconds() / 60)
                    for service_id, given, issued, called in rows)
