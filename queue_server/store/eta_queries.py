"""The estimate given at issue, the calls a counter's pace is read from, and the rows the
ETA accuracy report measures."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from queue_server.domain.call_policy import Waiting
from queue_server.domain.models import Event
from queue_server.domain.queue_positions import QueueEntry

from .base import Table, marks
from .call_log import CallLog
from .rows import from_db_time, to_db_time


class EtaQueries(Table):
    def __init__(self, conn: sqlite3.Connection, call_log: CallLog | None = None,
                 written: list[Event] | None = None) -> None:
        super().__init__(conn)
        self._call_log = call_log  # the process's (Store.call_log); None reads the table
        self._written = written if written is not None else []  # this transaction's events

    def record_given(self, ticket_id: int, minutes: int | None) -> None:
        """The minutes the citizen was told at issue (the answer and the paper carry it)."""
        self.conn.execute("UPDATE tickets SET eta_minutes_given = ? WHERE id = ?",
                          (minutes, ticket_id))

    def given(self, ticket_id: int) -> int | None:
        row = self._one("SELECT eta_minutes_given FROM tickets WHERE id = ?", (ticket_id,))
        return None if row is None else row[0]

    def call_times(self, counter_ids: Iterable[str], since: datetime
                   ) -> dict[str, list[tuple[datetime, bool, str]]]:
        """Each counter's calls (not recalls) since a moment, oldest first, with whether
        each went to a priority citizen and the service called: from the process's call
        log when it has one (store/call_log.py), else from the table."""
        if self._call_log is not None:
            return self._call_log.calls(self.conn, sorted(set(counter_ids)), since,
                                        self._written)
        return self.read_call_times(counter_ids, since)

    def read_call_times(self, counter_ids: Iterable[str], since: datetime
                        ) -> dict[str, list[tuple[datetime, bool, str]]]:
        """call_times read from the events table."""
        ids = sorted(set(counter_ids))
        out: dict[str, list[tuple[datetime, bool, str]]] = {c: [] for c in ids}
        if not ids:
            return out
        for counter_id, at, priority, service_id in self._all(
                f"SELECT counter_id, at, json_extract(data, '$.priority'), service_id "
                f"FROM events WHERE type = 'called' AND counter_id IN ({marks(ids)}) "
                f"AND at >= ? ORDER BY at, id", (*ids, to_db_time(since))):
            out[counter_id].append((from_db_time(at), bool(priority), service_id))
        return out

    def desk_minutes(self, service_ids: Iterable[str], since: datetime, until: datetime,
                     per_service: int) -> list[tuple[str, str, datetime, float]]:
        """(counter, service, called at, minutes) of the latest `per_service` calls of each
        service between two moments: from the call to the ticket leaving the desk
        (finished, sent on, skipped, turned away); a call it never left (the day closed on
        it) is not counted. Walks events_service_type backwards: a bounded read however big
        the hall, once a day."""
        out = []
        for service_id in sorted(set(service_ids)):
            for counter_id, called, left in self._all(
                    "SELECT c.counter_id, c.at, (SELECT MIN(e.at) FROM events e "
                    "  WHERE e.ticket_id = c.ticket_id AND e.id > c.id AND e.type IN "
                    "  ('finished', 'transferred', 'skipped', 'cancelled')) "
                    "FROM events c INDEXED BY events_service_type "
                    "WHERE c.service_id = ? AND c.type = 'called' AND c.at >= ? AND c.at < ? "
                    "ORDER BY c.id DESC LIMIT ?",
                    (service_id, to_db_time(since), to_db_time(until), per_service)):
                if left is not None and counter_id is not None:
                    at = from_db_time(called)
                    out.append((counter_id, service_id, at,
                                (from_db_time(left) - at).total_seconds() / 60))
        return out

    def at_desks(self, counter_ids: Iterable[str]) -> dict[str, tuple[str, datetime]]:
        """(service, called at) of the ticket each counter is calling or serving now."""
        ids = sorted(set(counter_ids))
        if not ids:
            return {}
        return {r[0]: (r[1], from_db_time(r[2])) for r in self._all(
            f"SELECT counter_id, service_id, called_at FROM tickets INDEXED BY "
            f"tickets_at_counter WHERE status IN ('called', 'serving') "
            f"AND counter_id IN ({marks(ids)}) AND called_at IS NOT NULL "
            f"ORDER BY called_at", ids)}

    def queue_heads(self, day: str, service_ids: Iterable[str], counter_ids: Iterable[str],
                    per_line: int, *, per_counter: int | None = None) -> list[QueueEntry]:
        """The oldest `per_line` waiting tickets of each (service, priority) line and the
        oldest `per_counter` (else `per_line`) of those sent to each counter: all a forecast
        of at most that many calls can reach (the call order is oldest first within a
        line), read from the waiting indexes however long the queue."""
        found = []
        for service_id in sorted(set(service_ids)):
            for priority in (1, 0):
                found += self._all(
                    "SELECT id, service_id, priority, issued_at, NULL FROM tickets "
                    "INDEXED BY tickets_waiting WHERE status = 'waiting' "
                    "AND target_counter_id IS NULL AND service_id = ? AND day = ? "
                    "AND priority = ? ORDER BY issued_at, id LIMIT ?",
                    (service_id, day, priority, per_line))
        for counter_id in sorted(set(counter_ids)):
            found += self._all(
                "SELECT id, service_id, priority, issued_at, target_counter_id FROM tickets "
                "INDEXED BY tickets_waiting_targeted WHERE status = 'waiting' "
                "AND target_counter_id = ? AND day = ? ORDER BY issued_at, id LIMIT ?",
                (counter_id, day, per_line if per_counter is None else per_counter))
        return [QueueEntry(r[0], r[1], bool(r[2]), from_db_time(r[3]), r[4]) for r in found]

    def line_after(self, day: str, last: Waiting, limit: int) -> list[QueueEntry]:
        """The next `limit` waiting tickets of a (service, priority) line after `last`, in
        the line's order (a forecast reading on)."""
        return [QueueEntry(r[0], r[1], bool(r[2]), from_db_time(r[3]), None) for r in self._all(
            "SELECT id, service_id, priority, issued_at FROM tickets "
            "INDEXED BY tickets_waiting WHERE status = 'waiting' "
            "AND target_counter_id IS NULL AND service_id = ? AND day = ? AND priority = ? "
            "AND (issued_at, id) > (?, ?) ORDER BY issued_at, id LIMIT ?",
            (last.service_id, day, int(last.priority), to_db_time(last.issued_at), last.id,
             limit))]

    def pauses(self, counter_ids: Iterable[str], since: datetime, until: datetime
               ) -> dict[str, list[tuple[datetime, datetime | None]]]:
        """Each counter's pauses between two moments, oldest first: (paused at, resumed at,
        or None while it is still paused)."""
        ids = sorted(set(counter_ids))
        out: dict[str, list[tuple[datetime, datetime | None]]] = {c: [] for c in ids}
        if not ids:
            return out
        for counter_id, kind, at in self._all(
                f"SELECT counter_id, type, at FROM events WHERE counter_id IN ({marks(ids)}) "
                f"AND type IN ('counter_paused', 'counter_resumed') AND at >= ? AND at < ? "
                f"ORDER BY id", (*ids, to_db_time(since), to_db_time(until))):
            pauses, moment = out[counter_id], from_db_time(at)
            if kind == "counter_paused":
                if not pauses or pauses[-1][1] is not None:
                    pauses.append((moment, None))
            elif pauses and pauses[-1][1] is None:
                pauses[-1] = (pauses[-1][0], moment)
        return out

    def issued_times(self, days: Iterable[str]) -> list[tuple[str, bool, datetime]]:
        """(service, priority, issued at) of every ticket of some local days: the arrival
        pattern the forecast learns (read once a day)."""
        chosen = sorted(set(days))
        if not chosen:
            return []
        return [(r[0], bool(r[1]), from_db_time(r[2])) for r in self._all(
            f"SELECT service_id, priority, issued_at FROM tickets WHERE day IN "
            f"({marks(chosen)}) AND booking_code IS NULL", chosen)]

    def issued_count(self, day: str) -> int:
        """Tickets issued so far on a local day (walk-ins: how busy today is)."""
        row = self._one("SELECT count(*) FROM tickets WHERE day = ? AND booking_code IS NULL",
                        (day,))
        return row[0] if row else 0

    def open_days(self, first_day: str, last_day: str) -> list[str]:
        """The local days between two (inclusive) on which the hall issued tickets."""
        return [r[0] for r in self._all(
            "SELECT DISTINCT day FROM tickets WHERE day BETWEEN ? AND ? ORDER BY day",
            (first_day, last_day))]

    def given_and_waited(self, first_day: str, last_day: str,
                         agencies: Iterable[str] | None = None
                         ) -> list[tuple[str, int, datetime, datetime]]:
        """(service at issue, minutes given, issued at, first call) of every ticket of the
        local days that had an estimate and was called. The service is the one of the
        first call's event, so a transfer is measured against what the citizen was told."""
        scope, params = "", [first_day, last_day]
        if agencies is not None:
            chosen = sorted(set(agencies))
            if not chosen:
                return []
            scope = f"AND t.agency_id IN ({marks(chosen)}) "
            params += chosen
        rows = self._all(
            "SELECT c.service_id, t.eta_minutes_given, t.issued_at, c.at FROM tickets t "
            "JOIN events c ON c.id = (SELECT MIN(e.id) FROM events e "
            "  WHERE e.ticket_id = t.id AND e.type = 'called') "
            "WHERE t.day BETWEEN ? AND ? AND t.eta_minutes_given IS NOT NULL "
            f"{scope}ORDER BY t.id", params)
        return [(r[0], r[1], from_db_time(r[2]), from_db_time(r[3])) for r in rows]
