"""What reports read: the tickets of some local days and the events of their lives.

Two indexed queries for any period (never one per ticket): the tickets by their day
(`tickets_day_service`), and their events through `events_ticket`, in ticket then event
order so the domain folds each ticket's legs in one pass."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import groupby

from queue_server.domain.report_legs import LegEvent, TicketFacts

from .base import Table

# the moves that shape a leg; issue, print and announcement events do not
LEG_EVENT_TYPES = ("called", "recalled", "started", "finished", "skipped", "cancelled",
                   "transferred")

TICKETS_SQL = (
    "SELECT id, service_id, issued_at, priority FROM tickets "
    "WHERE day >= ? AND day <= ? ORDER BY id"
)
_TYPES = ", ".join(f"'{t}'" for t in LEG_EVENT_TYPES)
EVENTS_SQL = (
    "SELECT e.ticket_id, e.type, e.at, e.counter_id, e.actor, "
    "CASE WHEN e.type = 'transferred' THEN json_extract(e.data, '$.from_service') END, "
    "CASE WHEN e.type = 'transferred' THEN json_extract(e.data, '$.to_service') END "
    "FROM tickets t JOIN events e ON e.ticket_id = t.id "
    f"WHERE t.day >= ? AND t.day <= ? AND e.type IN ({_TYPES}) "
    "ORDER BY t.id, e.id"
)


class ReportQueries(Table):
    def tickets_with_events(self, first_day: str, last_day: str
                            ) -> Iterator[tuple[TicketFacts, list[LegEvent]]]:
        """Each ticket issued on the local days `first_day`..`last_day` (YYYY-MM-DD, both
        included) with its leg events in the order they happened."""
        parse = datetime.fromisoformat
        tickets = self._all(TICKETS_SQL, (first_day, last_day))
        events = self.conn.execute(EVENTS_SQL, (first_day, last_day))
        by_ticket = groupby(events, key=lambda r: r[0])
        pending = next(by_ticket, None)
        for t in tickets:
            facts = TicketFacts(t[0], t[1], parse(t[2]), bool(t[3]))
            found: list[LegEvent] = []
            # both are in ticket id order: walk them together
            while pending is not None and pending[0] < facts.id:
                pending = next(by_ticket, None)
            if pending is not None and pending[0] == facts.id:
                found = [LegEvent(r[1], parse(r[2]), r[3], r[4], r[5], r[6])
                         for r in pending[1]]
                pending = next(by_ticket, None)
            yield facts, found

    def plans(self, first_day: str, last_day: str) -> list[tuple[str, str]]:
        """The query plans of the two reads (bench/reports.py prints them)."""
        out = []
        for name, sql in (("tickets", TICKETS_SQL), ("events", EVENTS_SQL)):
            for row in self._all(f"EXPLAIN QUERY PLAN {sql}", (first_day, last_day)):
                out.append((name, row[3]))
        return out
