"""`simulate`: past days run through the real use cases; its summary is what the database
holds, one seed is one day, quotas and hours bind, and it never touches a day it must not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from queue_server.domain.errors import BadRequest, Conflict
from queue_server.domain.models import CounterStatus, TicketStatus
from queue_server.services import counter_console, tickets
from queue_server.services.simulation import simulate
from tests.conftest import ADMIN, officer

TODAY = date(2026, 3, 2)  # the FakeClock's Monday
MONDAY, FRIDAY = date(2026, 2, 23), date(2026, 2, 27)
WIB = ZoneInfo("Asia/Jakarta")


def run(hall, day=MONDAY, **kwargs):
    kwargs.setdefault("tickets_per_day", 1000)
    return simulate(hall.store, hall.config, day, today=TODAY, **kwargs)


def rows(hall, sql, *params):
    with hall.store.read() as tx:
        return [tuple(r) for r in tx.conn.execute(sql, params)]


def test_a_thousand_ticket_day_leaves_in_the_database_exactly_what_the_summary_says(hall):
    summary = run(hall, seed=11).as_json()
    day = MONDAY.isoformat()
    statuses = dict(rows(hall, "SELECT status, COUNT(*) FROM tickets WHERE day = ? "
                               "GROUP BY status", day))
    assert summary["issued"] == sum(statuses.values()) > 800
    assert statuses == {k: v for k, v in {"done": summary["served"],
                                          "no_show": summary["no_show"],
                                          "cancelled": summary["cancelled"]}.items() if v}
    transferred = rows(hall, "SELECT COUNT(*) FROM events WHERE type = 'transferred'")[0][0]
    assert summary["transferred"] == transferred > 0
    assert summary["no_show"] > 0 and summary["cancelled"] > 0
    final = rows(hall, "SELECT service_id, status, COUNT(*) FROM tickets GROUP BY 1, 2")
    for service_id, status, count in final:
        key = {"done": "served", "no_show": "no_show", "cancelled": "cancelled"}[status]
        assert summary["by_service"][service_id][key] == count
    issued = rows(hall, "SELECT service_id, COUNT(*) FROM events WHERE type = 'issued' "
                        "GROUP BY 1")
    assert {s: n for s, n in issued} == {s: r["issued"] for s, r in
                                         summary["by_service"].items() if r["issued"]}


def test_the_day_is_served_within_its_hours_with_priority_citizens_and_officers(hall):
    run(hall, seed=2, tickets_per_day=400)
    issued = [datetime.fromisoformat(r[0]).astimezone(WIB) for r in
              rows(hall, "SELECT issued_at FROM tickets")]
    assert all(8 <= t.hour < 15 and t.date() == MONDAY for t in issued)
    assert rows(hall, "SELECT COUNT(*) FROM tickets WHERE priority = 1")[0][0] > 20
    officers = rows(hall, "SELECT DISTINCT actor FROM events WHERE type = 'called'")
    assert len(officers) > 5 and all(a.startswith("user:petugas-") for (a,) in officers)
    pauses = rows(hall, "SELECT COUNT(*) FROM events WHERE type = 'counter_paused'")[0][0]
    assert pauses == rows(hall, "SELECT COUNT(*) FROM events WHERE type = "
                                "'counter_resumed'")[0][0] > 5
    assert all(c.status is CounterStatus.OPEN for c in hall.current_catalog().counters.values())


def test_on_a_friday_nobody_takes_a_ticket_during_the_prayer_break(hall):
    run(hall, FRIDAY, seed=3, tickets_per_day=300)
    issued = [datetime.fromisoformat(r[0]).astimezone(WIB) for r in
              rows(hall, "SELECT issued_at FROM tickets")]
    assert issued and not [t for t in issued if (11, 30) <= (t.hour, t.minute) < (13, 30)]


def test_the_same_seed_gives_the_same_summary(make_hall, settings):
    first = run(make_hall(settings, name="a.db"), seed=5, tickets_per_day=300).as_json()
    again = run(make_hall(settings, name="b.db"), seed=5, tickets_per_day=300).as_json()
    other = run(make_hall(settings, name="c.db"), seed=6, tickets_per_day=300).as_json()
    assert first == again
    assert first != other


def test_quotas_bind_and_the_summary_says_how_many_were_issued(make_hall, settings):
    # (no online share: the simulated citizens walk in, none books a slot)
    small = replace(settings, services=tuple(replace(s, daily_quota=10, online_quota=None)
                                             for s in settings.services))
    hall = make_hall(small)
    summary = run(hall, seed=1, tickets_per_day=1000)
    offered = len({s for c in hall.current_catalog().counters.values()
                   for s in c.service_weights})
    assert summary.issued == 10 * offered < 1000
    assert summary.refused == 1000 - summary.issued
    assert all(r["issued"] <= 10 for r in summary.by_service.values())


def test_several_days_in_a_row_and_a_progress_line_each(hall):
    seen = []
    summary = run(hall, date(2026, 2, 23), days=3, tickets_per_day=100,
                  progress=lambda day, s: seen.append((day, s.issued)))
    assert summary.days == 3 and [d for d, _ in seen] == [date(2026, 2, 23 + i)
                                                          for i in range(3)]
    assert seen[-1][1] == summary.issued


def test_refuses_a_day_that_already_holds_tickets_and_changes_nothing(hall, clock):
    clock.set(datetime(2026, 2, 24, 2, 0, tzinfo=UTC))  # Tuesday 09:00 WIB
    tickets.issue_ticket(hall, ADMIN, "ktp-el")
    with pytest.raises(Conflict, match="sudah berisi tiket") as refused:
        run(hall, MONDAY, days=3)
    assert refused.value.field == "date"
    assert rows(hall, "SELECT COUNT(*) FROM tickets")[0][0] == 1  # Monday not filled either


def test_refuses_a_holiday_a_closed_day_today_and_the_future(make_hall, settings):
    site = replace(settings.site, holidays={date(2026, 2, 17): "Tahun Baru Imlek"})
    hall = make_hall(replace(settings, site=site))
    with pytest.raises(BadRequest, match="hari libur"):
        run(hall, date(2026, 2, 17))
    with pytest.raises(BadRequest, match="tutup"):
        run(hall, date(2026, 2, 28))  # a Saturday
    for day in (TODAY, date(2026, 3, 5)):
        with pytest.raises(BadRequest, match="sudah lewat") as refused:
            run(hall, day)
        assert refused.value.field == "date"
    assert rows(hall, "SELECT COUNT(*) FROM tickets")[0][0] == 0


def test_a_desk_where_a_citizen_of_today_sits_is_left_alone(hall):
    live = tickets.issue_ticket(hall, ADMIN, "ktp-el").ticket.ticket
    tickets.call_next(hall, officer("loket-1"), "loket-1")
    run(hall, seed=8, tickets_per_day=300)
    with hall.store.read() as tx:
        assert tx.tickets.get(live.id).status is TicketStatus.CALLED
    assert rows(hall, "SELECT COUNT(*) FROM tickets WHERE day = ? AND counter_id = "
                      "'loket-1'", MONDAY.isoformat()) == [(0,)]
    assert rows(hall, "SELECT COUNT(*) FROM tickets WHERE day = ? AND counter_id = "
                      "'loket-2'", MONDAY.isoformat())[0][0] > 0


def test_a_counter_paused_in_the_hall_works_the_simulated_day_and_is_paused_again(hall):
    counter_console.set_paused(hall, officer("loket-2"), "loket-2", True, "Printer rusak")
    run(hall, seed=9, tickets_per_day=300)
    counter = hall.current_catalog().counters["loket-2"]
    assert (counter.status, counter.pause_reason) == (CounterStatus.PAUSED, "Printer rusak")
    assert rows(hall, "SELECT COUNT(*) FROM tickets WHERE day = ? AND counter_id = "
                      "'loket-2'", MONDAY.isoformat())[0][0] > 0
