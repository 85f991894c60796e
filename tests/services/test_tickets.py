"""The use cases on a real SQLite file: each change commits rows and events together."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    QuotaReached,
    ServiceClosed,
    Unauthorized,
)
from queue_server.domain.models import PriorityMode, TicketStatus
from queue_server.services import tickets
from queue_server.services.hall import Outcome
from tests.conftest import ADMIN, KIOSK, display_principal, officer, supervisor, with_queue


def issue(hall, service="ktp-el", **kw) -> int:
    return tickets.issue_ticket(hall, KIOSK, service, **kw).ticket.ticket.id


def status(hall, ticket_id: int) -> TicketStatus:
    with hall.store.read() as s:
        return s.tickets.get(ticket_id).status


def event_types(hall, ticket_id: int) -> list[str]:
    with hall.store.read() as s:
        return [e.type for e in s.events.of_ticket(ticket_id)]


# ---------------------------------------------------------------- issuing


def test_issued_tickets_are_numbered_per_service_from_001(hall):
    first = tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket.ticket
    second = tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket.ticket
    other = tickets.issue_ticket(hall, KIOSK, "kartu-keluarga").ticket.ticket
    assert (first.code, second.code, other.code) == ("A001", "A002", "B001")
    assert first.status is TicketStatus.WAITING
    assert first.day == "2026-03-02"


def test_numbering_restarts_on_the_next_local_day_without_a_reset_job(hall, clock):
    issue(hall)
    issue(hall)
    clock.set(datetime(2026, 3, 3, 1, 30, tzinfo=UTC))  # Tuesday 08:30 WIB
    outcome = tickets.issue_ticket(hall, KIOSK, "ktp-el")
    assert outcome.ticket.ticket.code == "A001"
    assert outcome.ticket.ticket.day == "2026-03-03"


def test_issue_returns_committed_event_and_waiting_count(hall):
    outcome = tickets.issue_ticket(hall, KIOSK, "ktp-el", language="en")
    assert [e.type for e in outcome.events] == ["issued"]
    assert outcome.events[0].id > 0
    assert outcome.waiting == {"ktp-el": 1}
    assert outcome.ticket.ticket.language == "en"
    assert event_types(hall, outcome.ticket.ticket.id) == ["issued"]


def test_people_ahead_and_eta_grow_with_the_queue(hall):
    infos = [tickets.issue_ticket(hall, KIOSK, "ktp-el").ticket for _ in range(5)]
    assert [i.people_ahead for i in infos] == [0, 1, 2, 3, 4]
    assert infos[0].eta_minutes == 0
    # ktp-el: seed 7 min, 2 free counters (loket-1, loket-2) calling at 0, 0, 7, 7, 14
    assert [i.eta_minutes for i in infos] == [0, 0, 7, 7, 14]


def test_priority_ticket_is_ahead_of_regular_ones(hall):
    issue(hall)
    issue(hall)
    vip = tickets.issue_ticket(hall, KIOSK, "ktp-el", priority_kind="lansia").ticket
    assert vip.ticket.priority is True
    assert vip.people_ahead == 0


def test_outside_opening_hours_the_service_is_closed(hall, clock):
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))  # 20:00 WIB
    with pytest.raises(ServiceClosed) as err:
        issue(hall)
    assert err.value.code == "service_closed"
    assert "jam layanan" in err.value.message


def test_friday_prayer_break_closes_the_hall(hall, clock):
    clock.set(datetime(2026, 3, 6, 5, 0, tzinfo=UTC))  # Friday 12:00 WIB
    with pytest.raises(ServiceClosed):
        issue(hall)


def test_demo_mode_keeps_services_open_at_any_hour(make_hall, settings, clock):
    clock.set(datetime(2026, 3, 1, 15, 0, tzinfo=UTC))  # Sunday 22:00 WIB
    demo = make_hall(settings, demo=True)
    assert tickets.issue_ticket(demo, KIOSK, "ktp-el").ticket.ticket.code == "A001"


def test_holiday_closes_every_service(hall, clock):
    clock.set(datetime(2026, 12, 25, 2, 0, tzinfo=UTC))  # Friday 25 Dec, 09:00 WIB
    with pytest.raises(ServiceClosed) as err:
        issue(hall)
    assert "Natal" in err.value.message


def test_daily_quota_is_enforced_and_reported(hall):
    for _ in range(30):
        issue(hall, "pbg-slf")  # quota 30
    with pytest.raises(QuotaReached) as err:
        issue(hall, "pbg-slf")
    assert err.value.code == "quota_reached"


def test_paused_service_refuses_tickets(hall):
    with hall.store.write() as s:
        s.catalog.set_service_pause("skck", "server Polri sedang gangguan")
    with pytest.raises(ServiceClosed) as err:
        issue(hall, "skck")
    assert "gangguan" in err.value.message


@pytest.mark.parametrize(("principal", "error"), [
    (ANONYMOUS, Unauthorized),
    (display_principal(), Forbidden),
    (officer("loket-1"), Forbidden),
    (supervisor("samsat"), Forbidden),
])
def test_only_kiosks_and_scoped_staff_issue(hall, principal, error):
    with pytest.raises(error):
        tickets.issue_ticket(hall, principal, "ktp-el")


def test_supervisor_and_admin_may_issue_for_walk_ins(hall):
    assert tickets.issue_ticket(hall, supervisor("dukcapil"), "ktp-el").ticket
    assert tickets.issue_ticket(hall, ADMIN, "skck").ticket


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"language": "fr"}, "language"),
    ({"priority_kind": "vip"}, "priority_kind"),
])
def test_bad_issue_input_is_refused_with_its_field(hall, kwargs, field):
    with pytest.raises(BadRequest) as err:
        tickets.issue_ticket(hall, KIOSK, "ktp-el", **kwargs)
    assert err.value.field == field


def test_unknown_service_is_not_found(hall):
    with pytest.raises(NotFound) as err:
        tickets.issue_ticket(hall, KIOSK, "paspor")
    assert err.value.field == "service_id"


def test_a_refused_issue_leaves_no_trace(hall, clock):
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    with pytest.raises(ServiceClosed):
        issue(hall)
    with hall.store.read() as s:
        assert s.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0
        assert s.tickets.issued_count("ktp-el", hall.today()) == 0


# ---------------------------------------------------------------- calling


def test_call_next_calls_the_oldest_ticket_of_the_counters_services(hall, clock):
    a = issue(hall, "ktp-el")
    clock.advance(minutes=1)
    issue(hall, "ktp-el")
    outcome = tickets.call_next(hall, officer("loket-1"), "loket-1")
    assert outcome.ticket.ticket.id == a
    assert outcome.ticket.ticket.status is TicketStatus.CALLED
    assert outcome.ticket.ticket.counter_id == "loket-1"
    assert [e.type for e in outcome.events] == ["called"]
    assert outcome.waiting == {"ktp-el": 1}
    assert outcome.counter.id == "loket-1"


def test_call_next_with_nobody_waiting_returns_none(hall):
    outcome = tickets.call_next(hall, officer("loket-1"), "loket-1")
    assert outcome.ticket is None
    assert outcome.events == []


def test_call_next_finishes_the_citizen_being_served(hall):
    first = issue(hall)
    second = issue(hall)
    tickets.call_next(hall, ADMIN, "loket-1")
    tickets.start(hall, ADMIN, first)
    outcome = tickets.call_next(hall, ADMIN, "loket-1")
    assert outcome.ticket.ticket.id == second
    assert status(hall, first) is TicketStatus.DONE
    assert [e.type for e in outcome.events] == ["finished", "called"]


def test_call_next_marks_an_absent_called_citizen_as_no_show(hall):
    first = issue(hall)
    issue(hall)
    tickets.call_next(hall, ADMIN, "loket-1")
    tickets.call_next(hall, ADMIN, "loket-1")
    assert status(hall, first) is TicketStatus.NO_SHOW


def test_strict_priority_calls_priority_citizen_first(hall, clock):
    issue(hall)
    clock.advance(minutes=5)
    vip = issue(hall, priority=True)
    assert tickets.call_next(hall, ADMIN, "loket-1").ticket.ticket.id == vip


def test_ratio_priority_serves_one_priority_after_n_regular(make_hall, settings, clock):
    hall = make_hall(with_queue(settings, priority_mode=PriorityMode.RATIO, regular_per_priority=2))
    for _ in range(6):
        issue(hall)
    for _ in range(3):
        issue(hall, priority=True)
    pattern = [tickets.call_next(hall, ADMIN, "loket-1").ticket.ticket.priority
               for _ in range(9)]
    assert pattern == [False, False, True, False, False, True, False, False, True]


def test_officer_cannot_call_at_someone_elses_counter(hall):
    issue(hall)
    with pytest.raises(Forbidden):
        tickets.call_next(hall, officer("loket-6"), "loket-1")
    with pytest.raises(Unauthorized):
        tickets.call_next(hall, ANONYMOUS, "loket-1")


def test_unknown_counter_is_not_found(hall):
    with pytest.raises(NotFound) as err:
        tickets.call_next(hall, ADMIN, "loket-99")
    assert err.value.field == "counter_id"


def test_call_specific_needs_a_reason_and_logs_it(hall):
    issue(hall)
    later = issue(hall)
    with pytest.raises(BadRequest):
        tickets.call_specific(hall, ADMIN, later, "loket-1", "  ")
    outcome = tickets.call_specific(hall, ADMIN, later, "loket-1", "dokumen sudah lengkap")
    assert outcome.ticket.ticket.id == later
    assert outcome.events[-1].data["reason"] == "dokumen sudah lengkap"
    assert outcome.events[-1].data["out_of_order"] is True


def test_call_specific_refuses_a_ticket_the_counter_does_not_serve(hall):
    skck = issue(hall, "skck")
    with pytest.raises(Conflict):
        tickets.call_specific(hall, ADMIN, skck, "loket-1", "salah loket")


# ---------------------------------------------------------------- recall and forfeit


def test_recall_announces_again_without_changing_the_call_time(hall, clock):
    t = issue(hall)
    first = tickets.call_next(hall, ADMIN, "loket-1").ticket.ticket
    clock.advance(seconds=40)
    again = tickets.recall(hall, ADMIN, t).ticket.ticket
    assert again.status is TicketStatus.CALLED
    assert again.called_at == first.called_at
    assert again.call_count == 2
    assert event_types(hall, t) == ["issued", "called", "recalled"]


def test_skipped_ticket_can_be_recalled_until_n_later_calls(make_hall, settings):
    hall = make_hall(with_queue(settings, forfeit_after=2))
    late = issue(hall)
    others = [issue(hall) for _ in range(3)]
    tickets.call_next(hall, ADMIN, "loket-1")
    tickets.skip(hall, ADMIN, late)
    tickets.call_next(hall, ADMIN, "loket-1")  # 1 later call: still allowed
    assert tickets.recall(hall, ADMIN, late, "loket-1").ticket.ticket.status \
        is TicketStatus.CALLED
    tickets.skip(hall, ADMIN, late)
    tickets.call_next(hall, ADMIN, "loket-1")
    tickets.call_next(hall, ADMIN, "loket-1")  # 2 later calls: forfeit
    with pytest.raises(InvalidTransition) as err:
        tickets.recall(hall, ADMIN, late, "loket-1")
    assert "hangus" in err.value.message
    assert status(hall, others[-1]) is TicketStatus.CALLED


def test_recall_of_a_ticket_called_elsewhere_is_a_conflict(hall):
    t = issue(hall)
    tickets.call_next(hall, ADMIN, "loket-1")
    with pytest.raises(Conflict):
        tickets.recall(hall, ADMIN, t, "loket-2")


# ---------------------------------------------------------------- serving


def test_full_life_waiting_called_serving_done(hall, clock):
    t = issue(hall)
    tickets.call_next(hall, officer("loket-1"), "loket-1")
    clock.advance(minutes=1)
    tickets.start(hall, officer("loket-1"), t)
    clock.advance(minutes=6)
    done = tickets.finish(hall, officer("loket-1"), t).ticket.ticket
    assert done.status is TicketStatus.DONE
    assert (done.finished_at - done.started_at).total_seconds() == 360
    assert event_types(hall, t) == ["issued", "called", "started", "finished"]


@pytest.mark.parametrize("action", [tickets.start, tickets.finish, tickets.skip])
def test_illegal_moves_on_a_waiting_ticket_are_invalid_transitions(hall, action):
    t = issue(hall)
    with pytest.raises(InvalidTransition) as err:
        action(hall, ADMIN, t)
    assert err.value.code == "invalid_transition"
    assert status(hall, t) is TicketStatus.WAITING
    assert event_types(hall, t) == ["issued"]


def test_starting_a_done_ticket_is_refused(hall):
    t = issue(hall)
    tickets.call_next(hall, ADMIN, "loket-1")
    tickets.finish(hall, ADMIN, t)
    with pytest.raises(InvalidTransition):
        tickets.start(hall, ADMIN, t)


def test_cancel_removes_a_waiting_ticket_from_the_queue(hall):
    t = issue(hall)
    outcome = tickets.cancel(hall, ADMIN, t, "warga pulang")
    assert outcome.ticket.ticket.status is TicketStatus.CANCELLED
    assert outcome.waiting == {"ktp-el": 0}
    assert outcome.events[0].data["reason"] == "warga pulang"
    assert tickets.call_next(hall, ADMIN, "loket-1").ticket is None


def test_officer_acts_only_on_tickets_of_their_counter(hall):
    t = issue(hall)
    tickets.call_next(hall, officer("loket-1"), "loket-1")
    with pytest.raises(Forbidden):
        tickets.finish(hall, officer("loket-2"), t)
    with pytest.raises(Forbidden):
        tickets.finish(hall, supervisor("samsat"), t)
    assert tickets.finish(hall, supervisor("dukcapil"), t).ticket.ticket.status \
        is TicketStatus.DONE


def test_unknown_ticket_is_not_found(hall):
    with pytest.raises(NotFound):
        tickets.start(hall, ADMIN, 424242)


# ---------------------------------------------------------------- transfer


def test_transfer_to_a_service_keeps_code_and_original_place_in_line(hall, clock):
    t = issue(hall, "ktp-el")
    clock.advance(minutes=10)
    later_kk = issue(hall, "kartu-keluarga")
    tickets.call_next(hall, ADMIN, "loket-1")
    tickets.start(hall, ADMIN, t)
    moved = tickets.transfer(hall, ADMIN, t, service_id="kartu-keluarga").ticket
    assert moved.ticket.code == "A001"
    assert moved.ticket.status is TicketStatus.WAITING
    assert moved.ticket.service_id == "kartu-keluarga"
    assert moved.ticket.transferred_from == "ktp-el"
    assert moved.people_ahead == 0  # issued before B001, so it is ahead of it
    assert tickets.call_next(hall, ADMIN, "loket-3").ticket.ticket.id == t
    assert tickets.call_next(hall, ADMIN, "loket-3").ticket.ticket.id == later_kk


def test_transfer_to_a_counter_goes_first_there_and_only_there(hall, clock):
    issue(hall, "kartu-keluarga")
    clock.advance(minutes=5)
    t = issue(hall, "ktp-el")
    tickets.call_next(hall, ADMIN, "loket-1")
    moved = tickets.transfer(hall, ADMIN, t, service_id="kartu-keluarga",
                             counter_id="loket-4").ticket.ticket
    assert moved.target_counter_id == "loket-4"
    # loket-3 serves kartu-keluarga too but must not take a ticket sent to loket-4
    assert tickets.call_next(hall, ADMIN, "loket-3").ticket.ticket.code == "B001"
    assert tickets.call_next(hall, ADMIN, "loket-4").ticket.ticket.id == t


def test_transfer_needs_a_destination(hall):
    t = issue(hall)
    with pytest.raises(BadRequest):
        tickets.transfer(hall, ADMIN, t)


def test_transfer_of_a_finished_ticket_is_refused(hall):
    t = issue(hall)
    tickets.cancel(hall, ADMIN, t)
    with pytest.raises(InvalidTransition):
        tickets.transfer(hall, ADMIN, t, service_id="kartu-keluarga")


# ---------------------------------------------------------------- after commit


def test_listeners_get_outcomes_only_after_commit(hall):
    seen: list[tuple[list[str], bool]] = []

    def listener(outcome: Outcome) -> None:
        ticket_id = outcome.ticket.ticket.id
        # a fresh connection sees the row: the transaction has committed
        with hall.store.read() as s:
            visible = s.tickets.get(ticket_id) is not None
        seen.append(([e.type for e in outcome.events], visible))

    hall.subscribe(listener)
    issue(hall)
    assert seen == [(["issued"], True)]


def test_a_failing_listener_never_costs_the_citizen_their_ticket(hall):
    def broken(outcome: Outcome) -> None:
        raise RuntimeError("socket layer down")

    hall.subscribe(broken)
    t = issue(hall)
    assert status(hall, t) is TicketStatus.WAITING


def test_a_failed_use_case_publishes_nothing(hall):
    seen: list[Outcome] = []
    hall.subscribe(seen.append)
    with pytest.raises(NotFound):
        tickets.issue_ticket(hall, KIOSK, "nope")
    assert seen == []


def test_restarting_on_the_same_file_keeps_tickets_and_numbering(make_hall, settings):
    first = make_hall(settings)
    issue(first)
    issue(first)
    first.store.close()
    again = make_hall(settings)
    assert tickets.issue_ticket(again, KIOSK, "ktp-el").ticket.ticket.code == "A003"


def test_events_table_is_append_only(hall):
    issue(hall)
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError), hall.store.write() as s:
        s.conn.execute("UPDATE events SET type = 'x'")
    with pytest.raises(sqlite3.IntegrityError), hall.store.write() as s:
        s.conn.execute("DELETE FROM events")


def test_settings_change_to_priority_mode_needs_no_schema_change(make_hall, settings):
    hall = make_hall(replace(settings, queue=replace(settings.queue, aging=False)))
    assert hall.policy.aging is False
