"""Alarms raised and not yet cleared (with who acknowledged them), and the few reads of the
live hall the alarm rules and the supervisor's snapshot need."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.alarms import AlarmKind, Condition

from .base import Table, marks
from .rows import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class AlarmRow:
    id: int
    kind: AlarmKind
    subject: str
    agency_id: str | None
    service_id: str | None
    counter_id: str | None
    device: str | None
    since: datetime
    message: str
    cleared_at: datetime | None = None
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.subject)


def _alarm(r: sqlite3.Row) -> AlarmRow:
    return AlarmRow(r["id"], AlarmKind(r["kind"]), r["subject"], r["agency_id"],
                    r["service_id"], r["counter_id"], r["device"],
                    from_db_time(r["since"]), r["message"],  # type: ignore[arg-type]
                    from_db_time(r["cleared_at"]), r["acknowledged_by"],
                    from_db_time(r["acknowledged_at"]))


class AlarmTable(Table):
    def open(self) -> list[AlarmRow]:
        return [_alarm(r) for r in self._all(
            "SELECT * FROM alarms WHERE cleared_at IS NULL ORDER BY since, id")]

    def get(self, alarm_id: int) -> AlarmRow | None:
        row = self._one("SELECT * FROM alarms WHERE id = ?", (alarm_id,))
        return _alarm(row) if row else None

    def raise_(self, c: Condition) -> AlarmRow:
        cur = self.conn.execute(
            "INSERT INTO alarms (kind, subject, agency_id, service_id, counter_id, device, "
            "since, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (c.kind.value, c.subject, c.agency_id, c.service_id, c.counter_id, c.device,
             to_db_time(c.since), c.message))
        return AlarmRow(cur.lastrowid or 0, c.kind, c.subject, c.agency_id, c.service_id,
                        c.counter_id, c.device, c.since, c.message)

    def clear(self, alarm_id: int, at: datetime) -> None:
        self.conn.execute("UPDATE alarms SET cleared_at = ? WHERE id = ?",
                          (to_db_time(at), alarm_id))

    def acknowledge(self, alarm_id: int, by: str, at: datetime) -> None:
        self.conn.execute("UPDATE alarms SET acknowledged_by = ?, acknowledged_at = ? "
                          "WHERE id = ?", (by, to_db_time(at), alarm_id))

    # ---------------------------------------------------------------- the live hall

    def oldest_waiting(self, day: str) -> dict[str, datetime]:
        """Per service, the issue time of its oldest ticket waiting today."""
        return {r[0]: from_db_time(r[1]) for r in self._all(  # type: ignore[misc]
            "SELECT service_id, min(issued_at) FROM tickets WHERE status = 'waiting' "
            "AND day = ? GROUP BY service_id", (day,))}

    def served_counts(self, day: str) -> dict[str, int]:
        """Per agency, tickets finished (served) today."""
        return {r[0]: r[1] for r in self._all(
            "SELECT agency_id, count(*) FROM tickets WHERE status = 'done' AND day = ? "
            "GROUP BY agency_id", (day,))}

    def counter_activity(self, since: datetime, counter_ids: list[str]
                         ) -> dict[str, tuple[datetime, str | None]]:
        """Per counter, its latest event since `since` and the last person who acted there
        (an officer's, supervisor's or admin's user name). The alarms' own events name
        the counter too, but are not something done at it."""
        if not counter_ids:
            return {}
        out: dict[str, tuple[datetime, str | None]] = {}
        stamp = to_db_time(since)
        for r in self._all(
                f"SELECT counter_id, max(at), (SELECT e2.actor FROM events e2 "
                f"WHERE e2.counter_id = e.counter_id AND e2.at >= ? "
                f"AND e2.actor LIKE 'user:%' AND e2.type NOT LIKE 'alarm.%' "
                f"ORDER BY e2.id DESC LIMIT 1) "
                f"FROM events e WHERE counter_id IN ({marks(counter_ids)}) AND at >= ? "
                f"AND type NOT LIKE 'alarm.%' GROUP BY counter_id",
                (stamp, *counter_ids, stamp)):
            actor = r[2][len("user:"):] if r[2] else None
            out[r[0]] = (from_db_time(r[1]), actor)  # type: ignore[assignment]
        return out
