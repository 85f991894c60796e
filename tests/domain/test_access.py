"""Who may do what: every principal against every rule, with the expected answer written out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from queue_server.domain.access import (
    ANONYMOUS,
    Principal,
    can_act_at_counter,
    can_issue,
    can_manage_ticket,
    can_reprint,
    can_view_agency,
    can_view_display,
    can_view_ticket,
)
from queue_server.domain.models import Counter, DeviceKind, Role, Ticket, TicketStatus

LOKET_1 = Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": 2.0})
LOKET_6 = Counter("loket-6", "Loket 6", 6, "samsat", {"pkb-tahunan": 1.0})
COUNTERS = (LOKET_1, LOKET_6)
ISSUED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def dukcapil_ticket(status: TicketStatus, **changes) -> Ticket:
    values = {
        "id": 1, "code": "A001", "number": 1, "day": "2026-03-02", "service_id": "ktp-el",
        "agency_id": "dukcapil", "status": status, "priority": False, "priority_kind": None,
        "language": "id", "issued_at": ISSUED, "track_token": "tok-1",
    }
    values.update(changes)
    return Ticket(**values)


WAITING = dukcapil_ticket(TicketStatus.WAITING)
HELD_BY_LOKET_1 = dukcapil_ticket(TicketStatus.CALLED, counter_id="loket-1", called_at=ISSUED,
                                  call_count=1)

PRINCIPALS: dict[str, Principal] = {
    "anonymous": ANONYMOUS,
    "kiosk": Principal(kind="device", name="kiosk-1", device_kind=DeviceKind.KIOSK),
    "display": Principal(kind="device", name="tv-1", device_kind=DeviceKind.DISPLAY),
    "officer_loket_1": Principal(kind="user", name="budi", role=Role.OFFICER,
                                 counters=frozenset({"loket-1"})),
    "officer_loket_6": Principal(kind="user", name="sari", role=Role.OFFICER,
                                 counters=frozenset({"loket-6"})),
    "supervisor_dukcapil": Principal(kind="user", name="kabid", role=Role.SUPERVISOR,
                                     agencies=frozenset({"dukcapil"})),
    "supervisor_samsat": Principal(kind="user", name="kasi", role=Role.SUPERVISOR,
                                   agencies=frozenset({"samsat"})),
    "admin": Principal(kind="user", name="admin", role=Role.ADMIN),
}

RULES: dict[str, Callable[[Principal], bool]] = {
    "issue_dukcapil": lambda p: can_issue(p, "dukcapil"),
    "act_at_loket_1": lambda p: can_act_at_counter(p, LOKET_1),
    "manage_waiting_ticket": lambda p: can_manage_ticket(p, WAITING, COUNTERS),
    "manage_ticket_held_by_loket_1": lambda p: can_manage_ticket(p, HELD_BY_LOKET_1, COUNTERS),
    "view_display": can_view_display,
    "view_agency_dukcapil": lambda p: can_view_agency(p, "dukcapil", COUNTERS),
}

# principal: (issue, act at loket-1, manage waiting, manage held, view display, view agency)
EXPECTED: dict[str, tuple[bool, bool, bool, bool, bool, bool]] = {
    "anonymous": (False, False, False, False, False, False),
    "kiosk": (True, False, False, False, True, False),
    "display": (False, False, False, False, True, False),
    "officer_loket_1": (False, True, True, True, True, True),
    "officer_loket_6": (False, False, False, False, True, False),
    "supervisor_dukcapil": (True, True, True, True, True, True),
    "supervisor_samsat": (False, False, False, False, True, False),
    "admin": (True, True, True, True, True, True),
}

CASES = [
    (who, rule, EXPECTED[who][i]) for who in PRINCIPALS for i, rule in enumerate(RULES)
]


def test_expected_table_is_complete() -> None:
    assert set(EXPECTED) == set(PRINCIPALS)
    assert len(CASES) == len(PRINCIPALS) * len(RULES) == 48


@pytest.mark.parametrize(("who", "rule", "allowed"), CASES)
def test_authorisation_matrix(who: str, rule: str, allowed: bool) -> None:
    assert RULES[rule](PRINCIPALS[who]) is allowed


def test_officer_cannot_manage_ticket_transferred_to_another_counter() -> None:
    to_loket_2 = dukcapil_ticket(TicketStatus.WAITING, target_counter_id="loket-2")
    loket_2 = Counter("loket-2", "Loket 2", 2, "dukcapil", {"ktp-el": 2.0})
    officer_1 = PRINCIPALS["officer_loket_1"]
    assert not can_manage_ticket(officer_1, to_loket_2, (*COUNTERS, loket_2))
    officer_2 = Principal(kind="user", name="ani", role=Role.OFFICER,
                          counters=frozenset({"loket-2"}))
    assert can_manage_ticket(officer_2, to_loket_2, (*COUNTERS, loket_2))


def test_officer_can_manage_ticket_transferred_to_own_counter_of_other_service() -> None:
    to_loket_1 = dukcapil_ticket(TicketStatus.WAITING, service_id="kartu-keluarga",
                                 target_counter_id="loket-1")
    assert can_manage_ticket(PRINCIPALS["officer_loket_1"], to_loket_1, COUNTERS)


def test_officer_cannot_manage_ticket_held_by_another_counter() -> None:
    held_by_2 = dukcapil_ticket(TicketStatus.CALLED, counter_id="loket-2")
    assert not can_manage_ticket(PRINCIPALS["officer_loket_1"], held_by_2, COUNTERS)
    assert can_manage_ticket(PRINCIPALS["supervisor_dukcapil"], held_by_2, COUNTERS)


def test_view_ticket_follows_manage_or_agency_view() -> None:
    assert can_view_ticket(PRINCIPALS["officer_loket_1"], HELD_BY_LOKET_1, COUNTERS)
    assert not can_view_ticket(PRINCIPALS["officer_loket_6"], HELD_BY_LOKET_1, COUNTERS)
    assert not can_view_ticket(PRINCIPALS["kiosk"], HELD_BY_LOKET_1, COUNTERS)


def test_reprint_is_for_kiosks_and_staff() -> None:
    allowed = {who for who, p in PRINCIPALS.items() if can_reprint(p)}
    assert allowed == {"kiosk", "officer_loket_1", "officer_loket_6", "supervisor_dukcapil",
                       "supervisor_samsat", "admin"}




def test_actor_names_the_principal_in_events() -> None:
    assert PRINCIPALS["officer_loket_1"].actor == "user:budi"
    assert PRINCIPALS["kiosk"].actor == "device:kiosk-1"
    assert ANONYMOUS.actor == "anonymous"
