"""How many pairing codes may wait at once. Asking needs no credentials (the screen has
none yet), so the codes waiting for an admin are bounded per network address and for the
whole hall, and each lives a quarter of an hour: a flood of asks cannot fill the database
or bury the real screens' codes on the admin page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

PAIRING_LIFETIME = timedelta(minutes=15)  # the code on the screen, then it asks again
PENDING_PER_ADDRESS = 5  # a screen reloaded a few times keeps its code (localStorage)
PENDING_IN_HALL = 50  # far more screens than a hall pairs in one quarter of an hour


def seconds_until_a_slot(of_address: Sequence[datetime], in_hall: Sequence[datetime],
                         now: datetime) -> int | None:
    """None when one more code may wait; else in how many seconds one frees up (the soonest
    expiry among the codes over the bound). Arguments: when each waiting code expires."""
    waits = []
    for expiries, limit in ((of_address, PENDING_PER_ADDRESS), (in_hall, PENDING_IN_HALL)):
        live = sorted(t for t in expiries if t > now)
        if len(live) >= limit:
            waits.append(live[len(live) - limit])
    if not waits:
        return None
    return max(1, math.ceil((max(waits) - now).total_seconds()))
