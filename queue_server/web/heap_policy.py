"""When the server's garbage collector may run, so that a call reaches every screen without
a stall (issue 15).

A hall keeps thousands of websockets open, ~160 live objects each. CPython's full
collection walks every one of them (~100 ms at 2,000 sockets), and it ran in the middle of
a call's fan-out. So the long-lived objects of connected screens are frozen after each
connect wave (`gc.freeze`: collections skip them), and the heap is collected whole only when
the hall is quiet, so that cycles left by closed sockets are not kept forever. The pauses
the collector still takes are measured through `gc.callbacks` and logged with each sweep.

Not domain: this touches the interpreter. The decisions take their inputs as arguments
(sockets, the last publish, a clock) so that they can be tested without a server."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

# young collections are cheap but frequent: a call's fan-out allocates ~10 objects a
# socket, so with the default 700 a call at 2,000 screens ran ~30 of them
THRESHOLDS = (20_000, 20, 20)
# a connect wave: this many more sockets than at the last freeze
WAVE_SOCKETS = 10
# quiet: no message published for this long (calls come seconds apart in a busy hall)
QUIET_SECONDS = 15.0
# even without closed sockets, the heap is collected whole this often when quiet ...
STALE_SECONDS = 600.0
# ... and after this long without quiet (a hall that never pauses), once, busy or not
FORCE_SECONDS = 1800.0
# the pauses are logged with every freeze or collect, else this often
REPORT_SECONDS = 60.0


class GcModule(Protocol):
    """The parts of the `gc` module the policy uses (a fake in tests)."""

    callbacks: list[Callable[[str, dict[str, Any]], None]]

    def freeze(self) -> None: ...
    def unfreeze(self) -> None: ...
    def collect(self, generation: int = 2) -> int: ...
    def set_threshold(self, threshold0: int, threshold1: int = ...,
                      threshold2: int = ...) -> None: ...


@dataclass
class Pauses:
    """The collector's pauses, per generation, since the last report."""

    count: list[int] = field(default_factory=lambda: [0, 0, 0])
    total_ms: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    max_ms: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])

    def add(self, generation: int, ms: float) -> None:
        self.count[generation] += 1
        self.total_ms[generation] += ms
        self.max_ms[generation] = max(self.max_ms[generation], ms)

    def line(self) -> str:
        return " ".join(f"gen{g} n={self.count[g]} max={self.max_ms[g]:.1f}ms "
                        f"total={self.total_ms[g]:.1f}ms" for g in range(3))


class PauseMeter:
    """A `gc.callbacks` entry timing each collection (start → stop)."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.pauses = Pauses()
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = self.clock()
        else:
            self.pauses.add(int(info.get("generation", 2)), (self.clock() - self._started) * 1e3)

    def take(self) -> Pauses:
        taken, self.pauses = self.pauses, Pauses()
        return taken


class HeapPolicy:
    """Freeze after connect waves, collect whole when quiet. `sweep` runs every few
    seconds (Realtime's sweep); `published` is told of every message sent."""

    def __init__(self, gc_module: GcModule = gc,  # type: ignore[assignment]
                 clock: Callable[[], float] = time.monotonic, *, enabled: bool = True,
                 report_seconds: float = REPORT_SECONDS) -> None:
        self.gc = gc_module
        # disabled: CPython's own thresholds and no freeze, the pauses still timed (the
        # baseline of bench/fanout.py)
        self.enabled = enabled
        self.report_seconds = report_seconds
        self.clock = clock
        self.meter = PauseMeter()
        self.frozen_sockets = 0  # sockets open at the last freeze
        self.closed_since_collect = 0
        self.last_publish = clock()
        self.last_collect = clock()
        self.last_sockets = 0
        self.last_report = clock()

    def install(self) -> None:
        if self.enabled:
            self.gc.set_threshold(*THRESHOLDS)
        if self.meter not in self.gc.callbacks:
            self.gc.callbacks.append(self.meter)

    def published(self) -> None:
        self.last_publish = self.clock()

    def sweep(self, sockets: int) -> str | None:
        """What this sweep did: "collect", "freeze" or None."""
        now = self.clock()
        if sockets < self.last_sockets:
            self.closed_since_collect += self.last_sockets - sockets
        self.last_sockets = sockets
        # sockets that closed since the freeze make room: a new wave is counted from here
        self.frozen_sockets = min(self.frozen_sockets, sockets)
        if not self.enabled:
            return None
        quiet = now - self.last_publish >= QUIET_SECONDS
        since = now - self.last_collect
        if (quiet and (self.closed_since_collect > 0 or since >= STALE_SECONDS)) or \
                since >= FORCE_SECONDS:
            self.collect(sockets)
            return "collect"
        if sockets >= self.frozen_sockets + WAVE_SOCKETS:
            # the wave's objects are alive now and will be for hours: out of every
            # later collection's walk (a closed socket's cycles wait for the quiet collect).
            # No collection first: freezing costs nothing, a collection of a fresh wave's
            # young objects was itself a 100 ms stall at 2,000 sockets
            self.gc.freeze()
            self.frozen_sockets = sockets
            return "freeze"
        return None

    def collect(self, sockets: int) -> None:
        self.gc.unfreeze()
        self.gc.collect()
        self.gc.freeze()
        self.frozen_sockets = sockets
        self.closed_since_collect = 0
        self.last_collect = self.clock()

    def report(self, action: str | None) -> str | None:
        """The log line of this sweep (the pauses since the last one), when one is due."""
        now = self.clock()
        if action is None and now - self.last_report < self.report_seconds:
            return None
        self.last_report = now
        # not gc.get_freeze_count(): it counts by walking every frozen object (~60 ms)
        return (f"heap: {action or 'idle'} sockets={self.last_sockets} "
                f"frozen_at={self.frozen_sockets} {self.meter.take().line()}")
