"""A small per-address limit for what anyone may post without signing in (a complaint):
at most `limit` accepted posts per `window` from one network address, counted in this
process by the hall's clock. Several processes each count their own share, which only
loosens the limit by that factor; a flood from one phone is still stopped."""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime, timedelta

from queue_server.domain.errors import RateLimited

# past this many addresses the oldest are forgotten, so a scan of addresses cannot grow it
MAX_ADDRESSES = 10_000


class AddressLimit:
    def __init__(self, limit: int, window: timedelta, what: str) -> None:
        self.limit = limit
        self.window = window
        self.what = what  # "pengaduan", for the refusal's sentence
        self._seen: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def check(self, address: str | None, now: datetime) -> None:
        """Refuse (429) when this address used up its posts of the window."""
        if not address:
            return
        with self._lock:
            times = self._seen.get(address)
            if times is None:
                return
            self._forget_old(times, now)
            if len(times) >= self.limit:
                left = (times[0] + self.window - now).total_seconds()
                wait = max(1, math.ceil(left / 60))
                raise RateLimited(f"Terlalu banyak {self.what} dari perangkat ini. Coba lagi "
                                  f"dalam {wait} menit.", retry_after=max(1, math.ceil(left)))

    def record(self, address: str | None, now: datetime) -> None:
        """Count one accepted post (after it committed: a refused one costs nothing)."""
        if not address:
            return
        with self._lock:
            times = self._seen.pop(address, None) or deque()
            self._forget_old(times, now)
            times.append(now)
            self._seen[address] = times  # re-inserted: dict order is least recent first
            while len(self._seen) > MAX_ADDRESSES:
                self._seen.pop(next(iter(self._seen)))

    def _forget_old(self, times: deque[datetime], now: datetime) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()
