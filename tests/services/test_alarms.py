"""Alarms on a real SQLite file with the fake clock: raised once per condition, cleared when
it is gone (each an event), acknowledged with who did it, seen only within scope; and the
heartbeats of kiosks and TVs."""

from __future__ import annotations

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.alarms import PrinterReading
from queue_server.domain.errors import BadRequest, Forbidden, NotFound, Unauthorized
from queue_server.services import accounts, alarms, supervision, tickets
from tests.conftest import ADMIN, KIOSK, display_principal, officer, supervisor

DUKCAPIL = supervisor("dukcapil", name="sari")
SAMSAT = supervisor("samsat", name="tono")
RINA = officer("loket-1", name="rina")


def open_kinds(hall) -> set[tuple[str, str]]:
    with hall.store.read() as tx:
        return {(a.kind.value, a.subject) for a in tx.alarms.open()}


def alarm_events(hall) -> list[tuple[str, str]]:
    with hall.store.read() as tx:
        rows = tx.conn.execute("SELECT type, json_extract(data, '$.subject') FROM events "
                               "WHERE type LIKE 'alarm.%' ORDER BY id").fetchall()
    return [(r[0], r[1]) for r in rows]


def test_a_long_wait_is_raised_once_and_cleared_when_the_citizen_is_called(hall, clock):
    tickets.issue_ticket(hall, KIOSK, "ktp-el")  # max wait 60 minutes
    clock.advance(minutes=59)
    alarms.evaluate(hall)
    assert ("long_wait", "service:ktp-el") not in open_kinds(hall)
    clock.advance(minutes=1)
    raised = alarms.evaluate(hall)
    assert ("alarm.raised", "service:ktp-el") in [
        (e.type, e.data["subject"]) for e in raised.events]
    assert alarms.evaluate(hall).events == []  # the same conditions: no second alarm
    assert ("long_wait", "service:ktp-el") in open_kinds(hall)
    tickets.call_next(hall, RINA, "loket-1")
    cleared = alarms.evaluate(hall)
    assert ("alarm.cleared", "service:ktp-el") in [
        (e.type, e.data["subject"]) for e in cleared.events]
    assert ("long_wait", "service:ktp-el") not in open_kinds(hall)
    assert alarm_events(hall).count(("alarm.raised", "service:ktp-el")) == 1


def test_an_idle_counter_alarm_names_the_counter_and_its_agency(hall, clock):
    first = tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket.ticket
    tickets.call_next(hall, RINA, "loket-1")
    tickets.start(hall, RINA, first.id)
    tickets.finish(hall, RINA, first.id)  # staffed today, and now nobody at it
    tickets.issue_ticket(hall, KIOSK, "ktp-el")
    clock.advance(minutes=9)  # [queue] idle_alarm_minutes defaults to 10
    alarms.evaluate(hall)
    assert ("idle_counter", "counter:loket-1") not in open_kinds(hall)
    clock.advance(minutes=1)
    alarms.evaluate(hall)
    with hall.store.read() as tx:
        idle = {a.counter_id: a for a in tx.alarms.open() if a.kind.value == "idle_counter"}
    assert "loket-1" in idle and idle["loket-1"].agency_id == "dukcapil"
    alarms.acknowledge(hall, DUKCAPIL, idle["loket-1"].id)
    clock.advance(minutes=1)  # the alarm's own events are not the counter acting
    assert alarms.evaluate(hall).events == []
    (line,) = [c for c in supervision.supervision(hall, DUKCAPIL).agencies[0].counters
               if c.id == "loket-1"]
    assert (line.officer, line.idle_minutes) == ("rina", 11)
    tickets.call_next(hall, RINA, "loket-1")
    alarms.evaluate(hall)
    assert ("idle_counter", "counter:loket-1") not in open_kinds(hall)


def test_printer_alarms_clear_only_when_the_printer_is_known_to_be_well(hall, clock):
    down = (PrinterReading("kios-1", False, "out", "offline", clock()),)
    alarms.evaluate(hall, down)
    assert ("printer_down", "printer:kios-1") in open_kinds(hall)
    alarms.evaluate(hall, None)  # a process without the spooler leaves it alone
    assert ("printer_down", "printer:kios-1") in open_kinds(hall)
    alarms.evaluate(hall, (PrinterReading("kios-1", True, "ok", "siap", clock()),))
    assert ("printer_down", "printer:kios-1") not in open_kinds(hall)


def test_a_silent_screen_is_alarmed_but_a_revoked_one_is_not(hall, clock):
    accounts.create_device_token(hall, "tv-lobi", "display")
    accounts.create_device_token(hall, "tv-lama", "display")
    alarms.heartbeat(hall, display_principal("tv-lobi"), "display")
    alarms.heartbeat(hall, display_principal("tv-lama"), "display")
    accounts.revoke_token(hall, "tv-lama")
    clock.advance(seconds=91)
    alarms.evaluate(hall)
    offline = {s for k, s in open_kinds(hall) if k == "screen_offline"}
    assert offline == {"device:tv-lobi"}
    alarms.heartbeat(hall, display_principal("tv-lobi"), "display")
    alarms.evaluate(hall)
    assert not {s for k, s in open_kinds(hall) if k == "screen_offline"}


def test_only_kiosks_and_tvs_send_heartbeats_for_their_own_page(hall):
    with pytest.raises(Unauthorized):
        alarms.heartbeat(hall, ANONYMOUS, "kiosk")
    with pytest.raises(Forbidden):
        alarms.heartbeat(hall, DUKCAPIL, "kiosk")
    with pytest.raises(Forbidden) as bad:
        alarms.heartbeat(hall, KIOSK, "display")
    assert bad.value.field == "page"


def test_acknowledging_records_who_and_an_event_and_the_alarm_stays_open(hall, clock):
    tickets.issue_ticket(hall, KIOSK, "ktp-el")
    clock.advance(minutes=61)
    alarms.evaluate(hall)
    (long_wait,) = [a for a in alarms.open_alarms(hall, DUKCAPIL) if a.kind == "long_wait"]
    acked = alarms.acknowledge(hall, DUKCAPIL, long_wait.id)
    assert acked.acknowledged_by == "sari" and acked.acknowledged_at == clock()
    assert ("alarm.acknowledged", "service:ktp-el") in alarm_events(hall)
    with hall.store.read() as tx:
        actor = tx.conn.execute("SELECT actor FROM events WHERE type = "
                                "'alarm.acknowledged'").fetchone()[0]
    assert actor == "user:sari"
    assert ("long_wait", "service:ktp-el") in open_kinds(hall)
    with pytest.raises(NotFound):
        alarms.acknowledge(hall, DUKCAPIL, 999)


def test_a_cleared_alarm_cannot_be_acknowledged(hall, clock):
    tickets.issue_ticket(hall, KIOSK, "ktp-el")
    clock.advance(minutes=61)
    alarms.evaluate(hall)
    (long_wait,) = [a for a in alarms.open_alarms(hall, ADMIN) if a.kind == "long_wait"]
    tickets.call_next(hall, RINA, "loket-1")
    alarms.evaluate(hall)
    with pytest.raises(BadRequest) as bad:
        alarms.acknowledge(hall, ADMIN, long_wait.id)
    assert bad.value.field == "id"


def test_alarms_are_scoped_to_the_supervisors_agencies(hall, clock):
    tickets.issue_ticket(hall, KIOSK, "ktp-el")
    clock.advance(minutes=61)
    alarms.evaluate(hall)
    (long_wait,) = [a for a in alarms.open_alarms(hall, ADMIN) if a.kind == "long_wait"]
    assert long_wait not in alarms.open_alarms(hall, SAMSAT)
    with pytest.raises(Forbidden):  # another agency's alarm is not theirs to acknowledge
        alarms.acknowledge(hall, SAMSAT, long_wait.id)
    with pytest.raises(Forbidden):
        alarms.open_alarms(hall, RINA)
    with pytest.raises(Unauthorized):
        alarms.acknowledge(hall, ANONYMOUS, long_wait.id)
    with pytest.raises(Forbidden):
        supervision.supervision(hall, SAMSAT, "dukcapil")


def test_the_snapshot_counts_the_queue_the_counters_and_the_quota(hall, clock):
    for _ in range(3):
        tickets.issue_ticket(hall, KIOSK, "ktp-el")
    clock.advance(minutes=12)
    tickets.call_next(hall, RINA, "loket-1")
    state = supervision.supervision(hall, DUKCAPIL)
    assert [a.id for a in state.agencies] == ["dukcapil"]
    (dukcapil,) = state.agencies
    assert (dukcapil.waiting, dukcapil.longest_wait_minutes, dukcapil.served_today) == (2, 12, 0)
    ktp = next(s for s in dukcapil.services if s.id == "ktp-el")
    assert (ktp.waiting, ktp.quota_used, ktp.daily_quota) == (2, 3, 150)
    counters = {c.id: c for c in dukcapil.counters}
    assert (counters["loket-1"].status, counters["loket-1"].officer,
            counters["loket-1"].current_ticket) == ("calling", "rina", "A001")
    assert supervision.supervision(hall, ADMIN).agencies[0].id == "dukcapil"
    assert len(supervision.supervision(hall, ADMIN).agencies) > 1
