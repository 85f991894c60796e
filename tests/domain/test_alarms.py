"""The alarm rules on hand-made snapshots: each kind is raised when its condition holds and
gone from the answer once it does not, as the fake clock moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from queue_server.domain.alarms import (
    AlarmKind,
    CounterActivity,
    Heartbeat,
    PrinterReading,
    Snapshot,
    conditions,
    judged_kinds,
)
from queue_server.domain.catalog import Catalog
from queue_server.domain.models import Agency, Counter, CounterStatus, Service
from tests.conftest import FakeClock

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
KTP = Service("ktp-el", "dukcapil", "A", "Perekaman KTP-el", "KTP", daily_quota=10,
              max_wait_minutes=30, avg_service_minutes=8)
CATALOG = Catalog(
    version=1, agencies={"dukcapil": Agency("dukcapil", "Dukcapil", "Dukcapil")},
    services={"ktp-el": KTP},
    counters={"loket-1": Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": 1.0})},
    zones={})


def snapshot(clock: FakeClock, **kw) -> Snapshot:
    base = dict(now=clock(), catalog=CATALOG, oldest_waiting={}, waiting={}, issued={},
                counters={"loket-1": CounterActivity("loket-1", False, None)})
    return Snapshot(**{**base, **kw})  # type: ignore[arg-type]


def kinds(s: Snapshot) -> dict[str, AlarmKind]:
    return {c.subject: c.kind for c in conditions(s)}


def test_long_wait_is_raised_at_the_services_max_wait_and_gone_once_nobody_waits_long():
    clock = FakeClock(START)
    waiting = dict(oldest_waiting={"ktp-el": START}, waiting={"ktp-el": 1},
                   counters={"loket-1": CounterActivity("loket-1", True, START)})
    clock.advance(minutes=29)
    assert kinds(snapshot(clock, **waiting)) == {}
    clock.advance(minutes=1)
    (found,) = conditions(snapshot(clock, **waiting))
    assert (found.kind, found.subject, found.service_id, found.agency_id) == (
        AlarmKind.LONG_WAIT, "service:ktp-el", "ktp-el", "dukcapil")
    assert found.since == START + timedelta(minutes=30)
    assert "30 menit" in found.message
    assert kinds(snapshot(clock)) == {}  # that citizen was called


def test_a_service_without_max_wait_never_raises_long_wait():
    clock = FakeClock(START)
    catalog = replace(CATALOG, services={"ktp-el": replace(KTP, max_wait_minutes=None)})
    clock.advance(hours=5)
    assert kinds(snapshot(clock, catalog=catalog, oldest_waiting={"ktp-el": START},
                          waiting={"ktp-el": 1},
                          counters={"loket-1": CounterActivity("loket-1", True, None)})) == {}


def test_an_open_idle_counter_with_people_waiting_is_raised_after_n_minutes():
    clock = FakeClock(START)
    last_call = START - timedelta(minutes=20)
    people = dict(oldest_waiting={"ktp-el": START}, waiting={"ktp-el": 2}, idle_minutes=10,
                  counters={"loket-1": CounterActivity("loket-1", False, last_call)})
    clock.advance(minutes=9)
    assert kinds(snapshot(clock, **people)) == {}  # idle counts from when people came
    clock.advance(minutes=1)
    assert kinds(snapshot(clock, **people)) == {"counter:loket-1": AlarmKind.IDLE_COUNTER}
    # it calls someone: busy, and then its new last action restarts the count
    busy = {"loket-1": CounterActivity("loket-1", True, clock())}
    assert kinds(snapshot(clock, **{**people, "counters": busy})) == {}
    after = {"loket-1": CounterActivity("loket-1", False, clock())}
    assert kinds(snapshot(clock, **{**people, "counters": after})) == {}


def test_a_counter_nobody_used_today_is_unstaffed_not_idle():
    clock = FakeClock(START)
    clock.advance(minutes=15)
    assert kinds(snapshot(clock, oldest_waiting={"ktp-el": START}, waiting={"ktp-el": 1},
                          idle_minutes=10)) == {}


def test_a_paused_counter_or_an_empty_queue_is_not_idle():
    clock = FakeClock(START)
    clock.advance(hours=1)
    paused = replace(CATALOG, counters={"loket-1": replace(
        CATALOG.counters["loket-1"], status=CounterStatus.PAUSED, pause_reason="istirahat")})
    assert kinds(snapshot(clock, catalog=paused, oldest_waiting={"ktp-el": START},
                          waiting={"ktp-el": 1})) == {
        "service:ktp-el": AlarmKind.LONG_WAIT}
    assert kinds(snapshot(clock)) == {}


def test_quota_nearly_reached_from_eighty_percent_of_the_daily_quota():
    clock = FakeClock(START)
    assert kinds(snapshot(clock, issued={"ktp-el": 7})) == {}
    found = conditions(snapshot(clock, issued={"ktp-el": 8}))
    assert [(c.kind, c.message) for c in found] == [(
        AlarmKind.QUOTA_NEARLY_REACHED,
        "Perekaman KTP-el: kuota hari ini terpakai 8 dari 10 (80 %).")]
    no_quota = replace(CATALOG, services={"ktp-el": replace(KTP, daily_quota=None)})
    assert kinds(snapshot(clock, catalog=no_quota, issued={"ktp-el": 500})) == {}


def test_a_screen_silent_for_more_than_ninety_seconds_is_offline_until_it_beats_again():
    clock = FakeClock(START)
    beats = (Heartbeat("tv-lobi", "display", START), Heartbeat("kiosk-1", "kiosk", START))
    clock.advance(seconds=90)
    assert kinds(snapshot(clock, heartbeats=beats)) == {}
    clock.advance(seconds=1)
    found = {c.subject: c for c in conditions(snapshot(clock, heartbeats=beats))}
    assert set(found) == {"device:tv-lobi", "device:kiosk-1"}
    assert found["device:tv-lobi"].kind is AlarmKind.SCREEN_OFFLINE
    assert found["device:tv-lobi"].device == "tv-lobi"
    assert found["device:tv-lobi"].agency_id is None
    fresh = (Heartbeat("tv-lobi", "display", clock()), Heartbeat("kiosk-1", "kiosk", clock()))
    assert kinds(snapshot(clock, heartbeats=fresh)) == {}


def test_a_printer_down_out_of_paper_or_low_on_paper():
    clock = FakeClock(START)
    readings = (PrinterReading("kios-1", False, "unknown", "connection refused", START),
                PrinterReading("kios-2", False, "out", "offline", START),
                PrinterReading("kios-3", True, "low", "ok", START),
                PrinterReading("kios-4", True, "ok", "ok", START),
                PrinterReading("kios-5", None, "unknown", "belum digunakan", START))
    found = {c.subject: c for c in conditions(snapshot(clock, printers=readings))}
    assert {s: c.kind for s, c in found.items()} == {
        "printer:kios-1": AlarmKind.PRINTER_DOWN, "printer:kios-2": AlarmKind.PRINTER_DOWN,
        "printer:kios-3": AlarmKind.PAPER_LOW}
    assert "kertas habis" in found["printer:kios-2"].message
    assert "connection refused" in found["printer:kios-1"].message


def test_printer_kinds_are_judged_only_by_a_snapshot_that_knows_the_printers():
    clock = FakeClock(START)
    assert AlarmKind.PRINTER_DOWN not in judged_kinds(snapshot(clock))
    assert AlarmKind.PRINTER_DOWN in judged_kinds(snapshot(clock, printers=()))
    assert AlarmKind.LONG_WAIT in judged_kinds(snapshot(clock))
