"""What reports read: the tickets of some local days and the events of their lives.

Two indexed queries for any period (never one per ticket): the tickets by their day, and
their events through `events_ticket`, both in (day, ticket id) order — the order of the
`tickets_day` index (migration 0009), so neither needs a sort — and each ticket's events
in the order they happened. Times come as whole milliseconds since the Unix epoch and
only the columns a leg needs are filled, so a month of rows is cheap to hand over."""

from __future__ import annotations

from typing import cast

from queue_server.domain.report_legs import LegEvent, TicketFacts

from .base import Table

# the moves that shape a leg; issue, print and announcement events do not
LEG_EVENT_TYPES = ("called", "recalled", "started", "finished", "skipped", "cancelled",
                   "transferred")
_TYPES = ", ".join(f"'{t}'" for t in LEG_EVENT_TYPES)


def _ms(column: str) -> str:
    # julianday keeps milliseconds; rounding gives back the exact integer
    return f"CAST(round((julianday({column}) - 2440587.5) * 86400000.0) AS INTEGER)"


TICKETS_SQL = (
    f"SELECT id, service_id, {_ms('issued_at')}, priority FROM tickets "
    "WHERE day >= ? AND day <= ? ORDER BY day, id"
)
EVENTS_SQL = (
    f"SELECT e.ticket_id, e.type, {_ms('e.at')}, "
    "CASE WHEN e.type = 'called' THEN e.counter_id END, "
    "CASE WHEN e.type = 'called' THEN e.actor END, "
    "CASE WHEN e.type = 'transferred' THEN json_extract(e.data, '$.from_service') END, "
    "CASE WHEN e.type = 'transferred' THEN json_extract(e.data, '$.to_service') END "
    "FROM tickets t JOIN events e ON e.ticket_id = t.id "
    f"WHERE t.day >= ? AND t.day <= ? AND e.type IN ({_TYPES}) "
    "ORDER BY t.day, t.id, e.id"
)


class ReportQueries(Table):
    def tickets_and_events(self, first_day: str, last_day: str
                           ) -> tuple[list[TicketFacts], list[LegEvent]]:
        """The tickets issued on the local days `first_day`..`last_day` (YYYY-MM-DD, both
        included), and their leg events grouped by ticket in the same order."""
        params = (first_day, last_day)
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples in the layouts of TicketFacts and LegEvent
        tickets = cast(list[TicketFacts], cur.execute(TICKETS_SQL, params).fetchall())
        events = cast(list[LegEvent], cur.execute(EVENTS_SQL, params).fetchall())
        return tickets, events

    def plans(self, first_day: str, last_day: str) -> list[tuple[str, str]]:
        """The query plans of the two reads (bench/reports.py prints them)."""
        out = []
        for name, sql in (("tickets", TICKETS_SQL), ("events", EVENTS_SQL)):
            for row in self._all(f"EXPLAIN QUERY PLAN {sql}", (first_day, last_day)):
                out.append((name, row[3]))
        return out
