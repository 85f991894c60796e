"""How times are written to the database (store/rows.py): one fixed-width UTC text, so
comparing texts in SQL compares times, whatever zone and precision a moment came with."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from queue_server.store.rows import from_db_time, to_db_time

WIB = timezone(timedelta(hours=7))


def test_a_time_is_written_as_fixed_width_utc_text_and_read_back_equal():
    assert to_db_time(datetime(2026, 12, 4, 9, 5, 3, tzinfo=WIB)) == \
        "2026-12-04T02:05:03.000000+00:00"
    rnd = random.Random(4)
    moments = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=rnd.randrange(10**14))
               for _ in range(500)]
    written = [to_db_time(m.astimezone(rnd.choice([UTC, WIB]))) for m in moments]
    assert {len(w) for w in written} == {32}
    assert [from_db_time(w) for w in written] == moments
    assert sorted(written) == [to_db_time(m) for m in sorted(moments)]  # text order is time order


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        to_db_time(datetime(2026, 12, 4, 9, 0))
    assert to_db_time(None) is None
