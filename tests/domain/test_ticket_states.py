"""The ticket state machine of DESIGN.md ("Ticket life"), move by move and at random."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain import ticket_states
from queue_server.domain.errors import InvalidTransition, QueueError
from queue_server.domain.models import Ticket, TicketStatus
from queue_server.domain.ticket_states import (
    FINAL_STATUSES,
    LEGAL_MOVES,
    Move,
    target_status,
)

W, C, S, D, N, X = (
    TicketStatus.WAITING,
    TicketStatus.CALLED,
    TicketStatus.SERVING,
    TicketStatus.DONE,
    TicketStatus.NO_SHOW,
    TicketStatus.CANCELLED,
)
ISSUED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 08:30 WIB
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def make_ticket(status: TicketStatus = W, **changes) -> Ticket:
    base = Ticket(
        id=7,
        code="A007",
        number=7,
        day="2026-03-02",
        service_id="ktp-el",
        agency_id="dukcapil",
        status=status,
        priority=False,
        priority_kind=None,
        language="id",
        issued_at=ISSUED,
        track_token="tok-a007",
    )
    return replace(base, **changes)


def apply(ticket: Ticket, move: Move, now: datetime = NOW) -> Ticket:
    """Apply one move with fixed arguments, as the services layer would."""
    match move:
        case Move.CALL:
            return ticket_states.call(ticket, "loket-1", now)
        case Move.RECALL:
            return ticket_states.recall(ticket, "loket-1", now)
        case Move.START:
            return ticket_states.start(ticket, now)
        case Move.FINISH:
            return ticket_states.finish(ticket, now)
        case Move.SKIP:
            return ticket_states.skip(ticket, now)
        case Move.CANCEL:
            return ticket_states.cancel(ticket, now)
        case Move.TRANSFER:
            return ticket_states.transfer(
                ticket, service_id="ikd-kia", agency_id="dukcapil", target_counter_id=None
            )
    raise AssertionError(move)


# The documented table of DESIGN.md, written out by hand (None = illegal).
EXPECTED: dict[tuple[TicketStatus, Move], TicketStatus | None] = {
    (W, Move.CALL): C, (C, Move.CALL): None, (S, Move.CALL): None,
    (D, Move.CALL): None, (N, Move.CALL): None, (X, Move.CALL): None,
    (W, Move.RECALL): None, (C, Move.RECALL): C, (S, Move.RECALL): None,
    (D, Move.RECALL): None, (N, Move.RECALL): C, (X, Move.RECALL): None,
    (W, Move.START): None, (C, Move.START): S, (S, Move.START): None,
    (D, Move.START): None, (N, Move.START): None, (X, Move.START): None,
    (W, Move.FINISH): None, (C, Move.FINISH): D, (S, Move.FINISH): D,
    (D, Move.FINISH): None, (N, Move.FINISH): None, (X, Move.FINISH): None,
    (W, Move.SKIP): None, (C, Move.SKIP): N, (S, Move.SKIP): None,
    (D, Move.SKIP): None, (N, Move.SKIP): None, (X, Move.SKIP): None,
    (W, Move.CANCEL): X, (C, Move.CANCEL): X, (S, Move.CANCEL): None,
    (D, Move.CANCEL): None, (N, Move.CANCEL): None, (X, Move.CANCEL): None,
    (W, Move.TRANSFER): W, (C, Move.TRANSFER): W, (S, Move.TRANSFER): W,
    (D, Move.TRANSFER): None, (N, Move.TRANSFER): None, (X, Move.TRANSFER): None,
}  # fmt: skip


def ticket_in(status: TicketStatus) -> Ticket:
    """A ticket that plausibly reached `status` (times filled in as the machine would)."""
    called = {"counter_id": "loket-1", "called_at": NOW - timedelta(minutes=5), "call_count": 1}
    return {
        W: make_ticket(W),
        C: make_ticket(C, **called),
        S: make_ticket(S, **called, started_at=NOW - timedelta(minutes=4)),
        D: make_ticket(D, **called, started_at=NOW - timedelta(minutes=4), finished_at=NOW),
        N: make_ticket(N, **called),
        X: make_ticket(X, finished_at=NOW),
    }[status]


def test_expected_table_covers_every_status_and_move() -> None:
    assert set(EXPECTED) == {(s, m) for s in TicketStatus for m in Move}


def test_legal_moves_table_matches_the_documented_ticket_life() -> None:
    for (status, move), expected in EXPECTED.items():
        assert LEGAL_MOVES[move].get(status) == expected, (status, move)


@pytest.mark.parametrize(("status", "move"), sorted(EXPECTED, key=str))
def test_each_status_and_move_gives_documented_status_or_invalid_transition(
    status: TicketStatus, move: Move
) -> None:
    ticket = ticket_in(status)
    expected = EXPECTED[(status, move)]
    if expected is None:
        with pytest.raises(InvalidTransition) as caught:
            apply(ticket, move)
        assert caught.value.code == "invalid_transition"
        assert isinstance(caught.value, QueueError)
        with pytest.raises(InvalidTransition):
            target_status(status, move)
    else:
        assert apply(ticket, move).status is expected
        assert target_status(status, move) is expected


def test_invalid_transition_message_names_move_and_status_in_indonesian() -> None:
    with pytest.raises(InvalidTransition) as caught:
        ticket_states.start(make_ticket(W), NOW)
    assert caught.value.message.startswith(
        "Tidak bisa mulai melayani tiket yang menunggu: ")
    assert caught.value.field == "status"


@pytest.mark.parametrize("final", sorted(FINAL_STATUSES))
@pytest.mark.parametrize("move", list(Move))
def test_done_and_cancelled_are_final_no_move_leaves_them(
    final: TicketStatus, move: Move
) -> None:
    with pytest.raises(InvalidTransition):
        apply(ticket_in(final), move)


def test_final_statuses_are_exactly_done_and_cancelled() -> None:
    assert {D, X} == FINAL_STATUSES
    for allowed in LEGAL_MOVES.values():
        assert not FINAL_STATUSES & set(allowed)


def test_call_sets_counter_called_at_and_call_count_and_clears_target_counter() -> None:
    waiting = make_ticket(W, target_counter_id="loket-1", call_count=0)
    called = ticket_states.call(waiting, "loket-1", NOW)
    assert called.status is C
    assert called.counter_id == "loket-1"
    assert called.called_at == NOW
    assert called.call_count == 1
    assert called.target_counter_id is None


def test_call_after_transfer_counts_calls_on() -> None:
    again = make_ticket(W, call_count=2)
    assert ticket_states.call(again, "loket-2", NOW).call_count == 3


def test_recall_of_called_ticket_keeps_first_called_at() -> None:
    first_call = NOW - timedelta(minutes=3)
    called = make_ticket(C, counter_id="loket-1", called_at=first_call, call_count=1)
    recalled = ticket_states.recall(called, "loket-1", NOW)
    assert recalled.status is C
    assert recalled.called_at == first_call
    assert recalled.call_count == 2


def test_recall_of_no_show_sets_a_new_called_at() -> None:
    skipped = make_ticket(N, counter_id="loket-1", called_at=NOW - timedelta(minutes=20),
                          call_count=1)
    recalled = ticket_states.recall(skipped, "loket-2", NOW)
    assert recalled.status is C
    assert recalled.called_at == NOW
    assert recalled.counter_id == "loket-2"
    assert recalled.call_count == 2


def test_start_sets_started_at() -> None:
    started = ticket_states.start(ticket_in(C), NOW)
    assert started.status is S
    assert started.started_at == NOW


def test_finish_from_called_sets_started_at_to_called_at() -> None:
    called_at = NOW - timedelta(minutes=6)
    called = make_ticket(C, counter_id="loket-1", called_at=called_at, call_count=1)
    done = ticket_states.finish(called, NOW)
    assert done.status is D
    assert done.started_at == called_at
    assert done.finished_at == NOW


def test_finish_from_serving_keeps_started_at() -> None:
    serving = ticket_in(S)
    done = ticket_states.finish(serving, NOW + timedelta(minutes=1))
    assert done.started_at == serving.started_at
    assert done.finished_at == NOW + timedelta(minutes=1)


def test_skip_makes_no_show_and_cancel_sets_finished_at() -> None:
    assert ticket_states.skip(ticket_in(C), NOW).status is N
    cancelled = ticket_states.cancel(ticket_in(W), NOW)
    assert cancelled.status is X
    assert cancelled.finished_at == NOW


@pytest.mark.parametrize("status", [W, C, S])
def test_transfer_to_other_service_keeps_identity_and_waits_again(status: TicketStatus) -> None:
    before = ticket_in(status)
    after = ticket_states.transfer(
        before, service_id="pkb-tahunan", agency_id="samsat", target_counter_id="loket-6"
    )
    assert after.status is W
    for name in ("id", "code", "number", "issued_at", "day", "track_token", "priority"):
        assert getattr(after, name) == getattr(before, name), name
    assert after.service_id == "pkb-tahunan"
    assert after.agency_id == "samsat"
    assert after.target_counter_id == "loket-6"
    assert after.transferred_from == "ktp-el"
    assert after.counter_id is None
    assert after.called_at is None
    assert after.started_at is None


def test_transfer_to_another_counter_of_same_service_does_not_set_transferred_from() -> None:
    before = ticket_in(C)
    after = ticket_states.transfer(
        before, service_id="ktp-el", agency_id="dukcapil", target_counter_id="loket-2"
    )
    assert after.status is W
    assert after.transferred_from is None
    assert after.target_counter_id == "loket-2"
    assert after.code == before.code
    assert after.issued_at == before.issued_at


def test_transfer_within_same_service_keeps_earlier_transferred_from() -> None:
    before = replace(ticket_in(W), service_id="ikd-kia", transferred_from="ktp-el")
    after = ticket_states.transfer(
        before, service_id="ikd-kia", agency_id="dukcapil", target_counter_id="loket-1"
    )
    assert after.transferred_from == "ktp-el"


# ---------------------------------------------------------------- random walks


@given(st.lists(st.sampled_from(list(Move)), max_size=30),
       st.lists(st.integers(min_value=0, max_value=600), min_size=30, max_size=30))
def test_random_move_sequences_either_raise_unchanged_or_follow_legal_moves(
    moves: list[Move], gaps: list[int]
) -> None:
    ticket = make_ticket(W)
    now = NOW
    for move, gap in zip(moves, gaps, strict=False):
        now += timedelta(seconds=gap)
        before = ticket
        try:
            ticket = apply(ticket, move, now)
        except InvalidTransition as exc:
            assert exc.code == "invalid_transition"
            assert ticket == before
            assert before.status not in LEGAL_MOVES[move]
        else:
            assert before.status in LEGAL_MOVES[move]
            assert ticket.status is LEGAL_MOVES[move][before.status]
        assert ticket.issued_at == ISSUED
        assert ticket.code == "A007"
        assert ticket.number == 7
        assert ticket.track_token == "tok-a007"
        if ticket.status in (C, S, D):
            assert ticket.called_at is not None
        if ticket.status in (S, D):
            assert ticket.started_at is not None
