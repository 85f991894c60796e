"""Ticket numbers: a sequence per service per local day, printed as A001 … A999, A1000."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

PREFIX_PATTERN = re.compile(r"^[A-Z]{1,3}\Z")  # \Z: "$" would accept "A\n"


def ticket_code(prefix: str, number: int) -> str:
    if not PREFIX_PATTERN.match(prefix):
        raise ValueError(f"prefix must be 1-3 capital letters, got {prefix!r}")
    if number < 1:
        raise ValueError(f"ticket numbers start at 1, got {number}")
    return f"{prefix}{number:03d}"


def local_day(moment: datetime, zone: tzinfo) -> str:
    """The site's calendar date of `moment`; numbering restarts when it changes, no cron job."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(zone).date().isoformat()
