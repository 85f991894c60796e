"""The wait forecast: the counters played forward with the call policy itself, each at its
pace, with the break it is expected to take; a ticket's estimate is its forecast call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.domain.call_policy import CallPolicy, call_order
from queue_server.domain.eta_forecast import Desk, forecast_calls
from queue_server.domain.models import Counter, PriorityMode
from queue_server.domain.queue_positions import CounterTurn, QueueEntry

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 11:00 WIB
STRICT = CallPolicy(PriorityMode.STRICT, aging=False)
LOKET_1 = Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": 1.0, "ikd-kia": 1.0})
LOKET_2 = Counter("loket-2", "Loket 2", 2, "dukcapil", {"ktp-el": 1.0})


def entry(id: int, minutes_ago: float, service: str = "ktp-el", *, priority: bool = False,
          target: str | None = None) -> QueueEntry:
    return QueueEntry(id, service, priority, NOW - timedelta(minutes=minutes_ago), target)


def desk(counter: Counter = LOKET_1, pace: float = 10.0, free_in: float = 0.0,
         **kwargs) -> Desk:
    return Desk(CounterTurn(counter), NOW + timedelta(minutes=free_in), pace, **kwargs)


def minutes(calls: dict[int, datetime]) -> dict[int, float]:
    return {i: (at - NOW).total_seconds() / 60 for i, at in calls.items()}


def forecast(waiting, desks, wanted=None, policy=STRICT, now=NOW):
    wanted = [t.id for t in waiting] if wanted is None else wanted
    return minutes(forecast_calls(waiting, desks, wanted, policy=policy,
                                  max_wait_minutes={}, now=now).calls)


def test_two_counters_call_in_turn_each_at_its_own_pace() -> None:
    waiting = [entry(i, 60 - i) for i in range(1, 7)]
    got = forecast(waiting, [desk(LOKET_1, 5.0), desk(LOKET_2, 10.0)])
    # loket-1 calls at 0, 5, 10, 15; loket-2 at 0 and 10 (a tie goes to the first desk)
    assert got == {1: 0.0, 2: 0.0, 3: 5.0, 4: 10.0, 5: 10.0, 6: 15.0}


def test_a_busy_counter_calls_once_its_citizen_is_done() -> None:
    got = forecast([entry(1, 5), entry(2, 4)], [desk(pace=8.0, free_in=3.0)])
    assert got == {1: 3.0, 2: 11.0}


def test_a_priority_citizen_goes_first_even_when_they_came_last() -> None:
    got = forecast([entry(1, 30), entry(2, 20), entry(3, 1, priority=True)], [desk()])
    assert got == {3: 0.0, 1: 10.0, 2: 20.0}


def test_a_ticket_sent_to_a_counter_waits_for_that_counter_only() -> None:
    waiting = [entry(1, 30), entry(2, 20, target="loket-2")]
    got = forecast(waiting, [desk(LOKET_1, 5.0), desk(LOKET_2, 30.0, free_in=12.0)])
    assert got == {1: 0.0, 2: 12.0}


def test_a_ticket_no_open_counter_can_call_has_no_forecast() -> None:
    assert forecast([entry(1, 3, "pkb-tahunan")], [desk()]) == {}
    assert forecast([entry(1, 3)], []) == {}


def test_the_counter_takes_its_break_after_the_citizen_at_the_desk() -> None:
    noon, back = NOW + timedelta(minutes=60), NOW + timedelta(minutes=90)
    waiting = [entry(i, 60 - i) for i in range(1, 10)]
    got = forecast(waiting, [desk(pace=25.0, break_at=noon, back_at=back)])
    # calls at 0, 25, 50; free at 75 (past noon): the break until 90 at the latest, then on
    assert [got[i] for i in (1, 2, 3, 4, 5)] == [0.0, 25.0, 50.0, 90.0, 115.0]


def test_a_break_started_late_still_lasts_the_shortest_break() -> None:
    noon, back = NOW + timedelta(minutes=5), NOW + timedelta(minutes=10)
    got = forecast([entry(1, 9), entry(2, 8)], [desk(pace=9.0, break_at=noon, back_at=back)])
    assert got == {1: 0.0, 2: 19.0}  # free at 9, away 10 minutes: calls again at 19


def test_each_service_takes_its_own_minutes_at_a_counter() -> None:
    waiting = [entry(1, 20, "ikd-kia"), entry(2, 10, "ktp-el"), entry(3, 5, "ktp-el")]
    got = forecast(waiting, [desk(pace=6.0, service_minutes={"ikd-kia": 15.0,
                                                             "ktp-el": 4.0})])
    assert got == {1: 0.0, 2: 15.0, 3: 19.0}


def test_a_citizen_expected_later_joins_the_line_when_the_play_reaches_them() -> None:
    waiting = [entry(1, 5), entry(2, 4), entry(3, 3)]
    coming = [QueueEntry(-1, "ktp-el", True, NOW + timedelta(minutes=4))]  # a priority one
    got = minutes(forecast_calls(waiting, [desk(pace=10.0)], [1, 2, 3], policy=STRICT,
                                 max_wait_minutes={}, now=NOW, arrivals=coming).calls)
    assert got == {1: 0.0, 2: 20.0, 3: 30.0}  # the expected citizen is called at 10


def test_an_idle_counter_waits_for_the_next_citizen_expected() -> None:
    coming = [QueueEntry(-1, "ktp-el", False, NOW + timedelta(minutes=6))]
    got = minutes(forecast_calls([entry(1, 1, target="loket-2")],
                                 [desk(LOKET_1, 5.0), desk(LOKET_2, 5.0, free_in=20.0)], [1],
                                 policy=STRICT, max_wait_minutes={}, now=NOW,
                                 arrivals=coming).calls)
    assert got == {1: 20.0}


def test_the_play_stops_once_every_wanted_ticket_is_called() -> None:
    waiting = [entry(i, 60 - i) for i in range(1, 50)]
    assert forecast(waiting, [desk()], wanted=[2]) == {2: 10.0}


def test_weights_are_played_as_the_wait_grows() -> None:
    # loket-3 counts a minute of kartu-keluarga double: a citizen of it who came after one
    # of pindah-datang still goes first while their doubled wait is the longer
    loket_3 = Counter("loket-3", "Loket 3", 3, "dukcapil",
                      {"kartu-keluarga": 2.0, "pindah-datang": 1.0})
    waiting = [entry(1, 10, "pindah-datang"), entry(2, 6, "kartu-keluarga"),
               entry(3, 1, "kartu-keluarga")]
    got = forecast(waiting, [desk(loket_3, 10.0)])
    # now: 12 > 10, so 2; at 10: pindah 20 vs kk 22, so 3; then 1
    assert got == {2: 0.0, 3: 10.0, 1: 20.0}


def test_past_the_calls_played_the_counters_combined_rate_carries_the_estimate_on() -> None:
    waiting = [entry(i, 600 - i) for i in range(1, 501)]
    desks = [desk(LOKET_1, 5.0), desk(LOKET_2, 10.0)]
    played = forecast_calls(waiting, desks, [500], policy=STRICT, max_wait_minutes={},
                            now=NOW, max_calls=30)
    assert 500 not in played.calls and played.calls_made == 30
    # 30 calls played; 470 still ahead of the 500th, at 1/5 + 1/10 a minute
    assert played.call_of(500, people_ahead=499) == played.cut_at + timedelta(
        minutes=470 / 0.3)
    whole = forecast_calls(waiting, desks, [500], policy=STRICT, max_wait_minutes={},
                           now=NOW, max_calls=1000)
    assert abs((played.call_of(500, 499) - whole.calls[500]).total_seconds()) < 10 * 60


def test_a_play_that_ran_out_of_counters_is_not_carried_on() -> None:
    played = forecast_calls([entry(1, 3, "pkb-tahunan")], [desk()], [1], policy=STRICT,
                            max_wait_minutes={}, now=NOW)
    assert played.call_of(1, people_ahead=0) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 120), st.sampled_from(["ktp-el", "ikd-kia"]),
                          st.booleans()), min_size=1, max_size=25))
def test_one_counter_calls_in_the_order_call_next_would(rows) -> None:
    """With no weights and no aging the order does not change with time: the forecast's
    calls come in exactly the call policy's order (people ahead use that order)."""
    waiting = [entry(i + 1, m, s, priority=p) for i, (m, s, p) in enumerate(rows)]
    got = forecast(waiting, [desk(pace=7.0)])
    played = sorted(got, key=lambda i: got[i])
    expected = [t.id for t in call_order(waiting, LOKET_1, policy=STRICT, max_wait_minutes={},
                                         regular_since_priority=0, now=NOW)]
    assert played == expected
    assert [got[i] for i in played] == [7.0 * k for k in range(len(played))]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.floats(1, 30), st.floats(1, 30))
def test_a_faster_counter_never_makes_the_wait_longer(n: int, a: float, b: float) -> None:
    fast, slow = sorted((a, b))
    waiting = [entry(i, 60 - i) for i in range(1, n + 1)]
    quick = forecast(waiting, [desk(pace=fast), desk(LOKET_2, 10.0)])
    slower = forecast(waiting, [desk(pace=slow), desk(LOKET_2, 10.0)])
    assert all(quick[i] <= slower[i] + 1e-9 for i in quick)


def test_a_play_reads_a_line_on_as_far_as_it_goes_and_no_further() -> None:
    waiting = [entry(i, 60 - i) for i in range(1, 11)]
    asked: list[int] = []

    def read_more(last):
        asked.append(last.id)
        more = [t for t in waiting if t.id > last.id][:3]
        return more, len(more) == 3

    # three read at a time: the tenth ticket is called as if the whole line had been read
    whole = forecast_calls(waiting, [desk()], [10], policy=STRICT, max_wait_minutes={},
                           now=NOW)
    short = forecast_calls(waiting[:3], [desk()], [10], policy=STRICT, max_wait_minutes={},
                           now=NOW, read_to={3}, read_more=read_more)
    assert short.calls == whole.calls and asked == [3, 6, 9]
    # a play that ends before the end of what was read reads nothing more
    asked.clear()
    early = forecast_calls(waiting[:3], [desk()], [2], policy=STRICT, max_wait_minutes={},
                           now=NOW, read_to={3}, read_more=read_more)
    assert early.calls == {2: NOW + timedelta(minutes=10)} and asked == []


def _naive_play(waiting, desks, policy, max_wait):
    """The rule the play follows, step by step over the whole queue: the desk free first
    calls what choose_next over every ticket still waiting gives, then is busy its time."""
    import heapq

    from queue_server.domain.call_policy import choose_next

    left, out = list(waiting), {}
    streaks = [d.turn.regular_since_priority for d in desks]
    ready = [(d.free_at, i) for i, d in enumerate(desks)]
    heapq.heapify(ready)
    while left and ready:
        at, i = heapq.heappop(ready)
        chosen = choose_next(left, desks[i].turn.counter, policy=policy,
                             max_wait_minutes=max_wait, regular_since_priority=streaks[i],
                             now=at)
        if chosen is None:
            continue
        left.remove(chosen)
        out[chosen.id] = at
        streaks[i] = 0 if chosen.priority else streaks[i] + 1
        heapq.heappush(ready, (at + timedelta(minutes=desks[i].minutes_for(chosen.service_id)),
                               i))
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.sampled_from(["ktp-el", "ikd-kia", "kk"]),
                          st.booleans(), st.sampled_from([None, None, None, "loket-1",
                                                          "loket-2"])),
                min_size=1, max_size=30),
       st.builds(CallPolicy, st.sampled_from(list(PriorityMode)), st.integers(1, 4),
                 st.booleans()),
       st.sampled_from([1.0, 2.0, 3.0]), st.integers(0, 3))
def test_every_step_of_a_play_calls_what_call_next_would_over_the_whole_queue(
        rows, policy, weight, streak) -> None:
    """The play offers the call policy only each group's head, already sorted into the
    counter's lines: with weights, aging, the ratio and tickets sent to a counter it must
    call exactly what choose_next over every ticket still waiting would."""
    waiting = [entry(i + 1, m, s, priority=p, target=t) for i, (m, s, p, t) in enumerate(rows)]
    one = Counter("loket-1", "Loket 1", 1, "dukcapil", {"ktp-el": weight, "ikd-kia": 1.0})
    two = Counter("loket-2", "Loket 2", 2, "dukcapil", {"ktp-el": 1.0, "kk": 2.0})
    desks = [Desk(CounterTurn(one, streak), NOW, 6.0, {"ikd-kia": 4.0}),
             Desk(CounterTurn(two), NOW + timedelta(minutes=2), 9.0)]
    max_wait = {"ktp-el": 30, "ikd-kia": 20, "kk": None}
    played = forecast_calls(waiting, desks, [t.id for t in waiting], policy=policy,
                            max_wait_minutes=max_wait, now=NOW, max_calls=len(waiting))
    assert played.calls == _naive_play(waiting, desks, policy, max_wait)
