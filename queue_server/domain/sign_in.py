"""Sign-in throttling: after a few wrong passwords for one name (or from one address) the
door stays shut for a while, so a password cannot be guessed at the counter PC."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=5)
# one address may try more names (a shared PC at the help desk), but not endlessly
MAX_FAILURES_PER_ADDRESS = 20


def locked_until(failures: Sequence[datetime], now: datetime,
                 limit: int = MAX_FAILURES) -> datetime | None:
    """When sign-in opens again, or None if it is open now. `failures`: failed attempts
    since the last success, any order."""
    recent = sorted(t for t in failures if now - t <= WINDOW)
    if len(recent) < limit:
        return None
    until = recent[-1] + LOCKOUT
    return until if until > now else None
