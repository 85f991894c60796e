"""The per-address limit of complaints: a window that slides, a refusal that says how long
to wait, and a table of addresses that cannot grow without bound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from queue_server.domain.errors import RateLimited
from queue_server.services import address_limits
from queue_server.services.address_limits import AddressLimit

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_the_window_slides_one_post_at_a_time():
    limit = AddressLimit(2, timedelta(minutes=10), "pengaduan")
    limit.record("10.0.0.1", T0)
    limit.record("10.0.0.1", T0 + timedelta(minutes=4))
    with pytest.raises(RateLimited) as refused:
        limit.check("10.0.0.1", T0 + timedelta(minutes=5))
    assert "5 menit" in refused.value.message  # the first post leaves the window at 10:10
    limit.check("10.0.0.2", T0 + timedelta(minutes=5))  # another address is free
    limit.check("10.0.0.1", T0 + timedelta(minutes=10))  # the first one has left
    limit.record("10.0.0.1", T0 + timedelta(minutes=10))
    with pytest.raises(RateLimited) as again:
        limit.check("10.0.0.1", T0 + timedelta(minutes=11))
    assert "3 menit" in again.value.message  # the 10:04 post leaves at 10:14


def test_no_address_is_not_limited():
    limit = AddressLimit(1, timedelta(minutes=10), "pengaduan")
    limit.record(None, T0)
    limit.check(None, T0)


def test_the_oldest_addresses_are_forgotten_past_the_cap(monkeypatch):
    monkeypatch.setattr(address_limits, "MAX_ADDRESSES", 3)
    limit = AddressLimit(1, timedelta(minutes=10), "pengaduan")
    for n in range(5):
        limit.record(f"10.0.0.{n}", T0)
    limit.check("10.0.0.0", T0)  # forgotten: free again
    with pytest.raises(RateLimited):
        limit.check("10.0.0.4", T0)
