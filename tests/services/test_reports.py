"""Reports on a real SQLite file, with ten tickets whose every time is known: each figure
is asserted against numbers computed by hand (the comments show the arithmetic)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import BadRequest, Forbidden, Unauthorized
from queue_server.services import admin_users, reports, tickets
from queue_server.settings import load_settings
from tests.conftest import ADMIN, KIOSK, MONDAY_9AM, display_principal, officer, supervisor
from tests.live_server import hall_config

RINA = officer("loket-1", name="rina")
SARI = officer("loket-2", name="sari")
BUDI = officer("loket-3", name="budi")
KTP, KK = "ktp-el", "kartu-keluarga"  # both Dukcapil, both max_wait_minutes = 60


@pytest.fixture
def day(hall, clock):
    """Monday 2 March 2026 from 09:00 WIB; minutes after 09:00 in brackets.

    ticket  service  issued  called (counter, officer)  started  ended
    T1      KTP      0       10 (loket-1 rina)          12       finished 20
    T2      KTP      0       20 (loket-1 rina)          21       finished 26
    T3      KTP      5       30 (loket-2 sari)          -        skipped 32 -> no_show
    T4      KTP      5       -                          -        cancelled 15 (waiting)
    T5 prio KTP      10      15 (loket-2 sari)          16       finished 28
    T6      KTP      10      40 (loket-1 rina)          never    finished 47
    T7      KTP      15      95 (loket-1 rina)          96       finished 100
    T8      KTP      20      50 (loket-1 rina)          51       transferred to KK at 55
            KK leg   55      70 (loket-3 budi)          71       finished 80
    T9      KK       20      25 (loket-3 budi)          26       finished 36
    T10 prio KK      65      -  (still waiting)
    """
    ids: dict[str, int] = {}

    def at(minute: int) -> None:
        clock.set(MONDAY_9AM + timedelta(minutes=minute))

    def issue(name: str, service: str, priority: bool = False) -> None:
        ids[name] = tickets.issue_ticket(hall, KIOSK, service, priority=priority
                                         ).ticket.ticket.id

    def call(who, name: str, counter: str) -> None:
        tickets.call_specific(hall, who, ids[name], counter, "urutan uji")

    steps = [
        (0, lambda: (issue("T1", KTP), issue("T2", KTP))),
        (5, lambda: (issue("T3", KTP), issue("T4", KTP))),
        (10, lambda: (issue("T5", KTP, True), issue("T6", KTP), call(RINA, "T1", "loket-1"))),
        (12, lambda: tickets.start(hall, RINA, ids["T1"])),
        (15, lambda: (issue("T7", KTP), tickets.cancel(hall, RINA, ids["T4"]),
                      call(SARI, "T5", "loket-2"))),
        (16, lambda: tickets.start(hall, SARI, ids["T5"])),
        (20, lambda: (issue("T8", KTP), issue("T9", KK), tickets.finish(hall, RINA, ids["T1"]),
                      call(RINA, "T2", "loket-1"))),
        (21, lambda: tickets.start(hall, RINA, ids["T2"])),
        (25, lambda: call(BUDI, "T9", "loket-3")),
        (26, lambda: (tickets.finish(hall, RINA, ids["T2"]), tickets.start(hall, BUDI, ids["T9"]))),
        (28, lambda: tickets.finish(hall, SARI, ids["T5"])),
        (30, lambda: call(SARI, "T3", "loket-2")),
        (32, lambda: tickets.skip(hall, SARI, ids["T3"])),
        (36, lambda: tickets.finish(hall, BUDI, ids["T9"])),
        (40, lambda: call(RINA, "T6", "loket-1")),
        (47, lambda: tickets.finish(hall, RINA, ids["T6"])),
        (50, lambda: call(RINA, "T8", "loket-1")),
        (51, lambda: tickets.start(hall, RINA, ids["T8"])),
        (55, lambda: tickets.transfer(hall, RINA, ids["T8"], service_id=KK)),
        (65, lambda: issue("T10", KK, True)),
        (70, lambda: call(BUDI, "T8", "loket-3")),
        (71, lambda: tickets.start(hall, BUDI, ids["T8"])),
        (80, lambda: tickets.finish(hall, BUDI, ids["T8"])),
        (95, lambda: call(RINA, "T7", "loket-1")),
        (96, lambda: tickets.start(hall, RINA, ids["T7"])),
        (100, lambda: tickets.finish(hall, RINA, ids["T7"])),
    ]
    for minute, step in steps:
        at(minute)
        step()
    at(120)
    return ids


def flat(row) -> dict:
    return {
        "issued": row.issued, "called": row.called, "served": row.served,
        "no_show": row.no_show, "cancelled": row.cancelled,
        "transferred_out": row.transferred_out,
        "wait": (row.wait.mean, row.wait.p50, row.wait.p90, row.wait.max),
        "service": (row.service.mean, row.service.p50, row.service.p90),
        "within": row.within_max_wait_pct,
        "priority": (row.priority_issued, row.priority_served, row.priority_wait_p50),
    }


def by_key(rows) -> dict:
    return {r.key: r for r in rows}


def test_each_service_row_matches_the_hand_computed_figures(hall, day):
    found = reports.summary(hall, ADMIN, from_="2026-03-02", to="2026-03-02", by="service")
    rows = by_key(found.rows)
    assert list(rows) == [KTP, KK]  # the catalogue's order
    assert rows[KTP].name == "KTP-el (Rekam & Cetak)"
    # KTP legs: T1..T7 and T8's first leg. Waits 10,20,25,5,30,80,30 -> sorted
    # [5,10,20,25,30,30,80]: mean 200/7 = 28.57; p50 rank ceil(3.5)=4 -> 25;
    # p90 rank ceil(6.3)=7 -> 80; max 80. Service (finish - start; T6 finish - call):
    # 8,5,12,7,4 -> [4,5,7,8,12]: mean 7.2; p50 rank 3 -> 7; p90 rank 5 -> 12.
    # Within 60 minutes: all but T7 -> 6/7 = 85.71 %. Priority: T5 issued, served, wait 5.
    assert flat(rows[KTP]) == {
        "issued": 8, "called": 7, "served": 5, "no_show": 1, "cancelled": 1,
        "transferred_out": 1, "wait": (28.6, 25, 80, 80), "service": (7.2, 7, 12),
        "within": 85.7, "priority": (1, 1, 5),
    }
    # KK legs: T8's second leg (joined at the transfer, 55 -> called 70: 15), T9 (5), T10
    # (waiting). Issued: T9, T10 (a transfer in is not issued here). Waits [5,15]: mean 10,
    # p50 rank 1 -> 5, p90 rank ceil(1.8)=2 -> 15. Service T9 10, T8 9: mean 9.5, p50 9,
    # p90 10. Within: 2/2. Priority: T10 issued, not served, never called.
    assert flat(rows[KK]) == {
        "issued": 2, "called": 2, "served": 2, "no_show": 0, "cancelled": 0,
        "transferred_out": 0, "wait": (10, 5, 15, 15), "service": (9.5, 9, 10),
        "within": 100.0, "priority": (1, 0, None),
    }


def test_the_total_counts_every_leg_once_and_every_ticket_issued_once(hall, day):
    total = reports.summary(hall, ADMIN, from_="2026-03-02", by="service").total
    # waits [5,5,10,15,20,25,30,30,80]: 220/9 = 24.44; p50 rank 5 -> 20; p90 rank 9 -> 80.
    # service [4,5,7,8,9,10,12]: 55/7 = 7.86; p50 rank 4 -> 8; p90 rank 7 -> 12.
    # within 8/9 = 88.89 %. Priority: T5 and T10 issued, T5 served, waits [5] -> 5.
    assert (total.key, total.name) == ("", "Jumlah")
    assert flat(total) == {
        "issued": 10, "called": 9, "served": 7, "no_show": 1, "cancelled": 1,
        "transferred_out": 1, "wait": (24.4, 20, 80, 80), "service": (7.9, 8, 12),
        "within": 88.9, "priority": (2, 1, 5),
    }


def test_counter_and_officer_rows_belong_to_the_first_call_of_each_leg(hall, day):
    counters = by_key(reports.summary(hall, ADMIN, from_="2026-03-02", by="counter").rows)
    # never-called legs (T4, T10) have no counter: no row, only the total
    assert list(counters) == ["loket-1", "loket-2", "loket-3"]
    # loket-1: T1, T2, T6, T8 (first leg), T7; waits [10,20,30,30,80] mean 34, p50 rank 3
    # -> 30, p90 rank 5 -> 80; service [8,5,7,4] -> mean 6, p50 rank 2 -> 5, p90 rank 4 -> 8
    assert flat(counters["loket-1"]) == {
        "issued": 5, "called": 5, "served": 4, "no_show": 0, "cancelled": 0,
        "transferred_out": 1, "wait": (34, 30, 80, 80), "service": (6, 5, 8),
        "within": 80.0, "priority": (0, 0, None),
    }
    # loket-2: T5 (priority, wait 5, service 12) and T3 (wait 25, no-show)
    assert flat(counters["loket-2"]) == {
        "issued": 2, "called": 2, "served": 1, "no_show": 1, "cancelled": 0,
        "transferred_out": 0, "wait": (15, 5, 25, 25), "service": (12, 12, 12),
        "within": 100.0, "priority": (1, 1, 5),
    }
    officers = reports.summary(hall, ADMIN, from_="2026-03-02", by="officer").rows
    assert [(r.key, r.name, r.called) for r in officers] == [
        ("user:budi", "budi", 2), ("user:rina", "rina", 5), ("user:sari", "sari", 2)]


def test_an_officer_row_is_named_by_the_display_name_when_there_is_one(hall, day):
    admin_users.create_user(hall, ADMIN, name="rina", role="officer",
                            display_name="Rina Marlina", counters=["loket-1"])
    officers = by_key(reports.summary(hall, ADMIN, from_="2026-03-02", by="officer").rows)
    assert officers["user:rina"].name == "Rina Marlina"
    assert officers["user:budi"].name == "budi"  # no account: the name in the log


def test_hour_rows_are_local_wib_hours_of_joining_the_queue(hall, day):
    rows = reports.summary(hall, ADMIN, from_="2026-03-02", by="hour").rows
    # 09:00 WIB is 02:00 UTC: every leg but T10 joined in the 09 hour (T8's KK leg at
    # 09:55), T10 at 10:05
    assert [(r.key, r.name, r.issued, r.called) for r in rows] == [
        ("09:00", "09.00–10.00", 9, 9), ("10:00", "10.00–11.00", 1, 0)]


def test_day_rows_are_local_days_not_utc_days(make_hall, tmp_path, clock):
    hall = make_hall(load_settings(hall_config(tmp_path)))  # open all day, every day
    clock.set(MONDAY_9AM.replace(hour=16, minute=30))  # Monday 23:30 WIB
    tickets.issue_ticket(hall, KIOSK, KTP)
    clock.set(MONDAY_9AM.replace(hour=23, minute=30))  # Tuesday 06:30 WIB, Monday in UTC
    tickets.issue_ticket(hall, KIOSK, KTP)
    found = reports.summary(hall, ADMIN, from_="2026-03-02", to="2026-03-03", by="day")
    assert [(r.key, r.name, r.issued) for r in found.rows] == [
        ("2026-03-02", "Senin, 2 Maret 2026", 1), ("2026-03-03", "Selasa, 3 Maret 2026", 1)]
    # and a range of only the Tuesday holds only the ticket of that local day
    assert reports.summary(hall, ADMIN, from_="2026-03-03").total.issued == 1


def test_agency_rows_and_filters(hall, day):
    agencies = reports.summary(hall, ADMIN, from_="2026-03-02", by="agency").rows
    assert [(r.key, r.issued, r.served) for r in agencies] == [("dukcapil", 10, 7)]
    only_kk = reports.summary(hall, ADMIN, from_="2026-03-02", service_id=KK)
    assert [r.key for r in only_kk.rows] == [KK] and only_kk.total.served == 2
    other = reports.summary(hall, ADMIN, from_="2026-03-02", agency_id="samsat")
    assert other.rows == [] and other.total.issued == 0 and other.total.wait.p50 is None


def test_a_supervisor_sees_only_their_agencies(hall, day):
    theirs = reports.summary(hall, supervisor("dukcapil"), from_="2026-03-02")
    assert theirs.total.issued == 10
    stranger = reports.summary(hall, supervisor("samsat"), from_="2026-03-02", by="counter")
    assert stranger.rows == [] and stranger.total.issued == 0
    with pytest.raises(Forbidden) as refused:
        reports.summary(hall, supervisor("samsat"), from_="2026-03-02", agency_id="dukcapil")
    assert refused.value.field == "agency_id"
    with pytest.raises(Forbidden):
        reports.summary(hall, supervisor("samsat"), from_="2026-03-02", service_id=KTP)


def test_officers_devices_and_anonymous_are_refused(hall):
    for who in (RINA, KIOSK, display_principal()):
        with pytest.raises(Forbidden):
            reports.summary(hall, who)
        with pytest.raises(Forbidden):
            reports.daily(hall, who)
    with pytest.raises(Unauthorized):
        reports.summary(hall, ANONYMOUS)


def test_the_daily_report_is_the_day_by_service_with_counter_rows(hall, day):
    daily = reports.daily(hall, ADMIN, day="2026-03-02")
    summary = reports.summary(hall, ADMIN, from_="2026-03-02", to="2026-03-02")
    assert daily.services == summary
    assert [c.key for c in daily.counters] == ["loket-1", "loket-2", "loket-3"]
    assert reports.daily(hall, ADMIN).day.isoformat() == "2026-03-02"  # today by default


@pytest.mark.parametrize(("args", "field"), [
    ({"from_": "2026-3-2"}, "from"), ({"from_": "20260302"}, "from"),
    ({"from_": "2026-02-30"}, "from"), ({"to": "kemarin"}, "to"),
    ({"from_": "2026-03-02", "to": "2026-03-01"}, "to"),
    ({"from_": "2025-03-01", "to": "2026-03-02"}, "to"),  # 367 days
    ({"by": "week"}, "by"),
])
def test_bad_periods_and_groupings_name_their_field(hall, args, field):
    with pytest.raises(BadRequest) as refused:
        reports.summary(hall, ADMIN, **args)
    assert refused.value.field == field


def test_a_range_of_366_days_is_allowed(hall):
    found = reports.summary(hall, ADMIN, from_="2027-03-01", to="2028-02-29")  # leap year
    assert found.total.issued == 0


def test_a_bad_daily_date_names_the_field(hall):
    with pytest.raises(BadRequest) as refused:
        reports.daily(hall, ADMIN, day="2026-13-01")
    assert refused.value.field == "date"
