"""tx.skm: SKM responses (migration 0010 `skm_responses`, one per ticket) and the figures
read from them. Periods are the site's local days of the answers (`day`, indexed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import replace
from typing import Any

from queue_server.domain.errors import Conflict
from queue_server.domain.skm import CODES, SkmResponse

from .base import Table, marks
from .rows import from_db_time, to_db_time

_SCORES = ", ".join(c.lower() for c in CODES)  # u1, …, u9
COLUMNS = ("id, ticket_id, day, at, agency_id, service_id, counter_id, channel, "
           f"{_SCORES}, age, sex, education, occupation, suggestion")
GROUPS = ("agency_id", "service_id")


def _response(row: sqlite3.Row) -> SkmResponse:
    at = from_db_time(row["at"])
    assert at is not None
    return SkmResponse(
        id=row["id"], ticket_id=row["ticket_id"], day=row["day"], at=at,
        agency_id=row["agency_id"], service_id=row["service_id"],
        counter_id=row["counter_id"], channel=row["channel"],
        answers=tuple(row[c.lower()] for c in CODES), age=row["age"], sex=row["sex"],
        education=row["education"], occupation=row["occupation"],
        suggestion=row["suggestion"])


def _scope(first: str, last: str, agencies: Collection[str] | None,
           service_id: str | None) -> tuple[str, list[Any]]:
    """WHERE of a period (local days, both included) within some agencies (None: all)."""
    where, params = ["day >= ?", "day <= ?"], [first, last]
    if agencies is not None:
        where.append(f"agency_id IN ({marks(agencies)})")
        params += sorted(agencies)
    if service_id is not None:
        where.append("service_id = ?")
        params.append(service_id)
    return " AND ".join(where), params


class SkmTables(Table):
    def insert(self, r: SkmResponse) -> SkmResponse:
        """Store a response; a second one for the same ticket is a Conflict (the unique
        index decides, so two taps racing on two phones cannot both land)."""
        values = (r.ticket_id, r.day, to_db_time(r.at), r.agency_id, r.service_id,
                  r.counter_id, r.channel, *r.answers, r.age, r.sex, r.education,
                  r.occupation, r.suggestion)
        try:
            cur = self.conn.execute(
                f"INSERT INTO skm_responses ({COLUMNS.removeprefix('id, ')}) "
                f"VALUES ({marks(values)})", values)
        except sqlite3.IntegrityError as exc:
            raise Conflict("Penilaian untuk tiket ini sudah diterima. Terima kasih.",
                           field="ticket_token") from exc
        return replace(r, id=cur.lastrowid or 0)

    def for_ticket(self, ticket_id: int) -> SkmResponse | None:
        row = self._one(f"SELECT {COLUMNS} FROM skm_responses WHERE ticket_id = ?",
                        (ticket_id,))
        return _response(row) if row else None

    def answered(self, ticket_ids: Iterable[int]) -> set[int]:
        """Which of these tickets already have their response."""
        ids = list(ticket_ids)
        if not ids:
            return set()
        return {r[0] for r in self._all(
            f"SELECT ticket_id FROM skm_responses WHERE ticket_id IN ({marks(ids)})", ids)}

    def responses(self, first: str, last: str, *, agencies: Collection[str] | None = None,
                  service_id: str | None = None) -> list[SkmResponse]:
        """The responses answered on local days `first`..`last`, in the order given."""
        where, params = _scope(first, last, agencies, service_id)
        return [_response(row) for row in self._all(
            f"SELECT {COLUMNS} FROM skm_responses WHERE {where} ORDER BY day, id", params)]

    def count(self, first: str, last: str, *,
              agencies: Collection[str] | None = None) -> int:
        where, params = _scope(first, last, agencies, None)
        row = self._one(f"SELECT COUNT(*) FROM skm_responses WHERE {where}", params)
        return int(row[0]) if row else 0

    def totals(self, first: str, last: str, by: str) -> dict[str, tuple[int, tuple[int, ...]]]:
        """Per agency_id or service_id: (respondents, the sum of each unsur's scores) —
        what the public page needs, without reading every row."""
        if by not in GROUPS:
            raise ValueError(f"totals by {by!r}")
        sums = ", ".join(f"SUM({c.lower()})" for c in CODES)
        rows = self._all(f"SELECT {by}, COUNT(*), {sums} FROM skm_responses "
                         f"WHERE day >= ? AND day <= ? GROUP BY {by}", (first, last))
        return {r[0]: (int(r[1]), tuple(int(v) for v in tuple(r)[2:])) for r in rows}
