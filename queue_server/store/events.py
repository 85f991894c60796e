"""The append-only event log: every change of the hall, who made it and when."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.domain.models import Event, Ticket

from . import rows
from .base import Table, marks
from .rows import TICKET_COLUMNS, to_db_time


class EventLog(Table):
    def __init__(self, conn) -> None:
        super().__init__(conn)
        # what this transaction appended: the committed events once it ends
        self.written: list[Event] = []

    def append(
        self,
        type: str,
        at: datetime,
        actor: str,
        *,
        ticket_id: int | None = None,
        counter_id: str | None = None,
        service_id: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Event:
        payload = data or {}
        cur = self.conn.execute(
            "INSERT INTO events (type, at, ticket_id, counter_id, service_id, actor, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (type, to_db_time(at), ticket_id, counter_id, service_id, actor,
             json.dumps(payload, separators=(",", ":"), ensure_ascii=False)),
        )
        event = Event(cur.lastrowid or 0, type, at, actor, ticket_id, counter_id, service_id,
                      payload)
        self.written.append(event)
        return event

    def last_of_type(self, type: str) -> int | None:
        """The newest id of a hall-wide event type (no counter: the counter/type index)."""
        row = self._one("SELECT max(id) FROM events WHERE counter_id IS NULL AND type = ?",
                        (type,))
        return row[0] if row else None

    def last_id(self) -> int:
        row = self._one("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        return int(row[0]) if row else 0

    # -- room marks: the newest event each room was sent (the heartbeat's `event_id`)

    def mark_rooms(self, marks_by_room: dict[str, int], at: datetime) -> None:
        """Record what was just sent; a mark never goes back (two processes may write)."""
        self.conn.executemany(
            "INSERT INTO room_marks (room, event_id, at) VALUES (?, ?, ?) "
            "ON CONFLICT(room) DO UPDATE SET event_id = max(event_id, excluded.event_id), "
            "at = excluded.at",
            [(room, event_id, to_db_time(at)) for room, event_id in marks_by_room.items()])

    def newest_mark(self) -> int:
        row = self._one("SELECT max(event_id) FROM room_marks")
        return int(row[0]) if row and row[0] is not None else 0

    def marks_after(self, event_id: int) -> dict[str, int]:
        """Rooms sent anything newer than `event_id` (the tail's question, on the index)."""
        return {r[0]: int(r[1]) for r in self._all(
            "SELECT room, event_id FROM room_marks WHERE event_id > ?", (event_id,))}

    def marks_of(self, rooms: Iterable[str]) -> dict[str, int]:
        wanted = list(rooms)
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start:start + 500]
            found.update({r[0]: int(r[1]) for r in self._all(
                f"SELECT room, event_id FROM room_marks WHERE room IN ({marks(chunk)})",
                chunk)})
        return found

    def forget_marks_before(self, at: datetime) -> int:
        """Old rooms (yesterday's tickets) have no listener left."""
        return self.conn.execute("DELETE FROM room_marks WHERE at < ?",
                                 (to_db_time(at),)).rowcount

    def of_ticket(self, ticket_id: int) -> list[Event]:
        return [rows.event(r) for r in self._all(
            "SELECT * FROM events WHERE ticket_id = ? ORDER BY id", (ticket_id,))]

    def latest_id(self, ticket_id: int, type: str) -> int | None:
        row = self._one("SELECT max(id) FROM events WHERE ticket_id = ? AND type = ?",
                        (ticket_id, type))
        return row[0] if row else None

    def calls_of_service_after(self, service_id: str, event_id: int) -> int:
        """First calls of a service's tickets after an event: the forfeit rule counts them."""
        row = self._one(
            "SELECT count(*) FROM events WHERE service_id = ? AND type = 'called' AND id > ?",
            (service_id, event_id),
        )
        return int(row[0]) if row else 0

    def recent_call_priorities(self, counter_id: str, limit: int) -> list[bool]:
        """Whether each of this counter's latest calls was a priority citizen, newest first."""
        return [bool(r[0]) for r in self._all(
            "SELECT json_extract(data, '$.priority') FROM events "
            "WHERE counter_id = ? AND type = 'called' ORDER BY id DESC LIMIT ?",
            (counter_id, limit),
        )]

    def recent_calls(self, since: datetime, limit: int) -> list[tuple[Event, Ticket]]:
        """Latest calls and recalls (newest first) with their tickets, for displays."""
        found = self._all(
            f"SELECT e.id AS e_id, e.type AS e_type, e.at AS e_at, e.actor AS e_actor, "
            f"e.counter_id AS e_counter_id, e.service_id AS e_service_id, e.data AS e_data, "
            f"{', '.join('t.' + c.strip() for c in TICKET_COLUMNS.split(','))} "
            f"FROM events e JOIN tickets t ON t.id = e.ticket_id "
            f"WHERE e.type IN ('called', 'recalled') AND e.at >= ? "
            f"ORDER BY e.id DESC LIMIT ?",
            (to_db_time(since), limit),
        )
        out = []
        for r in found:
            event = Event(r["e_id"], r["e_type"], rows.from_db_time(r["e_at"]),  # type: ignore[arg-type]
                          r["e_actor"], r["id"], r["e_counter_id"], r["e_service_id"],
                          json.loads(r["e_data"]))
            out.append((event, rows.ticket(r)))
        return out

    def page(self, *, since: datetime, until: datetime, before_id: int | None = None,
             actor: str | None = None, type: str | None = None,
             service_ids: Iterable[str] | None = None,
             counter_ids: Iterable[str] | None = None,
             entity_ids: dict[str, list[str]] | None = None, limit: int = 50) -> list[Event]:
        """Events in [since, until), newest first, older than `before_id` (the cursor).
        `service_ids`/`counter_ids` (both given) keep only events of those services or
        counters (a transfer: from or to them), and of the administered things in
        `entity_ids` ({"user": [names]}): a supervisor's agencies."""
        where = ["at >= ?", "at < ?"]
        params: list[Any] = [to_db_time(since), to_db_time(until)]
        if before_id is not None:
            where.append("id < ?")
            params.append(before_id)
        if actor is not None:
            where.append("actor = ?")
            params.append(actor)
        if type is not None:
            where.append("type = ?")
            params.append(type)
        if service_ids is not None and counter_ids is not None:
            services, counters = list(service_ids), list(counter_ids)
            # a transfer's service is where the ticket went: the agency it left sees it too
            scoped = [f"service_id IN ({marks(services)})", f"counter_id IN ({marks(counters)})",
                      f"(type = 'transferred' AND "
                      f"json_extract(data, '$.from_service') IN ({marks(services)}))"]
            params += [*services, *counters, *services]
            for entity, ids in (entity_ids or {}).items():
                scoped.append(f"(service_id IS NULL AND counter_id IS NULL AND "
                              f"json_extract(data, '$.entity') = ? AND "
                              f"json_extract(data, '$.id') IN ({marks(ids)}))")
                params += [entity, *ids]
            where.append(f"({' OR '.join(scoped)})")
        return [rows.event(r) for r in self._all(
            f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            (*params, limit))]

    def officer_day(self, actor: str, since: datetime) -> OfficerDay:
        """An officer's day: calls, finished, skipped, and the mean service minutes."""
        row = self._one(
            "SELECT count(*) FILTER (WHERE type = 'called'), "
            "count(*) FILTER (WHERE type = 'finished'), "
            "count(*) FILTER (WHERE type = 'skipped') "
            "FROM events WHERE actor = ? AND at >= ?", (actor, to_db_time(since)))
        mean = self._one(
            "SELECT avg((julianday(t.finished_at) - julianday(t.started_at)) * 1440) "
            "FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.actor = ? "
            "AND e.type = 'finished' AND e.at >= ? AND t.started_at IS NOT NULL",
            (actor, to_db_time(since)))
        return OfficerDay(row[0] if row else 0, row[1] if row else 0, row[2] if row else 0,
                          round(mean[0], 1) if mean and mean[0] else None)


@dataclass(frozen=True, slots=True)
class OfficerDay:
    called: int
    finished: int
    skipped: int
    mean_service_minutes: float | None
