"""How long a call of each service keeps a desk (domain.desk_time), learned once a day from
its latest calls of the hall's recent open days (services/recent_days.py's window; any kind
of day: a service takes as long on a Friday). The calls are grouped by desk and by the
stretch of the day a live pace is read over (domain.eta.WINDOW_MINUTES), so the spread of
the desks' true pace is measured at the time scale the estimate weighs it against."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from queue_server.domain.desk_time import DeskTimes
from queue_server.domain.eta import WINDOW_MINUTES
from queue_server.store import Transaction

from .hall import Hall
from .recent_days import HISTORY_DAYS

# the latest calls of each service learned from: plenty for a mean and its long cases, and
# a read that stays small however busy the hall
RECENT_CALLS = 200


def desk_times(hall: Hall, tx: Transaction, now: datetime) -> DeskTimes:
    def learn() -> DeskTimes:
        today = hall.local(now).date()
        first = datetime.combine(today - timedelta(days=HISTORY_DAYS), time(0),
                                 hall.config.site.zone)
        calls = []
        for counter_id, service_id, at, minutes in tx.eta.desk_minutes(
                hall.catalog(tx).services, first, hall.start_of_day(now), RECENT_CALLS):
            local = hall.local(at)
            stretch = (local.hour * 60 + local.minute) // WINDOW_MINUTES
            calls.append(((counter_id, local.date(), stretch), service_id, minutes))
        return DeskTimes.learn(calls)

    return hall.daily("desk_times", hall.today(now), learn)
