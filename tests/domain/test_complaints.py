"""Pengaduan rules: the 5-working-day deadline over weekends and holidays, the status
moves, what a complaint and its contact must look like, and the tracking code."""

from __future__ import annotations

import random
from datetime import date, time

import pytest

from queue_server.domain.complaints import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ComplaintStatus,
    clean_category,
    clean_contact,
    clean_text,
    is_overdue,
    move,
    new_code,
    normal_code,
    response_deadline,
)
from queue_server.domain.errors import BadRequest, InvalidTransition

DAY = ((time(8), time(15)),)
MON_FRI = {d: DAY for d in range(5)}  # config.toml's week: Saturday and Sunday closed
NEW, IN_PROGRESS, ANSWERED = (ComplaintStatus.NEW, ComplaintStatus.IN_PROGRESS,
                              ComplaintStatus.ANSWERED)


def test_friday_plus_five_working_days_skips_the_weekend():
    # Fri 6 Mar 2026: Mon 9 … Fri 13
    assert response_deadline(date(2026, 3, 6), MON_FRI, {}) == date(2026, 3, 13)


def test_friday_plus_five_working_days_skips_the_weekend_and_a_holiday():
    # Fri 18 Dec 2026; Thu 24 (cuti bersama) and Fri 25 (Natal) are closed:
    # Mon 21, Tue 22, Wed 23, Mon 28, Tue 29
    holidays = {date(2026, 12, 24): "Cuti Bersama Natal", date(2026, 12, 25): "Natal"}
    assert response_deadline(date(2026, 12, 18), MON_FRI, holidays) == date(2026, 12, 29)


def test_a_complaint_filed_on_a_sunday_counts_from_monday():
    assert response_deadline(date(2026, 3, 8), MON_FRI, {}) == date(2026, 3, 13)


def test_a_hall_open_on_saturday_still_counts_monday_to_friday():
    every_day = {d: DAY for d in range(7)}
    assert response_deadline(date(2026, 3, 6), every_day, {}) == date(2026, 3, 13)


def test_a_weekday_the_hall_is_closed_is_not_a_working_day():
    no_wednesday = {d: DAY for d in (0, 1, 3, 4)}
    # Fri 6 Mar: Mon 9, Tue 10, Thu 12, Fri 13, Mon 16
    assert response_deadline(date(2026, 3, 6), no_wednesday, {}) == date(2026, 3, 16)


def test_a_schedule_without_any_open_day_falls_back_to_monday_to_friday():
    assert response_deadline(date(2026, 3, 6), {}, {}) == date(2026, 3, 13)


@pytest.mark.parametrize("status, today, overdue", [
    (NEW, date(2026, 3, 13), False),  # the deadline day itself is in time
    (NEW, date(2026, 3, 14), True),
    (IN_PROGRESS, date(2026, 3, 16), True),
    (ANSWERED, date(2026, 3, 16), False),
])
def test_overdue_is_past_the_deadline_and_not_answered(status, today, overdue):
    assert is_overdue(status, date(2026, 3, 13), today) is overdue


@pytest.mark.parametrize("current, wanted, result", [
    (NEW, "in_progress", IN_PROGRESS), (NEW, "answered", ANSWERED),
    (IN_PROGRESS, "answered", ANSWERED),
])
def test_legal_moves(current, wanted, result):
    assert move(current, wanted) is result


@pytest.mark.parametrize("current, wanted", [
    (ANSWERED, "in_progress"), (ANSWERED, "answered"), (IN_PROGRESS, "in_progress"),
    (IN_PROGRESS, "new"), (NEW, "new"),
])
def test_illegal_moves_are_invalid_transitions(current, wanted):
    with pytest.raises(InvalidTransition) as refused:
        move(current, wanted)
    assert refused.value.field == "status"


def test_an_unknown_status_is_a_bad_request():
    with pytest.raises(BadRequest) as refused:
        move(NEW, "closed")
    assert refused.value.field == "status"


def test_text_is_trimmed_and_between_10_and_2000_characters():
    assert clean_text("  Antrean terlalu lama.  ") == "Antrean terlalu lama."
    assert len(clean_text("x" * 2000)) == 2000
    for bad in ("pendek", " " * 30 + "123456789 ", "x" * 2001, 42):
        with pytest.raises(BadRequest) as refused:
            clean_text(bad)
        assert refused.value.field == "text"


@pytest.mark.parametrize("raw, kept", [
    (None, None), ("", None), ("   ", None),
    ("0812 3456 7890", "081234567890"), ("+62 812-3456-7890", "+6281234567890"),
    ("(0732) 21234", "073221234"), ("Warga@Contoh.ID", "warga@contoh.id"),
])
def test_a_contact_is_an_indonesian_phone_number_or_an_email(raw, kept):
    assert clean_contact(raw) == kept


@pytest.mark.parametrize("raw", ["12345", "0812abc", "nama@", "nama@contoh", "@contoh.id",
                                 "+1 202 555 0100", "0" * 130])
def test_a_contact_that_is_neither_is_refused_at_its_field(raw):
    with pytest.raises(BadRequest) as refused:
        clean_contact(raw)
    assert refused.value.field == "contact"


def test_categories_are_the_six_of_the_form():
    assert clean_category("waiting_time") == "waiting_time"
    with pytest.raises(BadRequest) as refused:
        clean_category("Waktu tunggu")
    assert refused.value.field == "category"


def test_codes_have_eight_characters_without_look_alikes():
    rng = random.Random(11)
    codes = {new_code(rng.choice) for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert not set(code) & set("0O1IL")
        assert set(code) <= set(CODE_ALPHABET)


def test_a_code_typed_loosely_is_read_back():
    assert normal_code("abcd-efgh") == "ABCDEFGH"
    assert normal_code(" 23 45 67 89 ") == "23456789"
    assert normal_code("ABCDEFG0") is None  # 0 is never in a code
    assert normal_code("ABCDEFG") is None
