"""Sign-in throttling: after a few wrong passwords for one name from one address the door
stays shut there for a while, so a password cannot be guessed at the counter PC. The lock
is per (name, address): a PC that types an officer's name wrongly again and again shuts
that officer out of that PC only, not out of the hall. One address trying many names is
capped too (a shared PC at the help desk may try more, but not endlessly)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILURES = 5  # for one name from one address
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=5)
MAX_FAILURES_PER_ADDRESS = 20  # across every name tried from one address


def locked_until(failures: Sequence[datetime], now: datetime,
                 limit: int = MAX_FAILURES) -> datetime | None:
    """When sign-in opens again, or None if it is open now. `failures`: failed attempts
    since the last success, any order."""
    recent = sorted(t for t in failures if now - t <= WINDOW)
    if len(recent) < limit:
        return None
    until = recent[-1] + LOCKOUT
    return until if until > now else None
