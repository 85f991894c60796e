"""What every process has sent, so no screen stays behind a commit.

Two halves (docs/architecture.md, "Live updates that converge"):

- room marks: after publishing an outcome, the process records in the database the newest
  event each room was sent (`record_marks`). Every process tails that table (`MarkTail`)
  and sends its own sockets a `heartbeat {room, event_id, at}` per room; a screen that did
  not hear that event resyncs from its snapshot. This works with the message queue down and
  across processes that share the data folder: the database is the truth.
- the outbox of the message queue (`QueueOutbox`): messages this process could not hand to
  the queue (Redis down) are kept in commit order and sent again once it answers, so screens
  on other processes get them live when they can; the marks cover what is lost anyway (a
  process that died holding them, a listener that was not subscribed yet).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from queue_server.domain.alarms import QueueReading

from .hall import Hall

log = logging.getLogger(__name__)

MARKS_KEPT = timedelta(days=2)  # a ticket room's mark outlives its ticket's day


# how long the mark writer waits for more publishes before it writes: a burst is one write
MARKS_COALESCE_SECONDS = 0.05


def record_marks(hall: Hall, marks_by_room: dict[str, int], *, durable: bool = True) -> None:
    if marks_by_room:
        with hall.store.write(durable=durable) as tx:
            tx.events.mark_rooms(marks_by_room, hall.now())


class MarkWriter:
    """The room marks of this process's publishes, written off the request path: a burst of
    publishes is one write a moment later (MARKS_COALESCE_SECONDS), and no answer waits for
    it or for its fsync. A mark a power cut loses costs a screen one resync at most, and
    after a restart every screen resyncs anyway; other processes read a mark at most that
    moment later, well within their heartbeat.

    `spawn(fn)` runs the writer in the background, `sleep` waits (gevent's, in the server)."""

    def __init__(self, hall: Hall, *, spawn: Callable[[Callable[[], None]], object],
                 sleep: Callable[[float], None]) -> None:
        self.hall = hall
        self._spawn = spawn
        self._sleep = sleep
        self._lock = threading.Lock()
        self._pending: dict[str, int] = {}  # room -> newest event sent, not written yet
        self._working = False

    def record(self, marks_by_room: dict[str, int]) -> None:
        if not marks_by_room:
            return
        with self._lock:
            self._merge(marks_by_room)
            if self._working:
                return
            self._working = True
        self._spawn(self._work)

    def _merge(self, marks_by_room: dict[str, int]) -> None:
        for room, event_id in marks_by_room.items():
            if event_id > self._pending.get(room, 0):
                self._pending[room] = event_id

    def _work(self) -> None:
        while True:
            self._sleep(MARKS_COALESCE_SECONDS)
            with self._lock:
                pending, self._pending = self._pending, {}
                if not pending or self.hall.store.closed:  # stopping: nothing to keep
                    self._working = False
                    return
            try:
                record_marks(self.hall, pending, durable=False)
            except Exception:  # kept for the next publish's write; never raised to a request
                if self.hall.store.closed:  # closed meanwhile: the process is stopping
                    return
                # not for the expected stop above: formatting a traceback runs ast.parse
                # (Python 3.11), whose bookkeeping another thread's parse can upset
                log.exception("recording room marks failed")
                with self._lock:
                    self._merge(pending)
                    self._working = False
                return


def forget_old_marks(hall: Hall) -> int:
    with hall.store.write() as tx:
        return tx.events.forget_marks_before(hall.now() - MARKS_KEPT)


class MarkTail:
    """Which rooms have news since the last look, for this process's heartbeats."""

    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        with hall.store.read() as tx:
            self.seen = tx.events.newest_mark()
        # what this process last told each room (by an event or a heartbeat)
        self.told: dict[str, int] = {}

    def sent(self, marks_by_room: dict[str, int]) -> None:
        for room, event_id in marks_by_room.items():
            if event_id > self.told.get(room, 0):
                self.told[room] = event_id

    def news(self, rooms: Iterable[str]) -> dict[str, int]:
        """Rooms among `rooms` whose mark moved past what this process told them."""
        with self.hall.store.read() as tx:
            moved = tx.events.marks_after(self.seen)
        if not moved:
            return {}
        self.seen = max(self.seen, *moved.values())
        wanted = set(rooms)
        out = {room: mark for room, mark in moved.items()
               if room in wanted and mark > self.told.get(room, 0)}
        self.sent(out)
        return out

    def every(self, rooms: Iterable[str]) -> dict[str, int]:
        """Every room's mark (0: never sent anything), for the periodic round."""
        wanted = list(rooms)
        with self.hall.store.read() as tx:
            found = tx.events.marks_of(wanted)
        out = {room: found.get(room, 0) for room in wanted}
        self.sent(out)
        if len(self.told) > 20000:  # rooms long gone; the next round fills it again
            self.told = dict(out)
        return out


@dataclass(frozen=True, slots=True)
class QueueState:
    ok: bool
    down_since: datetime | None
    pending: int  # messages waiting to be sent again
    dropped: int  # messages given up (the outbox was full); the marks still cover them
    error: str | None

    def reading(self) -> QueueReading:
        return QueueReading(self.ok, self.down_since)


class QueueOutbox:
    """Wraps the message queue's publish. While the queue answers, a message goes straight
    through; once a publish fails the queue is down: messages wait here, in order, and no
    request pays for a connection attempt, until `retry` (called every second by the
    realtime loop) finds it answering again and sends them."""

    LIMIT = 20000  # about a day of a busy hall's messages

    def __init__(self, publish: Callable[[Any], Any], ping: Callable[[], str | None],
                 clock: Callable[[], datetime]) -> None:
        self._publish = publish  # returns None when it gave up (python-socketio's contract)
        self._ping = ping  # None when the queue answers, else why not
        self._clock = clock
        self._pending: deque[Any] = deque()
        self._lock = threading.Lock()
        self._down_since: datetime | None = None
        self._error: str | None = None
        self.dropped = 0

    def publish(self, message: Any) -> Any:
        with self._lock:
            if self._down_since is None and not self._pending:
                result = self._publish(message)
                if result is not None:
                    return result
                self._went_down("publish failed")
            self._keep(message)
            return None

    def _keep(self, message: Any) -> None:
        if len(self._pending) >= self.LIMIT:
            self._pending.popleft()
            self.dropped += 1
        self._pending.append(message)

    def _went_down(self, why: str) -> None:
        if self._down_since is None:
            self._down_since = self._clock()
            log.warning("message queue down (%s): messages kept for when it is back", why)
        self._error = why

    def retry(self) -> int:
        """Ping; when the queue answers, send what waits, oldest first. Returns how many
        were sent."""
        why = self._ping()
        with self._lock:
            if why is not None:
                self._went_down(why)
                return 0
            sent = 0
            while self._pending:
                if self._publish(self._pending[0]) is None:
                    self._went_down("publish failed")
                    return sent
                self._pending.popleft()
                sent += 1
            if self._down_since is not None:
                log.warning("message queue back: %d kept messages sent again", sent)
            self._down_since = None
            self._error = None
            return sent

    def state(self) -> QueueState:
        with self._lock:
            return QueueState(self._down_since is None, self._down_since, len(self._pending),
                              self.dropped, self._error)
