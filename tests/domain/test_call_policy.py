"""Call-next order of DESIGN.md: transferred here, priority, aging, weights, oldest first."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.domain.call_policy import (
    CallPolicy,
    call_order,
    choose_next,
    is_candidate,
    priority_turn,
    regular_streak,
)
from queue_server.domain.models import Counter, PriorityKind, PriorityMode, Ticket, TicketStatus

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 11:00 WIB
DAY = "2026-03-02"
STRICT = CallPolicy(PriorityMode.STRICT, aging=True)
NO_AGING = CallPolicy(PriorityMode.STRICT, aging=False)

LOKET_1 = Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": 2.0, "ikd-kia": 1.0})
LOKET_2 = Counter("loket-2", "Loket 2", 2, "dukcapil", {"ktp-el": 2.0, "ikd-kia": 1.0})
MAX_WAIT: dict[str, int | None] = {"ktp-el": 60, "ikd-kia": 45, "kartu-keluarga": 60,
                                   "pkb-tahunan": 45}
_ids = itertools.count(1)


def ticket(
    minutes_waiting: float,
    service_id: str = "ktp-el",
    *,
    priority: bool = False,
    id: int | None = None,
    target: str | None = None,
    status: TicketStatus = TicketStatus.WAITING,
) -> Ticket:
    number = next(_ids) if id is None else id
    return Ticket(
        id=number,
        code=f"A{number:03d}",
        number=number,
        day=DAY,
        service_id=service_id,
        agency_id="dukcapil",
        status=status,
        priority=priority,
        priority_kind=PriorityKind.LANSIA if priority else None,
        language="id",
        issued_at=NOW - timedelta(minutes=minutes_waiting),
        track_token=f"token-{number}",
        target_counter_id=target,
    )


def pick(
    tickets: Iterable[Ticket],
    counter: Counter = LOKET_1,
    *,
    policy: CallPolicy = STRICT,
    streak: int = 0,
    max_wait: dict[str, int | None] | None = None,
    now: datetime = NOW,
) -> Ticket | None:
    return choose_next(
        tickets, counter, policy=policy,
        max_wait_minutes=MAX_WAIT if max_wait is None else max_wait,
        regular_since_priority=streak, now=now,
    )


# ---------------------------------------------------------------- basics


def test_empty_list_gives_none() -> None:
    assert pick([]) is None


def test_nobody_for_this_counter_gives_none() -> None:
    assert pick([ticket(5, "pkb-tahunan"), ticket(9, "kartu-keluarga")]) is None


def test_oldest_first_inside_one_class() -> None:
    young, old, middle = ticket(2), ticket(20), ticket(10)
    assert pick([young, old, middle]) == old


def test_oldest_first_among_priority_tickets() -> None:
    young, old = ticket(2, priority=True), ticket(20, priority=True)
    assert pick([young, old, ticket(40)]) == old


def test_only_candidates_of_the_counters_services_are_taken() -> None:
    other_service = ticket(50, "pkb-tahunan", priority=True)
    mine = ticket(1, "ikd-kia")
    assert pick([other_service, mine]) == mine


def test_non_waiting_tickets_are_never_chosen() -> None:
    called = ticket(50, status=TicketStatus.CALLED)
    cancelled = ticket(40, status=TicketStatus.CANCELLED)
    waiting = ticket(1)
    assert pick([called, cancelled, waiting]) == waiting
    assert pick([called, cancelled]) is None


def test_ticket_transferred_to_another_counter_is_never_taken() -> None:
    elsewhere = ticket(50, priority=True, target="loket-2")
    assert pick([elsewhere]) is None
    mine = ticket(1)
    assert pick([elsewhere, mine]) == mine
    assert not is_candidate(elsewhere, LOKET_1)
    assert is_candidate(elsewhere, LOKET_2)


def test_ticket_transferred_here_goes_first_even_before_priority_and_overdue() -> None:
    transferred = ticket(1, "kartu-keluarga", target="loket-1")  # a service loket-1 lacks
    priority = ticket(30, priority=True)
    overdue = ticket(120)
    assert pick([priority, overdue, transferred]) == transferred


def test_ticket_transferred_here_goes_first_in_ratio_mode_too() -> None:
    policy = CallPolicy(PriorityMode.RATIO, regular_per_priority=2)
    transferred = ticket(1, target="loket-1")
    for streak in range(4):
        assert pick([ticket(30, priority=True), ticket(40), transferred], policy=policy,
                    streak=streak) == transferred


def test_several_tickets_transferred_here_are_called_oldest_first() -> None:
    a, b = ticket(3, target="loket-1"), ticket(9, "ikd-kia", target="loket-1")
    assert pick([a, b, ticket(60, priority=True)]) == b


# ---------------------------------------------------------------- strict priority


def test_strict_priority_serves_priority_before_older_regular() -> None:
    regular = ticket(50)
    priority = ticket(1, priority=True)
    assert pick([regular, priority]) == priority


def test_strict_priority_serves_priority_of_lower_weight_service() -> None:
    assert pick([ticket(30, "ktp-el"), ticket(1, "ikd-kia", priority=True)]).priority


def test_priority_turn_in_strict_mode_is_always_true() -> None:
    for streak in range(10):
        assert priority_turn(STRICT, streak)


waiting_lists = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=180),  # minutes waiting
        st.sampled_from(["ktp-el", "ikd-kia", "pkb-tahunan"]),
        st.booleans(),  # priority
        st.sampled_from([None, None, None, "loket-1", "loket-2"]),  # target counter
    ),
    max_size=25,
)


def build(rows: list[tuple[int, str, bool, str | None]]) -> list[Ticket]:
    return [ticket(m, s, priority=p, target=t, id=i + 1) for i, (m, s, p, t) in enumerate(rows)]


@given(waiting_lists, st.booleans(), st.integers(min_value=0, max_value=10))
def test_strict_priority_never_serves_regular_while_priority_waits(
    rows: list[tuple[int, str, bool, str | None]], aging: bool, streak: int
) -> None:
    tickets = build(rows)
    chosen = pick(tickets, policy=CallPolicy(PriorityMode.STRICT, aging=aging), streak=streak)
    candidates = [t for t in tickets if is_candidate(t, LOKET_1)]
    if not candidates:
        assert chosen is None
        return
    assert chosen in candidates
    targeted_here = [t for t in candidates if t.target_counter_id == "loket-1"]
    if targeted_here:
        assert chosen.target_counter_id == "loket-1"
    elif any(t.priority for t in candidates):
        assert chosen.priority


# ---------------------------------------------------------------- ratio mode


def simulate_ratio(n: int, calls: int) -> list[bool]:
    """`calls` call-nexts at one counter with plenty of both classes waiting."""
    policy = CallPolicy(PriorityMode.RATIO, regular_per_priority=n)
    regular = [ticket(calls + 10 - i, id=i + 1) for i in range(calls + 5)]
    priority = [ticket(calls + 10 - i, priority=True, id=10_000 + i) for i in range(calls + 5)]
    waiting = regular + priority
    history: list[bool] = []  # oldest first
    for _ in range(calls):
        chosen = pick(waiting, policy=policy, streak=regular_streak(reversed(history)))
        assert chosen is not None
        waiting.remove(chosen)
        history.append(chosen.priority)
    return history


@settings(deadline=None, max_examples=10)
@given(st.integers(min_value=1, max_value=5))
def test_ratio_mode_serves_exactly_n_regular_then_one_priority(n: int) -> None:
    history = simulate_ratio(n, 300)
    expected = ([False] * n + [True]) * (300 // (n + 1) + 1)
    assert history == expected[:300]


def test_ratio_mode_serves_priority_when_no_regular_waits() -> None:
    policy = CallPolicy(PriorityMode.RATIO, regular_per_priority=3)
    only_priority = ticket(1, priority=True)
    assert pick([only_priority, ticket(9, "pkb-tahunan")], policy=policy, streak=0) == \
        only_priority


def test_ratio_mode_serves_regular_before_older_priority_until_its_turn() -> None:
    policy = CallPolicy(PriorityMode.RATIO, regular_per_priority=3)
    regular, priority = ticket(1), ticket(30, priority=True)
    assert pick([regular, priority], policy=policy, streak=2) == regular
    assert pick([regular, priority], policy=policy, streak=3) == priority
    assert pick([regular, priority], policy=policy, streak=7) == priority


def test_regular_streak_counts_regular_calls_since_last_priority() -> None:
    assert regular_streak([]) == 0
    assert regular_streak([False, False, True, False]) == 2
    assert regular_streak([True, False, False]) == 0
    assert regular_streak([False] * 4) == 4


# ---------------------------------------------------------------- aging


def test_overdue_ticket_goes_before_younger_ticket_of_higher_weight_service() -> None:
    # ikd-kia (weight 1, max 45 min) waited 50 minutes: overdue.
    # ktp-el (weight 2, max 60 min) waited 40 minutes: 80 weighted minutes, not overdue.
    overdue = ticket(50, "ikd-kia")
    weighted = ticket(40, "ktp-el")
    assert pick([weighted, overdue]) == overdue
    # without aging the weights decide
    assert pick([weighted, overdue], policy=NO_AGING) == weighted


def test_overdue_ticket_does_not_go_before_priority_in_strict_mode() -> None:
    overdue = ticket(120, "ikd-kia")
    priority = ticket(1, "ktp-el", priority=True)
    assert pick([overdue, priority]) == priority


def test_ticket_exactly_at_max_wait_is_not_overdue_yet() -> None:
    at_limit = ticket(45, "ikd-kia")  # 45 x 1 = 45
    weighted = ticket(30, "ktp-el")  # 30 x 2 = 60
    assert pick([at_limit, weighted]) == weighted
    just_over = replace(at_limit, issued_at=at_limit.issued_at - timedelta(seconds=1))
    assert pick([just_over, weighted]) == just_over


def test_service_without_max_wait_never_ages() -> None:
    old = ticket(300, "ikd-kia")
    weighted = ticket(200, "ktp-el")
    assert pick([old, weighted], max_wait={"ktp-el": 60, "ikd-kia": None}) == weighted


def test_two_overdue_tickets_are_ordered_by_weighted_wait() -> None:
    a = ticket(100, "ikd-kia")  # 100 weighted
    b = ticket(70, "ktp-el")  # 140 weighted
    assert pick([a, b]) == b


# ---------------------------------------------------------------- weights


TWO_SERVICES = Counter("loket-3", "Loket 3", 3, "dukcapil",
                       {"kartu-keluarga": 2.0, "pindah-datang": 1.0})
NO_LIMITS: dict[str, int | None] = {"kartu-keluarga": None, "pindah-datang": None}


def test_weight_two_ticket_waiting_6_minutes_beats_other_waiting_10() -> None:
    weighted = ticket(6, "kartu-keluarga")
    other = ticket(10, "pindah-datang")
    assert pick([other, weighted], TWO_SERVICES, max_wait=NO_LIMITS) == weighted


def test_weight_two_ticket_waiting_6_minutes_loses_to_other_waiting_13() -> None:
    weighted = ticket(6, "kartu-keluarga")
    other = ticket(13, "pindah-datang")
    assert pick([weighted, other], TWO_SERVICES, max_wait=NO_LIMITS) == other


def test_equal_weighted_wait_falls_back_to_issue_time() -> None:
    weighted = ticket(6, "kartu-keluarga")  # 12 weighted minutes
    other = ticket(12, "pindah-datang")  # 12 weighted minutes, issued earlier
    assert pick([weighted, other], TWO_SERVICES, max_wait=NO_LIMITS) == other


# ---------------------------------------------------------------- determinism


def test_ties_are_broken_by_issued_at_then_id() -> None:
    same_time = [ticket(10, id=i) for i in (5, 3, 9)]
    assert pick(same_time).id == 3
    assert pick(list(reversed(same_time))).id == 3
    earlier = ticket(10.5, id=99)
    assert pick([*same_time, earlier]) == earlier


def test_future_issued_ticket_counts_as_zero_wait() -> None:
    future = ticket(-5, id=1)
    now_ticket = ticket(0, id=2)
    assert pick([future, now_ticket]) == now_ticket


@given(waiting_lists, st.integers(min_value=0, max_value=6), st.randoms(use_true_random=False))
def test_same_input_gives_same_output_whatever_the_order(
    rows: list[tuple[int, str, bool, str | None]], streak: int, rnd
) -> None:
    tickets = build(rows)
    policy = CallPolicy(PriorityMode.RATIO, regular_per_priority=3)
    first = pick(tickets, policy=policy, streak=streak)
    assert pick(tickets, policy=policy, streak=streak) == first
    shuffled = list(tickets)
    rnd.shuffle(shuffled)
    assert pick(shuffled, policy=policy, streak=streak) == first


# ---------------------------------------------------------------- heads only


def heads(tickets: Iterable[Ticket]) -> list[Ticket]:
    """What the store hands over: the oldest ticket of each (service, priority, target)."""
    best: dict[tuple[str, bool, str | None], Ticket] = {}
    for t in tickets:
        group = (t.service_id, t.priority, t.target_counter_id)
        if group not in best or (t.issued_at, t.id) < (best[group].issued_at, best[group].id):
            best[group] = t
    return list(best.values())


policies = st.builds(
    CallPolicy,
    st.sampled_from(list(PriorityMode)),
    st.integers(min_value=1, max_value=5),
    st.booleans(),
)
dense_lists = st.lists(
    st.tuples(
        st.integers(min_value=-2, max_value=120),  # few values: many ties and crossings
        st.sampled_from(["ktp-el", "ikd-kia", "kartu-keluarga"]),
        st.booleans(),
        st.sampled_from([None, None, "loket-1", "loket-2"]),
    ),
    max_size=30,
)


@given(dense_lists, policies, st.integers(min_value=0, max_value=6),
       st.sampled_from([1.0, 1.5, 2.0, 3.0]))
def test_choose_next_over_group_heads_equals_choose_next_over_all_tickets(
    rows: list[tuple[int, str, bool, str | None]], policy: CallPolicy, streak: int,
    weight: float,
) -> None:
    counter = replace(LOKET_1, service_weights={"ktp-el": weight, "ikd-kia": 1.0})
    tickets = build(rows)
    every = pick(tickets, counter, policy=policy, streak=streak)
    only_heads = pick(heads(tickets), counter, policy=policy, streak=streak)
    assert every == only_heads


@given(dense_lists, policies, st.integers(min_value=0, max_value=6),
       st.sampled_from([1.0, 1.5, 2.0, 3.0]))
def test_choose_next_is_always_the_first_of_the_call_order(
    rows: list[tuple[int, str, bool, str | None]], policy: CallPolicy, streak: int,
    weight: float,
) -> None:
    """choose_next finds its ticket without ordering the queue; it must be the very
    ticket call_order (the order people ahead are counted in) puts first."""
    counter = replace(LOKET_1, service_weights={"ktp-el": weight, "ikd-kia": 1.0})
    tickets = build(rows)
    order = list(call_order(tickets, counter, policy=policy, max_wait_minutes=MAX_WAIT,
                            regular_since_priority=streak, now=NOW))
    chosen = choose_next(tickets, counter, policy=policy, max_wait_minutes=MAX_WAIT,
                         regular_since_priority=streak, now=NOW)
    assert chosen == (order[0] if order else None)
