"""How often a sweep works: the realtime sweep calls each every few seconds, and each works
at most once per its period for a hall (a forced call always works: tests, the CLI)."""

from __future__ import annotations

import threading
import weakref
from datetime import datetime, timedelta

from .hall import Hall


class SweepPace:
    def __init__(self, every: timedelta) -> None:
        self.every = every
        self._last: weakref.WeakKeyDictionary[Hall, datetime] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def due(self, hall: Hall, now: datetime, *, force: bool = False) -> bool:
        """Whether to work now; if so, the period starts again from `now`."""
        with self._lock:
            last = self._last.get(hall)
            if not force and last is not None and now - last < self.every:
                return False
            self._last[hall] = now
            return True
