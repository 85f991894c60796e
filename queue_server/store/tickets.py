"""Tickets: numbering, the rows a move changes, and the reads of the live queue."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from queue_server.domain.errors import Conflict, NotFound
from queue_server.domain.models import Counter, Ticket
from queue_server.domain.queue_positions import QueueEntry

from . import rows
from .base import Table, marks
from .rows import TICKET_COLUMNS, to_db_time


class TicketTable(Table):
    # ---------------------------------------------------------------- numbering

    def next_number(self, service_id: str, day: str) -> int:
        row = self._one(
            "INSERT INTO sequences (service_id, day, last) VALUES (?, ?, 1) "
            "ON CONFLICT(service_id, day) DO UPDATE SET last = last + 1 RETURNING last",
            (service_id, day),
        )
        assert row is not None
        return int(row[0])

    def issued_count(self, service_id: str, day: str) -> int:
        row = self._one("SELECT last FROM sequences WHERE service_id = ? AND day = ?",
                        (service_id, day))
        return int(row[0]) if row else 0

    def issued_counts(self, day: str) -> dict[str, int]:
        return {r[0]: r[1] for r in self._all(
            "SELECT service_id, last FROM sequences WHERE day = ?", (day,))}

    # ---------------------------------------------------------------- one ticket

    def insert(self, t: Ticket) -> Ticket:
        try:
            cur = self.conn.execute(
                "INSERT INTO tickets (code, number, day, service_id, agency_id, status, "
                "priority, priority_kind, language, issued_at, track_token, issued_by, "
                "call_count, booking_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                (t.code, t.number, t.day, t.service_id, t.agency_id, t.status.value,
                 int(t.priority), t.priority_kind.value if t.priority_kind else None,
                 t.language, to_db_time(t.issued_at), t.track_token, t.issued_by,
                 t.booking_code),
            )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"ticket {t.code} already exists today") from exc
        return replace(t, id=cur.lastrowid or 0)

    def save(self, t: Ticket) -> None:
        """Write the fields a move may change."""
        self.conn.execute(
            "UPDATE tickets SET status = ?, service_id = ?, agency_id = ?, called_at = ?, "
            "started_at = ?, finished_at = ?, counter_id = ?, target_counter_id = ?, "
            "transferred_from = ?, call_count = ? WHERE id = ?",
            (t.status.value, t.service_id, t.agency_id, to_db_time(t.called_at),
             to_db_time(t.started_at), to_db_time(t.finished_at), t.counter_id,
             t.target_counter_id, t.transferred_from, t.call_count, t.id),
        )

    def get(self, ticket_id: int) -> Ticket:
        row = self._one(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,))
        if row is None:
            raise NotFound(f"Tiket {ticket_id} tidak ditemukan.", field="id")
        return rows.ticket(row)

    def by_token(self, token: str) -> Ticket:
        row = self._one(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE track_token = ?", (token,))
        if row is None:
            raise NotFound("Tiket tidak ditemukan. Periksa kembali kode QR Anda.",
                           field="token")
        return rows.ticket(row)

    # ---------------------------------------------------------------- the live queue

    def waiting_heads(self, counter: Counter, day: str) -> list[Ticket]:
        """The oldest waiting ticket of each (service, priority) group this counter serves,
        plus every ticket transferred to it. The call policy orders each group oldest-first,
        so its winner is always among these; reading only heads keeps call-next O(log n)."""
        found: list[Ticket] = [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE status = 'waiting' "
            f"AND target_counter_id = ? AND day = ? ORDER BY issued_at, id", (counter.id, day))]
        for service_id in counter.service_weights:
            for priority in (1, 0):
                row = self._one(
                    f"SELECT {TICKET_COLUMNS} FROM tickets INDEXED BY tickets_waiting "
                    f"WHERE status = 'waiting' "
                    f"AND target_counter_id IS NULL AND service_id = ? AND day = ? "
                    f"AND priority = ? ORDER BY issued_at, id LIMIT 1",
                    (service_id, day, priority),
                )
                if row is not None:
                    found.append(rows.ticket(row))
        return found

    def queue_entries(self, day: str, service_ids: Iterable[str],
                      counter_ids: Iterable[str]) -> list[QueueEntry]:
        """Every ticket waiting today for one of these services or sent to one of these
        counters, as the little the call policy reads (positions order them). The first
        read is answered from the covering partial index alone."""
        services, counters = sorted(set(service_ids)), sorted(set(counter_ids))
        found = self._all(
            f"SELECT id, service_id, priority, issued_at, NULL FROM tickets "
            f"INDEXED BY tickets_waiting WHERE status = 'waiting' AND target_counter_id IS NULL "
            f"AND service_id IN ({marks(services)}) AND day = ?", (*services, day))
        if counters:
            found += self._all(
                f"SELECT id, service_id, priority, issued_at, target_counter_id FROM tickets "
                f"WHERE status = 'waiting' AND target_counter_id IN ({marks(counters)}) "
                f"AND day = ?", (*counters, day))
        return [QueueEntry(r[0], r[1], bool(r[2]), rows.from_db_time(r[3]), r[4])  # type: ignore[arg-type]
                for r in found]

    def transferred_to(self, counter_ids: Iterable[str], day: str
                       ) -> dict[str, tuple[int, int]]:
        """Per counter, (priority, regular) tickets waiting that were sent to it."""
        ids = sorted(set(counter_ids))
        found: dict[str, dict[bool, int]] = {c: {} for c in ids}
        if not ids:
            return {}
        for r in self._all(
                f"SELECT target_counter_id, priority, count(*) FROM tickets "
                f"INDEXED BY tickets_waiting_targeted WHERE status = 'waiting' "
                f"AND target_counter_id IN ({marks(ids)}) AND day = ? "
                f"GROUP BY target_counter_id, priority", (*ids, day)):
            found[r[0]][bool(r[1])] = r[2]
        return {c: (n.get(True, 0), n.get(False, 0)) for c, n in found.items()}

    def line_sizes(self, day: str, service_ids: Iterable[str], *, priority: bool,
                   issued_at: datetime, ticket_id: int) -> tuple[int, int]:
        """(priority, regular) tickets waiting for these services, not sent to a counter,
        counting in the newcomer's own line only those issued before it (see domain
        LinesAhead): two range counts on the waiting index in one statement."""
        services = sorted(set(service_ids))
        stamp = to_db_time(issued_at)
        line = (f"SELECT count(*) FROM tickets INDEXED BY tickets_waiting "
                f"WHERE status = 'waiting' AND target_counter_id IS NULL "
                f"AND service_id IN ({marks(services)}) AND day = ? AND priority = ?")
        row = self._one(
            f"SELECT ({line} AND issued_at <= ? AND (issued_at < ? OR id < ?)), ({line})",
            (*services, day, int(priority), stamp, stamp, ticket_id,
             *services, day, int(not priority)))
        own, other = (int(row[0]), int(row[1])) if row else (0, 0)
        return (own, other) if priority else (other, own)

    def waiting_for_counter(self, counter: Counter, day: str) -> list[Ticket]:
        """What the counter could call: sent to it, or waiting for one of its services."""
        ids = list(counter.service_weights) or [""]
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE status = 'waiting' AND day = ? AND "
            f"(target_counter_id = ? OR (target_counter_id IS NULL AND service_id IN "
            f"({marks(ids)})))", (day, counter.id, *ids))]

    def waiting_of_service(self, service_id: str, day: str) -> list[Ticket]:
        """Every ticket waiting today in one service, sent to a counter or not (its phones'
        `service:ID` room is told where each stands)."""
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE status = 'waiting' AND day = ? "
            f"AND service_id = ? ORDER BY issued_at, id", (day, service_id))]

    def waiting_counts(self, day: str, service_ids: Iterable[str] | None = None
                       ) -> dict[str, int]:
        """Today's waiting tickets per service; give `service_ids` to count only those (a
        use case counts what it changed, not the whole hall)."""
        if service_ids is None:
            return {r[0]: r[1] for r in self._all(
                "SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' "
                "AND day = ? GROUP BY service_id", (day,))}
        ids = sorted(set(service_ids))
        counts = {s: 0 for s in ids}
        for r in self._all(
                f"SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' AND day = ? "
                f"AND service_id IN ({marks(ids)}) GROUP BY service_id", (day, *ids)):
            counts[r[0]] = r[1]
        return counts

    # ---------------------------------------------------------------- at the counters

    def at_counters(self) -> dict[str, Ticket]:
        """The ticket each counter is calling or serving now (its latest, if several)."""
        current: dict[str, Ticket] = {}
        for r in self._all(f"SELECT {TICKET_COLUMNS} FROM tickets "
                           f"WHERE status IN ('called', 'serving') ORDER BY called_at"):
            t = rows.ticket(r)
            if t.counter_id:
                current[t.counter_id] = t
        return current

    def at_counter(self, counter_id: str) -> list[Ticket]:
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE counter_id = ? "
            f"AND status IN ('called', 'serving') ORDER BY called_at", (counter_id,))]

    def called_at_counter(self, counter_id: str, since: datetime, limit: int = 10
                          ) -> list[Ticket]:
        """The tickets this counter called (or recalled) since then, the latest call first,
        each once: the console's recent tickets, to reprint one."""
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets JOIN (SELECT ticket_id, max(id) AS last_call "
            "FROM events WHERE counter_id = ? AND type IN ('called', 'recalled') AND at >= ? "
            "GROUP BY ticket_id ORDER BY last_call DESC LIMIT ?) calls "
            "ON calls.ticket_id = tickets.id ORDER BY calls.last_call DESC",
            (counter_id, to_db_time(since), limit))]

    def skipped_at_counter(self, counter_id: str, day: str, limit: int = 20) -> list[Ticket]:
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE counter_id = ? AND day = ? "
            f"AND status = 'no_show' ORDER BY called_at DESC LIMIT ?", (counter_id, day, limit))]

    def recent_service_minutes(self, service_id: str, since: datetime,
                               limit: int = 20) -> list[float]:
        return [r[0] for r in self._all(
            "SELECT (julianday(finished_at) - julianday(started_at)) * 1440 FROM tickets "
            "WHERE status = 'done' AND service_id = ? AND finished_at >= ? "
            "AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
            (service_id, to_db_time(since), limit))]
