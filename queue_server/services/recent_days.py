"""The recent open days a forecast learns from: the hall's days with tickets in the last
weeks that are of today's kind (same number of opening spans: a Friday with the prayer
break learns from Fridays)."""

from __future__ import annotations

from datetime import date, timedelta

from queue_server.store import Transaction

from .hall import Hall

# how far back the forecasts learn from
HISTORY_DAYS = 28


def recent_days_like(hall: Hall, tx: Transaction, today: date) -> list[str]:
    hours = hall.settings.hours
    kind = len(hours.get(today.weekday(), ()))
    first = (today - timedelta(days=HISTORY_DAYS)).isoformat()
    return [d for d in tx.eta.open_days(first, (today - timedelta(days=1)).isoformat())
            if len(hours.get(date.fromisoformat(d).weekday(), ())) == kind]
