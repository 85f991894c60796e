"""A log that a flood cannot flush: the same warning or error, over and over (a client
hammering a broken route, a printer unplugged all afternoon), is written a few times a
minute, then once as "… suppressed", then counted until its minute is over."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Kind = tuple[object, ...]


@dataclass
class _Window:
    started: float
    written: int = 0
    suppressed: int = 0


class RepeatLimiter(logging.Filter):
    """Lets through the first `per_window` records of one kind each `window` seconds.

    A kind is where the record comes from, not its arguments: the logger, the level, the
    message template, and for an exception its type and the line that raised it. Records
    below `level` (the INFO lines of an ordinary day) always pass."""

    def __init__(self, per_window: int = 5, window: float = 60.0, *,
                 level: int = logging.WARNING, max_kinds: int = 1000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.per_window = per_window
        self.window = window
        self.level = level
        self.max_kinds = max_kinds
        self.clock = clock
        self._windows: dict[Kind, _Window] = {}
        self._lock = threading.Lock()
        # one limiter serves every handler: a record it already judged (for the stderr
        # handler, say) gets the same answer at the next (the log file), uncounted
        self._last: tuple[logging.LogRecord | None, bool] = (None, True)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < self.level:
            return True
        with self._lock:
            if self._last[0] is record:
                return self._last[1]
            verdict = self._judge(record, self.clock())
            self._last = (record, verdict)
            return verdict

    def _judge(self, record: logging.LogRecord, now: float) -> bool:
        window = self._window_of(kind_of(record), now)
        if window.written < self.per_window:
            window.written += 1
            if window.suppressed:
                _prefix(record, f"({window.suppressed} more like this were not logged "
                                "before this one) ")
                window.suppressed = 0
            return True
        window.suppressed += 1
        if window.suppressed == 1:  # one summary line, without the traceback
            _summarise(record, self.per_window, window.started + self.window - now)
            return True
        return False

    def _window_of(self, kind: Kind, now: float) -> _Window:
        window = self._windows.get(kind)
        if window is None or now - window.started >= self.window:
            carried = window.suppressed - 1 if window and window.suppressed > 1 else 0
            if window is None and len(self._windows) >= self.max_kinds:
                self._forget_finished(now)
            window = _Window(started=now, suppressed=carried)
            self._windows[kind] = window
        return window

    def _forget_finished(self, now: float) -> None:
        for kind in [k for k, w in self._windows.items() if now - w.started >= self.window]:
            del self._windows[kind]
        if len(self._windows) >= self.max_kinds:  # all busy: the oldest goes
            del self._windows[min(self._windows, key=lambda k: self._windows[k].started)]


def kind_of(record: logging.LogRecord) -> Kind:
    kind: Kind = (record.name, record.levelno, str(record.msg))
    if record.exc_info and record.exc_info[0] is not None:
        tb = record.exc_info[2]
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno) if tb else None
        kind += (record.exc_info[0].__name__, where)
    return kind


def _prefix(record: logging.LogRecord, text: str) -> None:
    record.msg = text.replace("%", "%%") + str(record.msg)


def _summarise(record: logging.LogRecord, per_window: int, seconds_left: float) -> None:
    record.msg = (f"… suppressed: {per_window} records like this were written this minute; "
                  f"the next ones are only counted for {max(seconds_left, 0):.0f} s: "
                  ).replace("%", "%%") + str(record.msg)
    record.exc_info = None
    record.exc_text = None
    record.stack_info = None


def limit_repeats(*targets: logging.Logger | logging.Handler, **options: Any) -> None:
    """Attach one RepeatLimiter, shared, to the loggers or handlers that have none yet (so
    once, however often an app is created in a process)."""
    limiter = RepeatLimiter(**options)
    for target in targets:
        if not any(isinstance(f, RepeatLimiter) for f in target.filters):
            target.addFilter(limiter)
