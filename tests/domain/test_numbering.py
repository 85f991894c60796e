"""Ticket codes ({prefix}{n:03d}) and the site's local day that restarts numbering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.numbering import local_day, ticket_code

JAKARTA = ZoneInfo("Asia/Jakarta")
prefixes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3)


@pytest.mark.parametrize(
    ("prefix", "number", "code"),
    [
        ("A", 1, "A001"),
        ("A", 9, "A009"),
        ("A", 10, "A010"),
        ("A", 123, "A123"),
        ("A", 999, "A999"),
        ("A", 1000, "A1000"),
        ("Z", 9999, "Z9999"),
        ("KK", 7, "KK007"),
        ("SKC", 1, "SKC001"),
        ("SKC", 1000, "SKC1000"),
    ],
)
def test_ticket_code_pads_to_three_digits_and_grows_past_999(
    prefix: str, number: int, code: str
) -> None:
    assert ticket_code(prefix, number) == code


@pytest.mark.parametrize("prefix", ["a", "ABCD", "", "A1", "1", "Ab", " A", "A ", "A\n", "É"])
def test_ticket_code_rejects_invalid_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        ticket_code(prefix, 1)


@pytest.mark.parametrize("number", [0, -1, -999])
def test_ticket_code_rejects_numbers_below_one(number: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        ticket_code("A", number)


def test_local_day_uses_the_site_zone_2330_utc_on_1_march_is_2_march_in_jakarta() -> None:
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert local_day(moment, JAKARTA) == "2026-03-02"
    assert local_day(moment, UTC) == "2026-03-01"


def test_local_day_changes_at_local_midnight_not_utc_midnight() -> None:
    midnight_wib = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # 00:00 WIB on 2 March
    assert local_day(midnight_wib - timedelta(seconds=1), JAKARTA) == "2026-03-01"
    assert local_day(midnight_wib, JAKARTA) == "2026-03-02"


def test_local_day_converts_other_offsets() -> None:
    wita = timezone(timedelta(hours=8))
    assert local_day(datetime(2026, 3, 2, 0, 30, tzinfo=wita), JAKARTA) == "2026-03-01"


def test_local_day_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_day(datetime(2026, 3, 2, 9, 0), JAKARTA)


@given(prefixes, st.integers(min_value=1, max_value=99_999),
       prefixes, st.integers(min_value=1, max_value=99_999))
def test_codes_are_unique_per_prefix_and_number(p1: str, n1: int, p2: str, n2: int) -> None:
    same_code = ticket_code(p1, n1) == ticket_code(p2, n2)
    assert same_code == ((p1, n1) == (p2, n2))


@given(prefixes, st.lists(st.integers(min_value=1, max_value=999), unique=True, min_size=2))
def test_codes_sort_by_number_below_1000(prefix: str, numbers: list[int]) -> None:
    codes = [ticket_code(prefix, n) for n in numbers]
    assert sorted(codes) == [ticket_code(prefix, n) for n in sorted(numbers)]
    assert all(len(c) == len(prefix) + 3 for c in codes)
