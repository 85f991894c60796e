"""The counters' recent calls, kept by the process between transactions.

Every estimate reads the calls of the counters it plays over the recent window (a counter's
pace, the priority share). Read afresh, that was every `called` event of those counters in
the window for every ticket issued: on a busy day the largest single cost of an issue. The
events are append-only, so the process keeps the committed calls it has read and, in each
transaction, reads only the events committed since (by id, on the primary key).

What a transaction sees stays exact: its own calls, not committed yet, are added to its
answer from its written events and never kept (a rollback leaves nothing behind); the calls
of other processes arrive by id like this process's own. A transaction with an older
snapshot than the process's newest read may be given calls committed after its snapshot
began, a few milliseconds old; for a pace over 45 minutes that is the same answer."""

from __future__ import annotations

import bisect
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from queue_server.domain.models import Event

from .rows import from_db_time, to_db_time

Call = tuple[datetime, bool, str]  # when, whether a priority citizen, the service called
# calls kept before the newest window asked about: a later, slightly earlier window (another
# use case's clock) is still answered from memory; older questions read the table
KEPT_BEFORE = timedelta(hours=2)


class CallLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._upto: int | None = None  # the newest committed event id read; None: nothing
        self._floor: datetime | None = None  # every call from this moment on is kept
        self._calls: dict[str, list[tuple[datetime, int, bool, str]]] = {}  # at order

    def calls(self, conn: sqlite3.Connection, counter_ids: Sequence[str], since: datetime,
              written: Iterable[Event]) -> dict[str, list[Call]]:
        """Each counter's calls (not recalls) since `since`, oldest first: as
        EtaQueries.read_call_times gives them, from memory. `written`: the events the
        asking transaction appended (its own calls, uncommitted)."""
        own = [e for e in written if e.type == "called"]
        own_ids = {e.id for e in written}
        with self._lock:
            if self._upto is None or self._floor is None or since < self._floor:
                self._load(conn, since, own_ids)
            else:
                self._read_new(conn, own_ids)
            self._forget_before(since - KEPT_BEFORE)
            out: dict[str, list[Call]] = {}
            for counter_id in counter_ids:
                kept = self._calls.get(counter_id, [])
                start = bisect.bisect_left(kept, (since,))
                out[counter_id] = [(at, priority, service) for at, _, priority, service
                                   in kept[start:]]
        for event in own:
            if event.counter_id in out and event.at >= since:
                out[event.counter_id].append(
                    (event.at, bool(event.data.get("priority")), event.service_id or ""))
                out[event.counter_id].sort(key=lambda call: call[0])
        return out

    def _keep(self, event_id: int, counter_id: str, at: datetime, priority: object,
              service_id: str) -> None:
        bisect.insort(self._calls.setdefault(counter_id, []),
                      (at, event_id, bool(priority), service_id))

    def _load(self, conn: sqlite3.Connection, since: datetime, own_ids: set[int]) -> None:
        self._calls = {}
        newest_committed = min(own_ids) - 1 if own_ids else None
        for event_id, counter_id, at, priority, service_id in conn.execute(
                "SELECT id, counter_id, at, json_extract(data, '$.priority'), service_id "
                "FROM events INDEXED BY events_at WHERE at >= ? AND type = 'called' "
                "AND counter_id IS NOT NULL", (to_db_time(since),)):
            if event_id not in own_ids:
                self._keep(event_id, counter_id, from_db_time(at), priority, service_id)
        row = conn.execute("SELECT max(id) FROM events" + (
            " WHERE id <= ?" if newest_committed is not None else ""),
            () if newest_committed is None else (newest_committed,)).fetchone()
        self._upto = row[0] or 0
        self._floor = since

    def _read_new(self, conn: sqlite3.Connection, own_ids: set[int]) -> None:
        # own events are the newest ids of a write transaction (it holds the write lock):
        # everything older that it sees is committed. Calls before the floor (past days'
        # history another process imports) are never asked of the log: not kept.
        floor = to_db_time(self._floor)
        for event_id, kind, counter_id, at, priority, service_id in conn.execute(
                "SELECT id, type, counter_id, at, CASE WHEN type = 'called' THEN "
                "json_extract(data, '$.priority') END, service_id FROM events "
                "WHERE id > ? ORDER BY id", (self._upto,)):
            if event_id in own_ids:
                break
            if kind == "called" and counter_id is not None and at >= floor:
                self._keep(event_id, counter_id, from_db_time(at), priority, service_id)
            self._upto = event_id

    def _forget_before(self, moment: datetime) -> None:
        if self._floor is None or moment - self._floor < KEPT_BEFORE:
            return  # forgets in steps, not at every read
        for kept in self._calls.values():
            del kept[:bisect.bisect_left(kept, (moment,))]
        self._floor = moment
