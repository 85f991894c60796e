"""The booking rules: slots of a day, places left, the walk-ins' share, codes, names and
phones, the check-in window, the queue moment and erasure."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from queue_server.domain import bookings as rules
from queue_server.domain.bookings import Booking, BookingStatus, SlotRule
from queue_server.domain.errors import BadRequest, InvalidTransition

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 3, 2)
HOURS = {0: ((time(8), time(12)), (time(13), time(15))), 5: ()}


def booking(start=time(9), end=time(9, 30), status=BookingStatus.BOOKED) -> Booking:
    return Booking(1, "ABC234", "ktp-el", "dukcapil", MONDAY, start, end, "Budi", None,
                   status, None, None, datetime(2026, 3, 1, tzinfo=UTC))


def test_slots_fill_each_span_and_never_run_past_closing_or_into_the_break():
    slots = rules.slot_times(((time(8), time(9, 45)), (time(13), time(14))), 30)
    assert slots == [(time(8), time(8, 30)), (time(8, 30), time(9)), (time(9), time(9, 30)),
                     (time(13), time(13, 30)), (time(13, 30), time(14))]


def test_a_day_open_until_midnight_keeps_its_last_slot():
    slots = rules.slot_times(rules.DEMO_DAY, 60)
    assert len(slots) == 24  # 00:00-01:00 ... 23:00-24:00 (kept as 23:59:59)
    assert slots[-1] == (time(23), time(23, 59, 59))


def test_a_holiday_or_a_closed_weekday_has_no_spans_and_demo_is_open_all_day():
    assert rules.day_spans(MONDAY, HOURS, {MONDAY: "Nyepi"}) == ()
    assert rules.day_spans(date(2026, 3, 7), HOURS, {}) == ()  # Saturday
    assert rules.day_spans(MONDAY, HOURS, {}) == HOURS[0]
    assert rules.day_spans(date(2026, 3, 7), HOURS, {MONDAY: "x"}, demo=True) == rules.DEMO_DAY


def test_places_left_are_bounded_by_the_slot_and_by_the_online_quota_of_the_day():
    assert rules.places_left(4, 1, None, 30) == 3
    assert rules.places_left(4, 1, 10, 8) == 2
    assert rules.places_left(4, 4, 10, 4) == 0
    assert rules.places_left(4, 0, 10, 10) == 0


def test_todays_slots_that_ended_are_not_offered_and_other_days_keep_all():
    rule = SlotRule(60, 2, 7)
    now = datetime(2026, 3, 2, 9, 10, tzinfo=WIB)
    today = rules.day_slots(MONDAY, now, HOURS[0], rule, None, {time(9): 2})
    assert [(s.start, s.left) for s in today] == [
        (time(9), 0), (time(10), 2), (time(11), 2), (time(13), 2), (time(14), 2)]
    assert len(rules.day_slots(date(2026, 3, 3), now, HOURS[0], rule, None, {})) == 6
    assert rules.day_slots(date(2026, 3, 1), now, HOURS[0], rule, None, {}) == []


def test_bookable_days_run_from_today_to_days_ahead():
    rule = SlotRule(30, 4, 3)
    assert rules.is_bookable_day(MONDAY, MONDAY, rule)
    assert rules.is_bookable_day(date(2026, 3, 5), MONDAY, rule)
    assert not rules.is_bookable_day(date(2026, 3, 6), MONDAY, rule)
    assert not rules.is_bookable_day(date(2026, 3, 1), MONDAY, rule)


def test_walk_ins_get_the_daily_quota_without_the_online_share_while_bookings_are_taken():
    assert rules.walk_in_quota(100, 30, True) == 70
    assert rules.walk_in_quota(100, 30, False) == 100
    assert rules.walk_in_quota(100, None, True) == 100
    assert rules.walk_in_quota(None, 30, True) is None


def test_codes_have_six_characters_without_look_alikes():
    rng = random.Random(7)
    codes = {rules.new_code(rng.choice) for _ in range(500)}
    assert all(len(c) == 6 for c in codes)
    assert not set("".join(codes)) & set("0O1IL")
    assert rules.normal_code(" abc-234 ") == "ABC234"
    assert rules.normal_code("ABC2O4") is None  # O is not in the alphabet
    assert rules.normal_code("ABC23") is None


@pytest.mark.parametrize(("raw", "clean"), [
    ("0812 3456 7890", "+6281234567890"), ("+62 812-3456-7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"), ("(0732) 21234", "+6273221234"), ("", None),
    (None, None)])
def test_indonesian_phone_numbers_are_written_one_way(raw, clean):
    assert rules.clean_phone(raw) == clean


@pytest.mark.parametrize("raw", ["12345", "+1 555 123 4567", "08abc", "0012345678", 812])
def test_other_phone_numbers_are_refused_at_the_phone_field(raw):
    with pytest.raises(BadRequest) as refused:
        rules.clean_phone(raw)
    assert refused.value.field == "phone"


def test_names_are_two_to_eighty_characters_with_spaces_folded():
    assert rules.clean_name("  Siti   Aminah ") == "Siti Aminah"
    for bad in ("A", "x" * 81, None, 5):
        with pytest.raises(BadRequest):
            rules.clean_name(bad)


def test_check_in_opens_30_minutes_before_the_start_and_closes_15_after_the_end():
    b = booking()
    with pytest.raises(rules.TooEarly) as early:
        rules.ensure_check_in_window(b, datetime(2026, 3, 2, 8, 29, tzinfo=WIB), WIB)
    assert early.value.code == "too_early"
    rules.ensure_check_in_window(b, datetime(2026, 3, 2, 8, 30, tzinfo=WIB), WIB)
    rules.ensure_check_in_window(b, datetime(2026, 3, 2, 9, 45, tzinfo=WIB), WIB)
    with pytest.raises(rules.BookingExpired) as late:
        rules.ensure_check_in_window(b, datetime(2026, 3, 2, 9, 45, 1, tzinfo=WIB), WIB)
    assert late.value.code == "booking_expired"


def test_a_checked_in_ticket_queues_from_the_slot_start_or_the_earlier_check_in():
    b = booking()
    early = datetime(2026, 3, 2, 8, 40, tzinfo=WIB)
    late = datetime(2026, 3, 2, 9, 20, tzinfo=WIB)
    assert rules.queue_moment(b, early, WIB) == early
    assert rules.queue_moment(b, late, WIB) == datetime(2026, 3, 2, 9, tzinfo=WIB)


def test_only_a_booked_place_moves():
    assert rules.move(booking(), BookingStatus.CANCELLED) is BookingStatus.CANCELLED
    for final in (BookingStatus.CANCELLED, BookingStatus.CHECKED_IN, BookingStatus.MISSED):
        with pytest.raises(InvalidTransition):
            rules.move(booking(status=final), BookingStatus.CHECKED_IN)


def test_personal_data_is_erased_for_days_older_than_the_retention():
    assert rules.erase_before(date(2026, 4, 1), 30) == date(2026, 3, 2)


def test_a_service_takes_bookings_only_with_all_three_slot_settings():
    assert rules.slot_rule(30, 4, 7) == SlotRule(30, 4, 7)
    assert rules.slot_rule(30, None, 7) is None
    assert rules.slot_rule(30, 4, None) is None
    assert rules.slot_rule(30, 4, 0) == SlotRule(30, 4, 0)
