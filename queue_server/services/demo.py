"""The MPP Lebong demo: devices and accounts with fresh random secrets at every start
(printed once, never stored in clear), and a morning's worth of tickets so a visitor sees
a living hall at once."""

from __future__ import annotations

import contextlib
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from queue_server.domain.access import Principal
from queue_server.domain.errors import QueueError
from queue_server.domain.models import DeviceKind, Role
from queue_server.services import accounts, simulation, tickets
from queue_server.services.hall import Hall

DEMO_USERS: tuple[tuple[str, Role, tuple[str, ...], tuple[str, ...]], ...] = (
    ("admin-demo", Role.ADMIN, (), ()),
    ("supervisor-dukcapil", Role.SUPERVISOR, ("dukcapil",), ()),
    ("petugas-loket-1", Role.OFFICER, (), ("loket-1",)),
    ("petugas-loket-2", Role.OFFICER, (), ("loket-2",)),
    ("petugas-loket-6", Role.OFFICER, (), ("loket-6",)),
    ("petugas-loket-15", Role.OFFICER, (), ("loket-15",)),
)
DEMO_KIOSK = "kiosk-lobi"
HISTORY_DAYS = 14  # two weeks of simulated days behind the demo's today, for the reports
HISTORY_TICKETS = 500  # citizens a day at MPP Lebong (quotas and hours may turn some away)
DEMO_DISPLAY = "tv-lobi"


@dataclass
class DemoCredentials:
    kiosk_token: str
    display_token: str
    users: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, role, pw, token


def _password() -> str:
    # readable aloud to a colleague: no 0/O or 1/l
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def prepare_demo(hall: Hall) -> DemoCredentials:
    """Create or refresh the demo devices and people; old demo tokens stop working."""
    catalog = hall.current_catalog()
    for name in (DEMO_KIOSK, DEMO_DISPLAY, *(u[0] for u in DEMO_USERS)):
        with contextlib.suppress(QueueError):  # nothing to revoke on a first start
            accounts.revoke_token(hall, name, actor="demo")
    kiosk = accounts.create_device_token(hall, DEMO_KIOSK, DeviceKind.KIOSK.value, "demo")
    display = accounts.create_device_token(hall, DEMO_DISPLAY, DeviceKind.DISPLAY.value,
                                           "demo")
    creds = DemoCredentials(kiosk.secret, display.secret)
    for name, role, agencies, counters in DEMO_USERS:
        agencies = tuple(a for a in agencies if a in catalog.agencies)
        counters = tuple(c for c in counters if c in catalog.counters)
        if (role is Role.SUPERVISOR and not agencies) or (role is Role.OFFICER and not counters):
            continue  # a config without these agencies or counters
        password = _password()
        password_hash = accounts.hash_password(password)  # slow on purpose: not in the lock
        with hall.store.write() as tx:
            try:
                user_id = tx.accounts.user_id(name)
            except QueueError:
                user_id = tx.accounts.create_user(name, role.value, None, hall.now())
            tx.accounts.set_user_scope(user_id, agencies, counters)
            tx.accounts.set_password_hash(user_id, password_hash)
        token = accounts.create_user_token(hall, name, actor="demo")
        creds.users.append((name, role.value, password, token.secret))
    return creds


def seed_demo_tickets(hall: Hall, count: int = 36, calls: int = 4) -> int:
    """Issue tickets through the real use cases when today's hall is still empty."""
    with hall.store.read() as tx:
        if tx.tickets.issued_counts(hall.today()):
            return 0
        catalog = hall.catalog(tx)
    # issued as staff, not as the kiosk: the morning's tickets are not printed again at
    # every start of the demo
    admin = Principal(kind="user", name="demo", role=Role.ADMIN)
    rng = random.Random(hall.today())
    services = [s for s in catalog.services.values()
                if any(s.id in c.service_weights for c in catalog.counters.values())]
    # the busy services of a real MPP morning get most of the tickets
    weights = [6 if s.agency_id in ("dukcapil", "samsat") else 2 for s in services]
    issued = 0
    for _ in range(count):
        service = rng.choices(services, weights)[0]
        try:
            tickets.issue_ticket(hall, admin, service.id, priority=rng.random() < 0.1,
                                 language="id")
            issued += 1
        except QueueError:
            continue
    for counter in list(catalog.counters.values())[:calls]:
        tickets.call_next(hall, admin, counter.id)
    return issued


def history_days(hall: Hall, today: date, days: int = HISTORY_DAYS) -> list[date]:
    """The days of the last `days` that a simulation may fill: open (no holiday, with
    hours) and still without a ticket. A day that holds tickets is never touched."""
    wanted = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        try:
            simulation.check_days(hall, day, 1, today)
        except QueueError:
            continue
        wanted.append(day)
    return wanted
