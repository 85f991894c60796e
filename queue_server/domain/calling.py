"""Whether a counter calls citizens now: the one check call-next, calling a number out of
order and recalling a skipped citizen share (and the console's buttons agree, through
`console_actions`)."""

from __future__ import annotations

from .errors import Conflict
from .models import Counter, CounterStatus


def ensure_counter_calls(counter: Counter) -> None:
    """Conflict (field `status`) while the counter is paused or closed: a break means no
    citizen is sent to it, whichever way they would be called."""
    if counter.status is CounterStatus.OPEN:
        return
    if counter.status is CounterStatus.PAUSED:
        raise Conflict(f"{counter.name} sedang istirahat; tekan Lanjutkan dulu.",
                       field="status")
    raise Conflict(f"{counter.name} sedang tutup.", field="status")
