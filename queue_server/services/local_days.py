"""The site's local days a request asks about (`from`, `to`, `date`): one rule for the
audit log, the reports and the estimate's accuracy."""

from __future__ import annotations

import re
from datetime import date

from queue_server.domain.errors import BadRequest

MAX_RANGE_DAYS = 366
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # fromisoformat alone also takes 20260309


def local_day(raw: str | None, field: str, default: date) -> date:
    if raw is None or raw == "":
        return default
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"Tanggal '{field}' harus berbentuk YYYY-MM-DD, mis. 2026-03-09.",
                         field=field) from None


def day_range(today: date, from_: str | None, to: str | None, *,
              to_default: date | None = None) -> tuple[date, date]:
    """`from_`..`to`, both included: today when left out; `to` defaults to `to_default`,
    else to `from_`. At most MAX_RANGE_DAYS days, never backwards."""
    first = local_day(from_, "from", today)
    last = local_day(to, "to", to_default or first)
    if last < first:
        raise BadRequest("Tanggal 'to' tidak boleh sebelum tanggal 'from'.", field="to")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise BadRequest(f"Rentang tanggal paling lama {MAX_RANGE_DAYS} hari.", field="to")
    return first, last
