"""`queue.order` to the `service:ID` rooms: the phones of a service place themselves from
one message per change instead of polling `GET /track` (services/service_queue.py shapes
what the message says; realtime.py hands every committed outcome here).

Off the request path and coalesced: a commit marks its services as changed and a worker,
a moment later, reads each changed service once and sends one message to its room. A burst
of commits (a kiosk queue at opening time) is one message per service, never one per commit
each, and no request waits for the estimates of a whole queue.

The clock moves some of it with no commit at all: an estimate counts down while a citizen
is at the desk, and a long wait can put a ticket ahead (aging, waited time × weight). So
each process also sends its own sockets' services again once they were told nothing for a
minute (`refresh`), a few each second rather than all at once: one burst to every phone
of the hall is what a call's TVs would wait behind."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from queue_server.domain.eta_words import wait_words
from queue_server.services import service_queue
from queue_server.services.hall import Hall, Outcome
from queue_server.services.service_queue import ServiceQueue

log = logging.getLogger(__name__)

# how long a worker waits for more commits before it reads: bursts are one message, and a
# phone still learns its place well within a second
COALESCE_SECONDS = 0.1
# how long a followed service goes untold before it is sent again (what the clock moves)
REFRESH_SECONDS = 60.0
# how often the refresher looks for such services; it sends a tick's share of them
REFRESH_TICK_SECONDS = 1.0

Emit = Callable[[str, dict[str, Any], str], None]


def room_of(service_id: str) -> str:
    return f"service:{service_id}"


def order_message(queue: ServiceQueue, event_id: int) -> dict[str, Any]:
    """The wire shape (docs/api-changes.md): parallel columns, codes only, so a message for
    a queue of a hundred stays a few kilobytes."""
    places = queue.places
    return {
        "service_id": queue.service_id,
        "event_id": event_id,
        "codes": [p.code for p in places],
        "ahead": [p.people_ahead for p in places],
        "eta_minutes": [p.eta_minutes for p in places],
        # the server's words (domain.eta_words), as the track answer gives them
        "eta_text": [wait_words(p.eta_minutes) for p in places],
        "eta_text_en": [wait_words(p.eta_minutes, "en") for p in places],
    }


class ServiceRooms:
    """Which services changed since the last message, and the worker that tells them.

    `listening(room)`: whether a message to the room can reach anyone (one process: a local
    member; with a message queue every room counts, other processes' members are unknown).
    `spawn(fn)` runs the worker in the background; `sent(marks)` records what each room was
    told (the room marks the heartbeats compare with)."""

    def __init__(self, hall: Hall, emit: Emit, *, listening: Callable[[str], bool],
                 spawn: Callable[[Callable[[], None]], object],
                 sleep: Callable[[float], None],
                 sent: Callable[[dict[str, int]], None],
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.hall = hall
        self._emit = emit
        self._listening = listening
        self._spawn = spawn
        self._sleep = sleep
        self._sent = sent
        self._lock = threading.Lock()
        self._changed: dict[str, int] = {}  # service id -> newest event id that moved it
        self._working = False
        self._monotonic = monotonic
        self._told: dict[str, float] = {}  # service id -> when its room was last sent

    def changed(self, outcome: Outcome) -> None:
        """A committed outcome (a hall listener): remember the services it moved, wake the
        worker."""
        if not outcome.events:
            return
        catalog = outcome.catalog or self.hall.current_catalog()
        moved = [s for s in service_queue.services_moved(outcome.events, catalog)
                 if self._listening(room_of(s))]
        if not moved:
            return
        event_id = outcome.events[-1].id
        with self._lock:
            for service_id in moved:
                self._changed[service_id] = max(self._changed.get(service_id, 0), event_id)
            if self._working:
                return
            self._working = True
        self._spawn(self._work)

    def _work(self) -> None:
        try:
            while True:
                self._sleep(COALESCE_SECONDS)
                if not self.flush():
                    with self._lock:
                        if not self._changed:
                            self._working = False
                            return
        except Exception:  # a phone's message must never take the server down
            if not self.hall.store.closed:  # closed: the process is stopping, say nothing
                log.exception("service room messages failed")
            with self._lock:
                self._working = False

    def flush(self) -> int:
        """Send one message to each changed service's room; the number sent."""
        with self._lock:
            changed, self._changed = self._changed, {}
        if not changed:
            return 0
        now = self.hall.now()
        marks: dict[str, int] = {}
        with self.hall.store.read() as tx:
            catalog = self.hall.catalog(tx)
            queues = [(service_queue.service_queue_in(self.hall, tx, catalog, s, now), e)
                      for s, e in sorted(changed.items())
                      if s in catalog.services and self._listening(room_of(s))]
        for queue, event_id in queues:
            room = room_of(queue.service_id)
            self._emit("queue.order", order_message(queue, event_id), room)
            marks[room] = event_id
        self._was_told(queue.service_id for queue, _ in queues)
        if marks:
            self._sent(marks)  # after the emits: a mark never announces what was not sent
        return len(marks)

    def refresh(self, rooms: Iterable[str], emit: Emit) -> int:
        """Send every service among `rooms` (this process's joined rooms) its queue as it
        stands now, through `emit` (this process's sockets only: each process refreshes
        its own). `event_id` is the newest event the read includes, so a phone takes it
        unless it holds something newer. The number sent."""
        services = sorted(r.split(":", 1)[1] for r in rooms if r.startswith("service:"))
        if not services:
            return 0
        now = self.hall.now()
        with self.hall.store.read() as tx:
            catalog = self.hall.catalog(tx)
            event_id = tx.events.last_id()
            queues = [service_queue.service_queue_in(self.hall, tx, catalog, s, now)
                      for s in services if s in catalog.services]
        for queue in queues:
            emit("queue.order", order_message(queue, event_id), room_of(queue.service_id))
        self._was_told(queue.service_id for queue in queues)
        return len(queues)

    def _was_told(self, services: Iterable[str]) -> None:
        now = self._monotonic()
        with self._lock:
            for service_id in services:
                self._told[service_id] = now

    def refresh_due(self, rooms: Iterable[str]) -> list[str]:
        """The rooms among `rooms` to send again now: services told nothing for
        REFRESH_SECONDS, stalest first, at most a tick's share of the followed services (so
        the whole hall is gone through once a minute, spread over it). A service first seen
        counts as told now: its phones read their place when they joined."""
        services = {r.split(":", 1)[1] for r in rooms if r.startswith("service:")}
        now = self._monotonic()
        with self._lock:
            self._told = {s: self._told.get(s, now) for s in services}
            stale = sorted((told, s) for s, told in self._told.items()
                           if now - told >= REFRESH_SECONDS)
        share = max(1, math.ceil(len(services) * REFRESH_TICK_SECONDS / REFRESH_SECONDS))
        return [room_of(s) for _, s in stale[:share]]

    def refresh_forever(self, rooms: Callable[[], Iterable[str]], emit: Emit) -> None:
        while True:
            self._sleep(REFRESH_TICK_SECONDS)
            try:
                due = self.refresh_due(rooms())
                if due:
                    self.refresh(due, emit)
            except Exception:  # the next tick tries again
                log.exception("refreshing the service rooms failed")
