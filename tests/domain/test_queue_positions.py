"""People ahead come from the order call-next follows: shown positions are kept."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.domain.call_policy import CallPolicy, choose_next, regular_streak
from queue_server.domain.models import (
    Counter,
    CounterStatus,
    PriorityKind,
    PriorityMode,
    Ticket,
    TicketStatus,
)
from queue_server.domain.queue_positions import (
    CounterTurn,
    LinesAhead,
    QueuePositions,
    counters_for,
    newcomer_people_ahead,
    walk_in,
)

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
SERVICES = ("ktp-el", "ikd-kia", "kartu-keluarga")
COUNTER_IDS = ("loket-1", "loket-2", "loket-3")


def ticket(id: int, minutes_waiting: float, service_id: str = "ktp-el", *,
           priority: bool = False, target: str | None = None) -> Ticket:
    return Ticket(
        id=id, code=f"A{id:03d}", number=id, day="2026-03-02", service_id=service_id,
        agency_id="dukcapil", status=TicketStatus.WAITING, priority=priority,
        priority_kind=PriorityKind.LANSIA if priority else None, language="id",
        issued_at=NOW - timedelta(minutes=minutes_waiting), track_token=f"t{id}",
        target_counter_id=target,
    )


def heads(waiting: list[Ticket], counter: Counter) -> list[Ticket]:
    """What the store hands call-next: the tickets sent to this counter, and the oldest
    waiting ticket of each (service, priority) line it serves."""
    found = [t for t in waiting if t.target_counter_id == counter.id]
    for service_id in counter.service_weights:
        for priority in (True, False):
            line = [t for t in waiting if t.target_counter_id is None
                    and t.service_id == service_id and t.priority == priority]
            if line:
                found.append(min(line, key=lambda t: (t.issued_at, t.id)))
    return found


class Hall:
    """Counters pressing call-next as the use case does: over the store's heads, with the
    streak read back from each counter's own call history (newest first)."""

    def __init__(self, waiting: list[Ticket], counters: list[Counter], policy: CallPolicy,
                 max_wait: dict[str, int | None], history: dict[str, list[bool]]) -> None:
        self.waiting = list(waiting)
        self.counters = {c.id: c for c in counters}
        self.policy = policy
        self.max_wait = max_wait
        self.history = {c.id: list(history.get(c.id, [])) for c in counters}
        self.called: list[Ticket] = []

    def streak(self, counter_id: str) -> int:
        return regular_streak(self.history[counter_id][: self.policy.regular_per_priority + 1])

    def call_next(self, counter_id: str) -> Ticket | None:
        counter = self.counters[counter_id]
        chosen = choose_next(heads(self.waiting, counter), counter, policy=self.policy,
                             max_wait_minutes=self.max_wait,
                             regular_since_priority=self.streak(counter_id), now=NOW)
        if chosen is not None:
            self.waiting.remove(chosen)
            self.history[counter_id].insert(0, chosen.priority)
            self.called.append(chosen)
        return chosen

    def positions(self) -> QueuePositions:
        turns = [CounterTurn(c, self.streak(c.id)) for c in self.counters.values()]
        return QueuePositions(self.waiting, turns, policy=self.policy,
                              max_wait_minutes=self.max_wait, now=NOW)


policies = st.builds(
    CallPolicy,
    priority_mode=st.sampled_from(list(PriorityMode)),
    regular_per_priority=st.integers(1, 4),
    aging=st.booleans(),
)
max_waits = st.fixed_dictionaries({s: st.sampled_from([None, 5, 20, 60]) for s in SERVICES})
weights = st.dictionaries(st.sampled_from(SERVICES), st.sampled_from([1.0, 2.0, 3.0]),
                          min_size=1, max_size=3)


@st.composite
def queues(draw, targets=(None, *COUNTER_IDS)) -> list[Ticket]:
    n = draw(st.integers(0, 18))
    return [ticket(i + 1, draw(st.integers(0, 90)), draw(st.sampled_from(SERVICES)),
                   priority=draw(st.booleans()), target=draw(st.sampled_from(targets)))
            for i in range(n)]


@settings(max_examples=300, deadline=None)
@given(queue=queues(targets=(None, None, None, "loket-1", "loket-2")), policy=policies,
       max_wait=max_waits, service_weights=weights,
       history=st.lists(st.booleans(), max_size=5))
def test_one_counter_calls_everyone_in_exactly_the_order_of_the_positions_shown(
        queue, policy, max_wait, service_weights, history):
    counter = Counter("loket-1", "Loket 1", 1, "dukcapil", service_weights)
    hall = Hall(queue, [counter], policy, max_wait, {"loket-1": history})
    positions = hall.positions()
    servable = [t for t in queue if t.target_counter_id == "loket-1"
                or (t.target_counter_id is None and t.service_id in service_weights)]
    shown = {t.id: positions.people_ahead(t) for t in servable}
    assert sorted(shown.values()) == list(range(len(servable)))

    while hall.call_next("loket-1") is not None:
        pass
    assert [t.id for t in hall.called] == sorted(shown, key=shown.__getitem__)


@settings(max_examples=200, deadline=None)
@given(queue=queues(), policy=policies, max_wait=max_waits,
       counter_weights=st.lists(weights, min_size=2, max_size=3),
       paused=st.lists(st.booleans(), min_size=3, max_size=3),
       history=st.lists(st.booleans(), max_size=5))
def test_with_several_counters_people_ahead_is_the_count_of_the_counter_that_calls_soonest(
        queue, policy, max_wait, counter_weights, paused, history):
    counters = [Counter(COUNTER_IDS[i], f"Loket {i + 1}", i + 1, "dukcapil", w,
                        CounterStatus.PAUSED if paused[i] else CounterStatus.OPEN)
                for i, w in enumerate(counter_weights)]
    positions = Hall(queue, counters, policy, max_wait,
                     {c.id: history for c in counters}).positions()

    def alone(counter: Counter, target: Ticket) -> int:
        """Calls this counter alone makes before it reaches `target`."""
        # a stand-in for a counter that does not exist has no calls behind it
        known = counter.id in {c.id for c in counters}
        hall = Hall(queue, [counter], policy, max_wait, {counter.id: history if known else []})
        while (called := hall.call_next(counter.id)) is not None and called.id != target.id:
            pass
        return len(hall.called) - 1

    for t in queue:
        able = [c for c in counters if t.target_counter_id == c.id
                or (t.target_counter_id is None and t.service_id in c.service_weights)]
        open_ = [c for c in able if c.status is CounterStatus.OPEN]
        if not able:
            stand_in = Counter(t.target_counter_id or "", "", 0, "", {t.service_id: 1.0})
            able = [stand_in]
        expected = min(alone(c, t) for c in (open_ or able))
        assert positions.people_ahead(t) == expected, t


@settings(max_examples=200, deadline=None)
@given(queue=queues(targets=(None,)), max_wait=max_waits, service_weights=weights,
       aging=st.booleans(), presses=st.lists(st.integers(0, 2), min_size=40, max_size=40),
       counters=st.integers(2, 3))
def test_identical_counters_in_strict_mode_call_exactly_people_ahead_others_first(
        queue, max_wait, service_weights, aging, presses, counters):
    policy = CallPolicy(PriorityMode.STRICT, aging=aging)
    hall = Hall(queue, [Counter(COUNTER_IDS[i], f"Loket {i + 1}", i + 1, "dukcapil",
                                service_weights) for i in range(counters)],
                policy, max_wait, {})
    positions = hall.positions()
    shown = {t.id: positions.people_ahead(t) for t in queue
             if t.service_id in service_weights}
    for press in itertools.cycle(presses):
        if not hall.waiting or hall.call_next(COUNTER_IDS[press % counters]) is None:
            break
    called_before = {t.id: i for i, t in enumerate(hall.called)}
    assert called_before == shown


def test_ratio_mode_priority_citizen_behind_three_regulars_is_told_the_position_called():
    # the phone once counted "priority first" in SQL while call-next, in ratio mode, calls
    # three regular citizens before the priority one
    counter = Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": 1.0})
    queue = [ticket(1, 30), ticket(2, 25), ticket(3, 20), ticket(4, 10, priority=True)]
    hall = Hall(queue, [counter], CallPolicy(PriorityMode.RATIO, regular_per_priority=3),
                {"ktp-el": None}, {})
    assert hall.positions().people_ahead(queue[3]) == 3
    assert [hall.call_next("loket-1").id for _ in range(4)] == [1, 2, 3, 4]


def test_a_walk_in_is_told_everyone_the_counter_calls_before_a_new_ticket():
    loket_1 = Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": 2.0, "ikd-kia": 1.0})
    loket_2 = Counter("loket-2", "Loket 2", 2, "dukcapil", {"ikd-kia": 1.0})
    queue = [ticket(1, 30, "ktp-el"), ticket(2, 5, "ikd-kia"), ticket(3, 1, "ikd-kia")]
    walk_ins = {s: walk_in(s, NOW) for s in ("ktp-el", "ikd-kia", "kartu-keluarga")}

    def ahead(service: str) -> int:
        positions = QueuePositions([*queue, walk_ins[service]],
                                   [CounterTurn(loket_1), CounterTurn(loket_2)],
                                   policy=CallPolicy(), max_wait_minutes={}, now=NOW)
        return positions.people_ahead(walk_ins[service])

    # a new KTP-el citizen waits behind everyone loket-1 serves (waiting time x weight)
    assert ahead("ktp-el") == 3
    # a new IKD citizen is best off at loket-2, which serves IKD alone
    assert ahead("ikd-kia") == 2
    # a service nobody serves is ordered as if one counter served it alone
    assert ahead("kartu-keluarga") == 0


def test_a_ticket_that_no_longer_waits_has_nobody_ahead():
    called = ticket(1, 10)
    positions = QueuePositions([], [], policy=CallPolicy(), max_wait_minutes={}, now=NOW)
    from dataclasses import replace

    assert positions.people_ahead(replace(called, status=TicketStatus.CALLED)) == 0


def lines_ahead(queue: list[Ticket], turn: CounterTurn, newcomer: Ticket) -> LinesAhead:
    """What the store counts for a newcomer at a counter: tickets sent to it, and the
    others per line, in the newcomer's own line only those issued before it."""
    counter = turn.counter
    here = [t for t in queue if t.target_counter_id == counter.id]
    line = [t for t in queue if t.target_counter_id is None
            and t.service_id in counter.service_weights
            and (t.priority != newcomer.priority
                 or (t.issued_at, t.id) < (newcomer.issued_at, newcomer.id))]
    return LinesAhead(turn, sum(1 for t in here if t.priority),
                      sum(1 for t in here if not t.priority),
                      sum(1 for t in line if t.priority), sum(1 for t in line if not t.priority))


@settings(max_examples=300, deadline=None)
@given(queue=queues(), policy=policies, max_wait=max_waits,
       counter_weights=st.lists(weights, min_size=1, max_size=3),
       paused=st.lists(st.booleans(), min_size=3, max_size=3),
       history=st.lists(st.booleans(), max_size=5), service=st.sampled_from(SERVICES),
       priority=st.booleans(), future=st.lists(st.integers(1, 5), max_size=3))
def test_a_newcomer_counted_by_lines_gets_the_position_the_full_order_gives(
        queue, policy, max_wait, counter_weights, paused, history, service, priority, future):
    # tickets stamped a little after `now` (another process's clock) wait behind newcomers
    queue = queue + [ticket(100 + i, -m, service) for i, m in enumerate(future)]
    counters = [Counter(COUNTER_IDS[i], f"Loket {i + 1}", i + 1, "dukcapil", w,
                        CounterStatus.PAUSED if paused[i] else CounterStatus.OPEN)
                for i, w in enumerate(counter_weights)]
    hall = Hall(queue, counters, policy, max_wait, {c.id: history for c in counters})
    newcomer = ticket(1000, 0, service, priority=priority)
    turns = [CounterTurn(c, hall.streak(c.id)) for c in counters]
    counted = newcomer_people_ahead(
        [lines_ahead(queue, t, newcomer) for t in counters_for(newcomer, turns)],
        priority=priority, policy=policy)
    full = QueuePositions([*queue, newcomer], turns, policy=policy, max_wait_minutes=max_wait,
                          now=NOW).people_ahead(newcomer)
    assert counted == full
