"""Who may do what. Every page, endpoint and socket room asks these functions, so the
rules of API.md live in one place: kiosk devices issue, display devices read the hall,
officers act at their own counters, supervisors within their agencies, admins everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Counter, DeviceKind, Role, Ticket


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str  # "anonymous" | "user" | "device"
    name: str = ""
    role: Role | None = None
    device_kind: DeviceKind | None = None
    agencies: frozenset[str] = field(default_factory=frozenset)
    counters: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = None
    device_id: int | None = None
    # the credential it came with, so an open socket can be dropped when it is revoked
    token_id: int | None = None
    session_hash: str | None = None
    # a browser session opened with a one-time password: only changing it is allowed
    must_change_password: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_staff(self) -> bool:
        return self.role is not None

    @property
    def actor(self) -> str:
        """How the events table names whoever did something."""
        if self.kind == "user":
            return f"user:{self.name}"
        if self.kind == "device":
            return f"device:{self.name}"
        return "anonymous"


ANONYMOUS = Principal(kind="anonymous")


def supervises(p: Principal, agency_id: str) -> bool:
    return p.is_admin or (p.role is Role.SUPERVISOR and agency_id in p.agencies)


def can_issue(p: Principal, agency_id: str) -> bool:
    return p.device_kind is DeviceKind.KIOSK or supervises(p, agency_id)


def can_act_at_counter(p: Principal, counter: Counter) -> bool:
    if supervises(p, counter.agency_id):
        return True
    return p.role is Role.OFFICER and counter.id in p.counters


def can_manage_ticket(p: Principal, ticket: Ticket, counters: Iterable[Counter]) -> bool:
    """Act on a ticket: at the counter that holds it, or, while nobody holds it, at any of
    the officer's counters that could call it."""
    if supervises(p, ticket.agency_id):
        return True
    if p.role is not Role.OFFICER:
        return False
    if ticket.counter_id is not None:
        return ticket.counter_id in p.counters
    return any(
        c.id in p.counters
        and (ticket.target_counter_id == c.id
             or (ticket.target_counter_id is None and ticket.service_id in c.service_weights))
        for c in counters
    )


def can_view_agency(p: Principal, agency_id: str, counters: Iterable[Counter] = ()) -> bool:
    if supervises(p, agency_id):
        return True
    return p.role is Role.OFFICER and any(
        c.agency_id == agency_id and c.id in p.counters for c in counters
    )


def can_view_ticket(p: Principal, ticket: Ticket, counters: Iterable[Counter]) -> bool:
    counters = list(counters)
    return can_manage_ticket(p, ticket, counters) or can_view_agency(
        p, ticket.agency_id, counters
    )


def can_view_display(p: Principal) -> bool:
    """The hall's public picture (calls, waiting counts): TVs, kiosks (which show waiting
    counts live) and staff."""
    return p.device_kind in (DeviceKind.DISPLAY, DeviceKind.KIOSK) or p.is_staff


def can_read_audit(p: Principal) -> bool:
    """The audit log: admins all of it, supervisors what touched their agencies."""
    return p.is_admin or p.role is Role.SUPERVISOR


def can_reprint(p: Principal) -> bool:
    return p.device_kind is DeviceKind.KIOSK or p.is_staff


def can_manage_users(p: Principal) -> bool:
    """Reach the staff accounts at all: admins, and supervisors for their officers."""
    return p.is_admin or p.role is Role.SUPERVISOR


def can_manage_user(p: Principal, role: Role, agencies: Iterable[str],
                    counter_agencies: Iterable[str | None]) -> bool:
    """Manage an account of this shape (before and after a change): an admin any account; a
    supervisor only officers whose counters (at least one) all belong to their agencies.
    `counter_agencies` holds the agency of each counter (None: a counter no longer known)."""
    if p.is_admin:
        return True
    if p.role is not Role.SUPERVISOR or role is not Role.OFFICER:
        return False
    owners = list(counter_agencies)
    return bool(owners) and all(a in p.agencies for a in owners) and \
        set(agencies) <= p.agencies
