"""The audit log: every change by a person or a device, newest first, read from the
append-only events table (never a second record kept by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from queue_server.domain import access
from queue_server.domain.errors import BadRequest
from queue_server.domain.models import Event

from . import admin_users
from .hall import Hall, require
from .local_days import day_range, local_day

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class AuditPage:
    events: list[Event]
    next_cursor: str | None  # give it back as `cursor` for the older events


def _cursor(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise BadRequest("Kursor halaman tidak dikenal; mulai lagi dari halaman pertama.",
                         field="cursor")
    return int(raw)


def audit_page(hall: Hall, principal: access.Principal, *, from_: str | None = None,
               to: str | None = None, actor: str | None = None, type: str | None = None,
               cursor: str | None = None) -> AuditPage:
    """One page of the log for the site's local days `from_`..`to` (both included; today
    when left out). A supervisor sees what touched their agencies' services and counters,
    not the hall's own events (sign-ins, tokens, site settings)."""
    require(access.can_read_audit(principal), principal.kind == "anonymous",
            "melihat log audit")
    today = date.fromisoformat(hall.today())
    # the log runs up to today: `to` left out is today (or `from`, when that is later)
    from_day = local_day(from_, "from", today)
    first, last = day_range(today, from_, to, to_default=max(from_day, today))
    zone = hall.settings.site.zone
    since = datetime.combine(first, time(0), zone)
    until = datetime.combine(last + timedelta(days=1), time(0), zone)
    # a supervisor's officers, whose account changes are theirs to see too
    people = None if principal.is_admin else {"user": [
        u.name for u in admin_users.list_users(hall, principal)], "agency": sorted(
        principal.agencies)}
    with hall.store.read() as tx:
        services = counters = None
        if not principal.is_admin:  # deactivated ones too: their history is still theirs
            services = [s.id for s in tx.catalog.all_services()
                        if s.agency_id in principal.agencies]
            counters = [c.id for c in tx.catalog.all_counters()
                        if c.agency_id in principal.agencies]
        found = tx.events.page(since=since, until=until, before_id=_cursor(cursor),
                               actor=actor or None, type=type or None, service_ids=services,
                               counter_ids=counters, entity_ids=people,
                               limit=PAGE_SIZE + 1)
    more = len(found) > PAGE_SIZE
    shown = found[:PAGE_SIZE]
    return AuditPage(shown, str(shown[-1].id) if more else None)
