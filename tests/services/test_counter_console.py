"""An officer's console through the counter-console use cases on a real SQLite file with the
fake clock: what the state holds (current citizen, what the counter can call, skipped
numbers, the officer's own day) and pausing/resuming a counter."""

from __future__ import annotations

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from queue_server.domain.models import CounterStatus, TicketStatus
from queue_server.services import counter_console, tickets
from tests.conftest import ADMIN, KIOSK, display_principal, field_of, officer, supervisor

RINA = officer("loket-1", name="rina")
BUDI = officer("loket-1", "loket-2", name="budi")


def issue(hall, service: str = "ktp-el", **kw) -> str:
    return tickets.issue_ticket(hall, KIOSK, service, **kw).ticket.ticket.code


def state(hall, who=RINA, counter: str = "loket-1"):
    return counter_console.console_state(hall, who, counter)


def day(console) -> dict[str, object]:
    """The officer's day in the state: called, finished, skipped, mean service minutes."""
    return {key: field_of(console.stats, key)
            for key in ("called", "finished", "skipped", "mean_service_minutes")}


def waiting_codes(hall, who=RINA, counter: str = "loket-1") -> list[str]:
    return [info.ticket.code for info in state(hall, who, counter).waiting]


# ---------------------------------------------------------------- what the console shows


def test_a_quiet_counter_shows_nobody_current_and_an_empty_day(hall):
    quiet = state(hall)
    assert (quiet.counter.id, quiet.counter.status) == ("loket-1", CounterStatus.OPEN)
    assert quiet.current is None
    assert quiet.waiting == []
    assert quiet.skipped == []
    assert day(quiet) == {"called": 0, "finished": 0, "skipped": 0,
                           "mean_service_minutes": None}
    assert quiet.forfeit_after == hall.settings.queue.forfeit_after == 5


def test_the_queue_holds_what_this_counter_serves_and_nothing_else(hall):
    ktp = [issue(hall, "ktp-el"), issue(hall, "ktp-el")]
    kia = issue(hall, "ikd-kia")
    family = issue(hall, "kartu-keluarga")  # loket-3's and loket-4's, not loket-1's
    assert set(waiting_codes(hall)) == {*ktp, kia}
    assert [c for c in waiting_codes(hall) if c in ktp] == ktp  # oldest first
    assert waiting_codes(hall, officer("loket-3"), "loket-3") == [family]


def test_a_priority_citizen_is_listed_ahead_of_the_regular_ones_of_the_service(hall):
    first = issue(hall)
    elder = issue(hall, priority_kind="lansia")
    assert waiting_codes(hall) == [elder, first]
    assert [i.people_ahead for i in state(hall).waiting] == [0, 1]


def test_a_ticket_sent_to_this_counter_is_in_its_queue_and_no_longer_in_its_services(hall):
    issue(hall)
    moved = tickets.issue_ticket(hall, KIOSK, "kartu-keluarga").ticket.ticket
    tickets.transfer(hall, ADMIN, moved.id, service_id="ktp-el", counter_id="loket-1",
                     reason="berkas KTP")
    assert moved.code in waiting_codes(hall)
    assert moved.code not in waiting_codes(hall, ADMIN, "loket-3")


def test_the_called_citizen_is_current_until_finished_and_counts_in_the_officers_day(
        hall, clock):
    first, second = issue(hall), issue(hall)
    tickets.call_next(hall, RINA, "loket-1")
    called = state(hall)
    assert called.current.ticket.code == first
    assert called.current.ticket.status is TicketStatus.CALLED
    assert waiting_codes(hall) == [second]

    tickets.start(hall, RINA, called.current.ticket.id)
    assert state(hall).current.ticket.status is TicketStatus.SERVING
    clock.advance(minutes=6)
    tickets.finish(hall, RINA, called.current.ticket.id)
    done = state(hall)
    assert done.current is None
    assert day(done) == {"called": 1, "finished": 1, "skipped": 0,
                          "mean_service_minutes": 6.0}


def test_the_day_shown_is_the_officers_own_not_the_counters(hall):
    issue(hall)
    issue(hall)
    tickets.call_next(hall, BUDI, "loket-1")
    assert day(state(hall, BUDI))["called"] == 1
    assert day(state(hall, RINA))["called"] == 0


def test_yesterdays_work_is_not_in_todays_console(hall, clock):
    issue(hall)
    tickets.call_next(hall, RINA, "loket-1")
    clock.advance(days=1)
    fresh = state(hall)
    assert day(fresh)["called"] == 0
    assert fresh.waiting == []


def test_a_skipped_citizen_can_be_recalled_until_five_later_numbers_were_called(hall):
    codes = [issue(hall) for _ in range(7)]
    tickets.call_next(hall, RINA, "loket-1")
    tickets.skip(hall, RINA, state(hall).current.ticket.id)
    [skipped] = state(hall).skipped
    assert (skipped.ticket.code, skipped.ticket.status) == (codes[0], TicketStatus.NO_SHOW)
    assert (skipped.recallable, skipped.later_calls) == (True, 0)
    assert day(state(hall))["skipped"] == 1

    for _ in range(4):
        tickets.call_next(hall, ADMIN, "loket-2")
    [skipped] = state(hall).skipped
    assert (skipped.recallable, skipped.later_calls) == (True, 4)
    tickets.call_next(hall, ADMIN, "loket-2")
    [skipped] = state(hall).skipped
    assert (skipped.recallable, skipped.later_calls) == (False, 5)


def test_the_state_names_the_last_event_it_includes(hall):
    before = state(hall).event_id
    issue(hall)
    after = state(hall).event_id
    assert after > before
    tickets.call_next(hall, RINA, "loket-1")
    assert state(hall).event_id > after


# ---------------------------------------------------------------- who may look


@pytest.mark.parametrize(("who", "error"), [
    (officer("loket-2"), Forbidden),
    (supervisor("samsat"), Forbidden),
    (KIOSK, Forbidden),
    (display_principal(), Forbidden),
    (ANONYMOUS, Unauthorized),
])
def test_only_the_counters_officers_and_its_agencys_supervisors_open_its_console(
        hall, who, error):
    with pytest.raises(error):
        state(hall, who)
    with pytest.raises(error):
        counter_console.set_paused(hall, who, "loket-1", True, "salat")
    assert state(hall).counter.status is CounterStatus.OPEN


@pytest.mark.parametrize("who", [RINA, supervisor("dukcapil"), ADMIN])
def test_the_counters_officer_its_supervisor_and_the_admin_open_its_console(hall, who):
    assert state(hall, who).counter.id == "loket-1"


def test_an_unknown_counter_is_not_found(hall):
    with pytest.raises(NotFound) as refused:
        state(hall, ADMIN, "loket-99")
    assert refused.value.field == "counter_id"


# ---------------------------------------------------------------- pause and resume


def test_a_paused_counter_shows_the_reason_and_calls_nobody_until_it_resumes(hall):
    issue(hall)
    paused = counter_console.set_paused(hall, RINA, "loket-1", True, "  salat zuhur ")
    assert (paused.counter.status, paused.counter.pause_reason) == (CounterStatus.PAUSED,
                                                                    "salat zuhur")
    shown = state(hall).counter
    assert (shown.status, shown.pause_reason) == (CounterStatus.PAUSED, "salat zuhur")
    with pytest.raises(Conflict):
        tickets.call_next(hall, RINA, "loket-1")

    resumed = counter_console.set_paused(hall, RINA, "loket-1", False)
    assert (resumed.counter.status, resumed.counter.pause_reason) == (CounterStatus.OPEN,
                                                                      None)
    assert tickets.call_next(hall, RINA, "loket-1").ticket.ticket.code == "A001"


def test_pause_and_resume_are_announced_to_the_halls_listeners(hall):
    heard = []
    hall.subscribe(heard.append)
    counter_console.set_paused(hall, RINA, "loket-1", True, "makan siang")
    counter_console.set_paused(hall, RINA, "loket-1", False)
    assert [[e.type for e in o.events] for o in heard] == [["counter_paused"],
                                                           ["counter_resumed"]]
    assert [o.counter.status for o in heard] == [CounterStatus.PAUSED, CounterStatus.OPEN]
    assert heard[0].events[0].actor == "user:rina"
    assert heard[0].events[0].data["reason"] == "makan siang"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_pause_needs_a_reason(hall, reason):
    with pytest.raises(BadRequest) as refused:
        counter_console.set_paused(hall, RINA, "loket-1", True, reason)
    assert refused.value.field == "reason"
    assert state(hall).counter.status is CounterStatus.OPEN


def test_pausing_a_paused_counter_or_resuming_an_open_one_is_a_conflict(hall):
    with pytest.raises(Conflict) as open_already:
        counter_console.set_paused(hall, RINA, "loket-1", False)
    assert open_already.value.field == "status"
    counter_console.set_paused(hall, RINA, "loket-1", True, "salat")
    with pytest.raises(Conflict) as paused_already:
        counter_console.set_paused(hall, RINA, "loket-1", True, "makan siang")
    assert paused_already.value.field == "status"
    assert state(hall).counter.pause_reason == "salat"


def test_pausing_one_counter_leaves_the_others_open(hall):
    issue(hall)
    counter_console.set_paused(hall, BUDI, "loket-1", True, "salat")
    assert state(hall, BUDI, "loket-2").counter.status is CounterStatus.OPEN
    assert tickets.call_next(hall, BUDI, "loket-2").ticket.ticket.code == "A001"
