"""The per-address limit of anonymous posts (complaints, bookings) says when to try again:
its refusal carries the seconds until the oldest post of the window leaves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from queue_server.domain.errors import RateLimited
from queue_server.services.address_limits import AddressLimit

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_a_refusal_carries_the_seconds_until_the_oldest_post_leaves_the_window():
    limit = AddressLimit(2, timedelta(hours=1), "pengaduan")
    limit.record("10.0.0.9", NOW)
    limit.record("10.0.0.9", NOW + timedelta(minutes=20))
    with pytest.raises(RateLimited) as refused:
        limit.check("10.0.0.9", NOW + timedelta(minutes=30, seconds=0.5))
    assert refused.value.retry_after == 30 * 60  # 29 min 59.5 s, rounded up
    assert "30 menit" in refused.value.message
    limit.check("10.0.0.9", NOW + timedelta(hours=1))  # the first post left the window
