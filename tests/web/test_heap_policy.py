"""The garbage collector's policy (issue 15): freeze after connect waves, collect the whole
heap when the hall is quiet, time every pause. A fake `gc` and clock; one test on the real
interpreter's collector."""

from __future__ import annotations

import gc
from typing import Any

from queue_server.web import heap_policy
from queue_server.web.heap_policy import HeapPolicy, PauseMeter


class FakeGc:
    def __init__(self) -> None:
        self.callbacks: list[Any] = []
        self.calls: list[str] = []
        self.threshold: tuple[int, ...] = ()

    def freeze(self) -> None:
        self.calls.append("freeze")

    def unfreeze(self) -> None:
        self.calls.append("unfreeze")

    def collect(self, generation: int = 2) -> int:
        self.calls.append(f"collect{generation}")
        return 0

    def set_threshold(self, *threshold: int) -> None:
        self.threshold = threshold


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def policy() -> tuple[HeapPolicy, FakeGc, Clock]:
    fake, clock = FakeGc(), Clock()
    return HeapPolicy(fake, clock), fake, clock  # type: ignore[arg-type]


def test_install_raises_the_young_threshold_and_registers_the_pause_meter_once():
    heap, fake, _ = policy()
    heap.install()
    heap.install()
    assert fake.threshold == heap_policy.THRESHOLDS
    assert fake.callbacks == [heap.meter]


def test_a_connect_wave_is_frozen_once_and_small_changes_are_not():
    heap, fake, clock = policy()
    heap.published()
    assert heap.sweep(500) == "freeze"
    assert fake.calls == ["freeze"]  # no collection: a fresh wave's walk was the stall
    clock.now += 5
    heap.published()
    assert heap.sweep(500 + heap_policy.WAVE_SOCKETS - 1) is None
    assert heap.sweep(500 + heap_policy.WAVE_SOCKETS) == "freeze"


def test_closed_sockets_are_collected_only_once_the_hall_is_quiet():
    heap, fake, clock = policy()
    heap.sweep(2000)
    clock.now += 5
    heap.published()  # a call is being made
    assert heap.sweep(1900) is None  # 100 closed, but calls are going out
    clock.now += heap_policy.QUIET_SECONDS - 1
    assert heap.sweep(1900) is None
    clock.now += 1
    fake.calls.clear()
    assert heap.sweep(1900) == "collect"
    assert fake.calls == ["unfreeze", "collect2", "freeze"]
    clock.now += 5
    assert heap.sweep(1900) is None  # nothing closed since: no second full walk


def test_a_quiet_hall_with_no_closed_sockets_is_collected_when_stale():
    heap, _, clock = policy()
    heap.sweep(100)
    clock.now += heap_policy.STALE_SECONDS - 1
    assert heap.sweep(100) is None
    clock.now += 1
    assert heap.sweep(100) == "collect"


def test_a_hall_that_is_never_quiet_is_still_collected_after_the_force_interval():
    heap, _, clock = policy()
    heap.sweep(1000)
    for _ in range(int(heap_policy.FORCE_SECONDS // 5) - 1):
        clock.now += 5
        heap.published()
        assert heap.sweep(990) is None
    clock.now += 5
    heap.published()
    assert heap.sweep(990) == "collect"


def test_sockets_that_closed_make_room_for_the_next_wave():
    heap, _, _ = policy()
    heap.published()
    heap.sweep(2000)
    heap.published()
    heap.sweep(1000)  # half the screens went away (a power cut) ...
    heap.published()
    assert heap.sweep(2000) == "freeze"  # ... and came back: their objects are new


def test_the_report_is_logged_with_each_action_or_once_a_minute():
    heap, _, clock = policy()
    assert heap.report("freeze") is not None
    clock.now += 5
    assert heap.report(None) is None
    clock.now += heap_policy.REPORT_SECONDS
    line = heap.report(None)
    assert line is not None and line.startswith("heap: idle sockets=")


def test_the_pause_meter_times_each_generation_and_starts_afresh_when_taken():
    ticks = iter([1.0, 1.004, 2.0, 2.1])
    meter = PauseMeter(clock=lambda: next(ticks))
    meter("start", {"generation": 0})
    meter("stop", {"generation": 0})
    meter("start", {"generation": 2})
    meter("stop", {"generation": 2})
    pauses = meter.take()
    assert pauses.count == [1, 0, 1]
    assert round(pauses.max_ms[0], 3) == 4.0 and round(pauses.max_ms[2], 3) == 100.0
    assert "gen2 n=1 max=100.0ms" in pauses.line()
    assert meter.take().count == [0, 0, 0]


def test_frozen_objects_are_left_out_of_a_real_collection_until_the_quiet_collect():
    meter = PauseMeter()
    gc.callbacks.append(meter)
    try:
        keep = [[i] for i in range(10_000)]  # a connect wave's long-lived objects
        gc.freeze()
        assert gc.get_freeze_count() >= len(keep)
        gc.collect()
        assert meter.take().count[2] >= 1  # ours; another thread may add one
        gc.unfreeze()
        assert gc.get_freeze_count() == 0
    finally:
        gc.callbacks.remove(meter)
        gc.unfreeze()


def test_a_disabled_policy_keeps_cpythons_thresholds_and_never_freezes_but_times_pauses():
    heap, fake, clock = policy()
    heap.enabled = False
    heap.install()
    assert fake.threshold == () and fake.callbacks == [heap.meter]
    assert heap.sweep(2000) is None
    clock.now += heap_policy.FORCE_SECONDS
    assert heap.sweep(1000) is None
    assert fake.calls == []
