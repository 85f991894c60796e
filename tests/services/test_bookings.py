"""Booking use cases on a real SQLite file under the fake clock: the last places under
concurrency, the queue order of a checked-in ticket through call_next, the daily quota's
two shares, the sweep's missed marks and the erasure of names and phones."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.bookings import BookingStatus
from queue_server.domain.errors import QuotaReached
from queue_server.services import bookings, tickets
from tests.booking_setup import with_bookings
from tests.conftest import ADMIN, KIOSK

MONDAY = "2026-03-02"


def wib(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour - 7, minute, tzinfo=UTC)


def book(hall, start="09:00", name="Budi Santoso", phone=None, day=MONDAY, address=None):
    return bookings.book(hall, ANONYMOUS, service_id="ktp-el", day=day, start=start,
                         name=name, phone=phone, address=address)


def test_32_clients_booking_the_last_5_places_of_a_slot_get_exactly_5(make_hall, settings):
    settings = with_bookings(settings, capacity=7)
    halls = [make_hall(settings, name="loket.db") for _ in range(4)]  # 4 stores, one file
    for i in range(2):
        book(halls[0], phone=f"08120000000{i}")
    made: list[str] = []
    refused: list[Exception] = []
    lock = threading.Lock()
    barrier = threading.Barrier(32)

    def client(index: int) -> None:
        barrier.wait()
        try:
            found = book(halls[index % 4], name=f"Warga {index}", phone=f"0813{index:08d}")
        except QuotaReached as exc:
            with lock:
                refused.append(exc)
        else:
            with lock:
                made.append(found.code)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(made) == 5 and len(set(made)) == 5
    assert len(refused) == 27
    with halls[0].store.read() as tx:
        assert tx.bookings.taken("ktp-el", date(2026, 3, 2)) == {time(9): 7}


def test_a_booking_for_nine_is_called_after_the_0850_walk_in_and_before_the_0905_one(
        make_hall, settings, clock):
    hall = make_hall(with_bookings(settings))
    clock.set(wib(8, 40))
    booked = book(hall, start="09:00")
    clock.set(wib(8, 50))
    early = tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket
    clock.set(wib(9, 5))
    late = tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket
    clock.set(wib(9, 10))
    checked = bookings.check_in(hall, KIOSK, booked.code).outcome.ticket
    assert checked is not None and early is not None and late is not None
    assert checked.ticket.issued_at == wib(9) and checked.ticket.booking_code == booked.code
    assert checked.people_ahead == 1  # only the 08:50 walk-in
    order = [tickets.call_next(hall, ADMIN, "loket-1").ticket.ticket.code for _ in range(3)]
    assert order == [early.ticket.code, checked.ticket.code, late.ticket.code]


def test_a_check_in_before_the_slot_queues_from_the_check_in(make_hall, settings, clock):
    hall = make_hall(with_bookings(settings))
    clock.set(wib(9, 40))
    booked = book(hall, start="10:00")
    done = bookings.check_in(hall, KIOSK, booked.code)
    assert done.created and done.outcome.ticket.ticket.issued_at == wib(9, 40)
    again = bookings.check_in(hall, KIOSK, booked.code)
    assert not again.created and again.outcome.ticket.ticket.id == done.outcome.ticket.ticket.id


def test_walk_ins_cannot_take_the_online_share_and_check_ins_do_not_use_theirs(
        make_hall, settings):
    hall = make_hall(with_bookings(settings, daily_quota=3, online_quota=2))
    tickets.issue_ticket(hall, KIOSK, "ktp-el")
    with pytest.raises(QuotaReached):
        tickets.issue_ticket(hall, KIOSK, "ktp-el")
    first, second = book(hall), book(hall, start="09:30")
    with pytest.raises(QuotaReached):  # the online quota of the day is used up
        book(hall, start="10:00")
    assert bookings.check_in(hall, KIOSK, first.code).created
    assert bookings.check_in(hall, KIOSK, second.code).created
    with pytest.raises(QuotaReached):
        tickets.issue_ticket(hall, KIOSK, "ktp-el")


def test_cancelling_frees_the_place(make_hall, settings):
    hall = make_hall(with_bookings(settings, capacity=1))
    first = book(hall)
    with pytest.raises(QuotaReached):
        book(hall, name="Siti")
    assert bookings.cancel(hall, ANONYMOUS, first.code).status is BookingStatus.CANCELLED
    assert book(hall, name="Siti").status is BookingStatus.BOOKED


def test_the_sweep_marks_missed_bookings_and_erases_names_after_the_retention(
        make_hall, settings, clock):
    hall = make_hall(with_bookings(settings))
    kept = book(hall, start="09:00", phone="081234567890")
    clock.set(wib(9, 44))
    assert bookings.sweep(hall, force=True).missed == 0
    clock.set(wib(9, 46))
    assert bookings.sweep(hall, force=True).missed == 1
    assert bookings.get_booking(hall, kept.code).status is BookingStatus.MISSED
    assert bookings.sweep(hall) is None  # at most once a minute
    clock.set(wib(12, day=31))  # 29 days after the booking's day: kept
    assert bookings.sweep(hall, force=True).erased == 0
    clock.current += timedelta(days=2)
    assert bookings.sweep(hall, force=True).erased == 1
    erased = bookings.get_booking(hall, kept.code)
    assert (erased.name, erased.phone, erased.code) == (None, None, kept.code)
    assert erased.erased_at == clock.current


def test_staff_mark_missed_only_after_the_window(make_hall, settings, clock):
    from queue_server.domain.errors import Conflict
    hall = make_hall(with_bookings(settings))
    found = book(hall)
    with pytest.raises(Conflict):
        bookings.mark_missed(hall, ADMIN, found.code)
    clock.set(wib(9, 50))
    assert bookings.mark_missed(hall, ADMIN, found.code).status is BookingStatus.MISSED


def test_demo_mode_keeps_slots_open_around_the_clock(make_hall, settings, clock):
    hall = make_hall(with_bookings(settings, minutes=60), demo=True)
    clock.set(wib(22, 30, day=7))  # Saturday night: the hall is closed, the demo is not
    offered = bookings.slots(hall, "ktp-el", "2026-03-07")
    # 22:00-23:00 and the last one, to midnight (kept as 23:59:59)
    assert [(s.start, s.end) for s in offered] == [(time(22), time(23)),
                                                   (time(23), time(23, 59, 59))]
    found = book(hall, start="22:00", day="2026-03-07")
    assert bookings.check_in(hall, KIOSK, found.code).created


def test_slot_settings_come_from_config_toml_and_an_admin_edit_survives_a_restart(
        make_hall, settings):
    from queue_server.services import admin_catalogue
    from queue_server.services.seeding import seed_catalog
    from queue_server.settings import parse_settings
    from tests.conftest import CONFIG

    text = CONFIG.read_text(encoding="utf-8").replace(
        "  avg_service_minutes = 7\n",
        "  avg_service_minutes = 7\n  slot_minutes = 15\n  slot_capacity = 2\n"
        "  booking_days_ahead = 3\n", 1)
    config = parse_settings(text, CONFIG)
    hall = make_hall(config)
    assert len(bookings.slots(hall, "ktp-el", "2026-03-03")) == 28  # 08:00-15:00 by 15
    admin_catalogue.update(hall, ADMIN, "service", "ktp-el", {"slot_capacity": 5})
    report = seed_catalog(hall.store, config)
    assert bookings.slots(hall, "ktp-el", "2026-03-03")[0].capacity == 5
    assert report.kept == ["kept admin edit of services.ktp-el.slot_capacity: 5, "
                           "config says 2"]
