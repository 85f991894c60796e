"""The breaks the wait forecast expects of each counter: when one paused now comes back,
and the usual break (domain.usual_breaks) one open now will still take today, learned from
its pauses on the recent open days of the same kind as today (services/recent_days.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from queue_server.domain.usual_breaks import (
    UsualBreak,
    back_from_pause,
    break_ahead,
    usual_break,
)
from queue_server.store import Transaction

from .hall import Hall
from .recent_days import recent_days_like

# how long a paused counter with no usual break is expected to stay away
BREAK_MINUTES = 30


@dataclass(frozen=True, slots=True)
class CounterBreaks:
    """A counter's breaks as the forecast sees them: back_at for one paused now, break_at
    and break_back_at for the one still to come today."""

    back_at: datetime | None = None
    break_at: datetime | None = None
    break_back_at: datetime | None = None


def _minute_of_day(moment: time) -> float:
    return moment.hour * 60 + moment.minute


class Breaks:
    """Each counter's usual break (domain.usual_breaks) from its pauses on the recent open
    days of the same kind as today (a Friday with the prayer break learns from Fridays),
    worked out once a day; and today's pauses, read per transaction."""

    def __init__(self, hall: Hall, tx: Transaction, now: datetime) -> None:
        self.hall, self.tx, self.now = hall, tx, now
        self.local = hall.local(now)
        self.midnight = self.local.replace(hour=0, minute=0, second=0, microsecond=0)

    def _minute(self, moment: datetime) -> float:
        return (self.hall.local(moment) - self.midnight).total_seconds() / 60

    def _at(self, minute: float) -> datetime:
        return self.midnight + timedelta(minutes=minute)

    def _usual(self) -> dict[str, UsualBreak | None]:
        hall, tx, today = self.hall, self.tx, self.local.date()
        hours = hall.settings.hours
        days = recent_days_like(hall, tx, today)
        counters = list(hall.catalog(tx).counters)
        if not days:
            return dict.fromkeys(counters)
        spans = [(_minute_of_day(a), _minute_of_day(b)) for a, b in hours.get(today.weekday(), ())]
        gaps = [(end, start) for (_, end), (start, _) in pairwise(spans)]
        zone = hall.config.site.zone
        since = datetime.combine(date.fromisoformat(days[0]), time(0), zone)
        found = tx.eta.pauses(counters, since, self.hall.start_of_day(self.now))
        out: dict[str, UsualBreak | None] = {}
        for counter_id, pauses in found.items():
            per_day: dict[str, list[tuple[float, float]]] = {}
            for start, end in pauses:
                local = hall.local(start)
                if end is None or local.date().isoformat() not in days:
                    continue
                midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
                per_day.setdefault(local.date().isoformat(), []).append(
                    ((local - midnight).total_seconds() / 60, (end - start).total_seconds() / 60))
            out[counter_id] = usual_break(list(per_day.values()), len(days), gaps)
        return out

    def of(self, counter_ids: list[str]) -> dict[str, CounterBreaks]:
        usual = self.hall.daily("usual_breaks", self.hall.today(self.now),
                                self._usual)
        today = self.tx.eta.pauses(counter_ids, self.hall.start_of_day(self.now),
                                   self.now + timedelta(seconds=1))
        out = {}
        now = self._minute(self.now)
        for counter_id in counter_ids:
            pauses = today.get(counter_id, [])
            mine = usual.get(counter_id)
            closed = [(self._minute(a), (b - a).total_seconds() / 60) for a, b in pauses
                      if b is not None]
            back = None
            if pauses and pauses[-1][1] is None:  # paused now
                back = self._at(back_from_pause(self._minute(pauses[-1][0]), mine,
                                                BREAK_MINUTES))
            ahead = break_ahead(mine, closed, now) if back is None else None
            out[counter_id] = (CounterBreaks(back) if ahead is None else
                               CounterBreaks(None, self._at(ahead[0]), self._at(ahead[1])))
        return out
