"""tx.skm_followups: the rencana tindak lanjut of SKM results (migration 0010)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, tzinfo

from queue_server.domain.followups import Followup, FollowupStatus

from .base import Table
from .rows import from_db_time, to_db_time

_COLUMNS = ("id, period_from, period_to, agency_id, element, action, owner, due_date, "
            "status, done_date, created_at, created_by, updated_at")


def _followup(row: sqlite3.Row, zone: tzinfo) -> Followup:
    created = from_db_time(row["created_at"])
    updated = from_db_time(row["updated_at"])
    assert created is not None and updated is not None  # NOT NULL columns
    return Followup(
        id=row["id"], period_from=date.fromisoformat(row["period_from"]),
        period_to=date.fromisoformat(row["period_to"]), agency_id=row["agency_id"],
        element=row["element"], action=row["action"], owner=row["owner"],
        due_date=date.fromisoformat(row["due_date"]), status=FollowupStatus(row["status"]),
        done_date=date.fromisoformat(row["done_date"]) if row["done_date"] else None,
        created_at=created, created_day=created.astimezone(zone).date(),
        created_by=row["created_by"], updated_at=updated)


class SkmFollowupTable(Table):
    def in_period(self, first: date, last: date, zone: tzinfo, *,
                  agencies: frozenset[str] | None = None, hall_wide: bool = True,
                  ) -> list[Followup]:
        """The actions whose period lies within first..last, by unsur then id. `agencies`
        None: every agency's; `hall_wide`: also the actions of no agency."""
        where = ["period_from >= ?", "period_to <= ?"]
        params: list[object] = [first.isoformat(), last.isoformat()]
        if agencies is not None:
            scope = ["agency_id IN (SELECT value FROM json_each(?))"]
            params.append(_json_list(agencies))
            if hall_wide:
                scope.append("agency_id IS NULL")
            where.append("(" + " OR ".join(scope) + ")")
        elif not hall_wide:
            where.append("agency_id IS NOT NULL")
        rows = self._all(f"SELECT {_COLUMNS} FROM skm_followups WHERE {' AND '.join(where)} "
                         "ORDER BY CAST(substr(element, 2) AS INTEGER), id", params)
        return [_followup(r, zone) for r in rows]

    def get(self, followup_id: int, zone: tzinfo) -> Followup | None:
        row = self._one(f"SELECT {_COLUMNS} FROM skm_followups WHERE id = ?", (followup_id,))
        return None if row is None else _followup(row, zone)

    def insert(self, *, period_from: date, period_to: date, agency_id: str | None,
               element: str, action: str, owner: str, due_date: date,
               status: FollowupStatus, done_date: date | None, now: datetime,
               created_by: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO skm_followups (period_from, period_to, agency_id, element, action, "
            "owner, due_date, status, done_date, created_at, created_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (period_from.isoformat(), period_to.isoformat(), agency_id, element, action,
             owner, due_date.isoformat(), status.value,
             done_date.isoformat() if done_date else None, to_db_time(now), created_by,
             to_db_time(now)))
        return int(cur.lastrowid or 0)

    def update(self, followup_id: int, *, action: str, owner: str, due_date: date,
               status: FollowupStatus, done_date: date | None, now: datetime) -> None:
        self.conn.execute(
            "UPDATE skm_followups SET action = ?, owner = ?, due_date = ?, status = ?, "
            "done_date = ?, updated_at = ? WHERE id = ?",
            (action, owner, due_date.isoformat(), status.value,
             done_date.isoformat() if done_date else None, to_db_time(now), followup_id))


def _json_list(values: frozenset[str]) -> str:
    return json.dumps(sorted(values))
