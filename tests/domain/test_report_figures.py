"""Report arithmetic: nearest-rank percentiles from a table, a row's figures from legs,
and a ticket's legs folded from its events."""

from __future__ import annotations

import pytest

from queue_server.domain.report_figures import (
    Spread,
    Tally,
    figures,
    grouped,
    mean,
    nearest_rank,
)
from queue_server.domain.report_legs import (
    Leg,
    LegEvent,
    Outcome,
    TicketFacts,
    fold_legs,
    legs_of,
)

T0 = 1_772_416_800_000  # 2 March 2026 09:00 WIB, in ms since the epoch


def at(minute: float) -> int:
    return T0 + int(minute * 60_000)


def ev(type: str, minute: float, counter: str | None = None, actor: str | None = None,
       from_service: str | None = None, to_service: str | None = None, ticket: int = 7):
    return LegEvent(ticket, type, at(minute), counter, actor, from_service, to_service)


# values (sorted), percent, expected: rank = ceil(p/100 * n), 1-based
@pytest.mark.parametrize(("values", "percent", "expected"), [
    ([7], 50, 7), ([7], 90, 7), ([7], 100, 7), ([7], 1, 7),
    ([1, 2], 50, 1),  # ceil(1.0) = 1: no interpolation to 1.5
    ([1, 2], 51, 2),
    ([1, 2, 3, 4], 50, 2), ([1, 2, 3, 4], 75, 3), ([1, 2, 3, 4], 90, 4),
    ([15, 20, 35, 40, 50], 30, 20),  # the textbook example: rank ceil(1.5) = 2
    ([15, 20, 35, 40, 50], 40, 20),  # rank ceil(2.0) = 2 exactly, not 3
    ([15, 20, 35, 40, 50], 50, 35), ([15, 20, 35, 40, 50], 100, 50),
    (list(range(1, 11)), 90, 9),  # rank 9 exactly: integer arithmetic, no float drift
    (list(range(1, 11)), 91, 10),
    (list(range(1, 101)), 90, 90), (list(range(1, 101)), 50, 50),
    ([3, 5, 8, 8, 8, 13], 50, 8),
])
def test_nearest_rank_percentiles(values, percent, expected):
    assert nearest_rank(values, percent) == expected


def test_no_values_have_no_percentile_and_no_mean():
    assert nearest_rank([], 50) is None
    assert mean([]) is None
    assert Spread.of([]) == Spread(None, None, None, None)


@pytest.mark.parametrize("percent", [0, -5, 101])
def test_a_percent_outside_1_to_100_is_a_programming_error(percent):
    with pytest.raises(ValueError):
        nearest_rank([1, 2, 3], percent)


def test_spread_rounds_minutes_to_one_decimal_after_ranking():
    # mean 10/3 = 3.333 -> 3.3; p50 rank 2 of [1, 2.25, 6.75] -> 2.25 -> 2.2 (half-even);
    # p90 rank 3 -> 6.75 -> 6.8
    assert Spread.of([6.75, 1, 2.25]) == Spread(3.3, 2.2, 6.8, 6.8)


def leg(service="a", wait=None, outcome=Outcome.OPEN, *, priority=False, issued_here=True,
        service_minutes=None, counter=None) -> Leg:
    return Leg(1, service, T0, priority, issued_here, wait, counter, None, outcome,
               service_minutes)


def test_a_row_counts_each_outcome_and_judges_waits_against_each_services_limit():
    legs = [
        leg("a", 10, Outcome.SERVED, service_minutes=5),
        leg("a", 61, Outcome.NO_SHOW),  # over a's limit of 60
        leg("b", 90, Outcome.SERVED, service_minutes=7),  # b has no limit: not judged
        leg("a", None, Outcome.CANCELLED),  # never called: no wait, not judged
        leg("a", 20, Outcome.TRANSFERRED, priority=True),
        leg("c", 4, Outcome.SERVED, priority=True, issued_here=False, service_minutes=3),
    ]
    row = figures("k", "Nama", legs, {"a": 60, "b": None, "c": 5})
    assert (row.issued, row.called, row.served, row.no_show, row.cancelled,
            row.transferred_out) == (5, 5, 3, 1, 1, 1)
    # waits [4, 10, 20, 61, 90]: mean 37; p50 rank 3 -> 20; p90 rank 5 -> 90
    assert row.wait == Spread(37.0, 20, 90, 90)
    assert row.service == Spread(5.0, 5, 7, 7)
    # judged: a 10 (in), a 61 (out), a 20 (in), c 4 (in) -> 3 of 4
    assert row.within_max_wait_pct == 75.0
    # priority issued: the transferred leg (issued here); the c leg was transferred in
    assert (row.priority_issued, row.priority_served, row.priority_wait_p50) == (1, 1, 4)


def test_no_service_with_a_limit_makes_within_max_wait_null():
    assert figures("k", "n", [leg("b", 5)], {"b": None}).within_max_wait_pct is None
    assert figures("k", "n", [], {}).within_max_wait_pct is None


def test_grouping_keeps_keyless_legs_apart_for_the_total_only():
    legs = [leg(counter="loket-1"), leg(counter=None), leg(counter="loket-1")]
    groups = grouped(legs, lambda x: x.counter_id)
    assert {k: len(v) for k, v in groups.items()} == {"loket-1": 2, None: 1}


TICKET = TicketFacts(7, "kk", at(0), priority=False)


def test_a_ticket_never_transferred_is_one_leg():
    events = [ev("called", 10, "loket-1", "user:rina"),
              ev("recalled", 11, "loket-1", "user:rina"),  # only repeats: call stays
              ev("started", 12), ev("finished", 20)]
    [only] = legs_of(TicketFacts(7, "ktp", at(0), True), events)
    assert (only.service_id, only.wait_minutes, only.counter_id, only.officer) == \
        ("ktp", 10, "loket-1", "user:rina")
    assert (only.outcome, only.service_minutes, only.priority, only.issued_here) == \
        (Outcome.SERVED, 8, True, True)


def test_a_transfer_makes_two_legs_the_second_joining_at_the_transfer():
    events = [ev("called", 5, "loket-1", "user:rina"),
              ev("started", 6),
              ev("transferred", 9, "loket-1", "user:rina", "ktp", "kk"),
              ev("called", 30, "loket-3", "user:budi"),
              ev("finished", 33)]
    first, second = legs_of(TICKET, events)
    assert (first.service_id, first.outcome, first.wait_minutes, first.service_minutes) == \
        ("ktp", Outcome.TRANSFERRED, 5, None)
    assert (second.service_id, second.joined_ms, second.issued_here) == ("kk", at(9), False)
    # never started: service time runs from the call
    assert (second.wait_minutes, second.outcome, second.service_minutes) == \
        (21, Outcome.SERVED, 3)


def test_a_skip_is_a_no_show_until_a_recall_brings_the_citizen_back():
    skipped = [ev("called", 5, "loket-1"), ev("skipped", 7)]
    assert legs_of(TICKET, skipped)[0].outcome is Outcome.NO_SHOW
    back = [*skipped, ev("recalled", 15, "loket-2"), ev("finished", 19)]
    [came_back] = legs_of(TICKET, back)
    # the wait is to the first call; the service runs from the recall that brought them
    assert (came_back.outcome, came_back.wait_minutes, came_back.counter_id,
            came_back.service_minutes) == (Outcome.SERVED, 5, "loket-1", 4)


def test_a_cancel_and_a_ticket_still_waiting():
    assert legs_of(TICKET, [ev("cancelled", 3)])[0].outcome is Outcome.CANCELLED
    [waiting] = legs_of(TICKET, [])
    assert (waiting.outcome, waiting.wait_minutes, waiting.counter_id) == \
        (Outcome.OPEN, None, None)


def test_many_tickets_fold_in_one_pass_each_with_its_own_events():
    tickets = [TicketFacts(3, "ktp", at(0), False), TicketFacts(1, "kk", at(2), True),
               TicketFacts(9, "ktp", at(4), False)]
    # grouped in the tickets' order (not by id); ticket 1 has no events at all
    events = [ev("called", 6, "loket-1", ticket=3), ev("finished", 9, ticket=3),
              ev("cancelled", 8, ticket=9)]
    legs = fold_legs(tickets, events)
    assert [(x.ticket_id, x.outcome, x.wait_minutes) for x in legs] == [
        (3, Outcome.SERVED, 6), (1, Outcome.OPEN, None), (9, Outcome.CANCELLED, None)]


def test_merged_tallies_make_the_same_total_as_one_pass_over_every_leg():
    legs = [leg("a", 10, Outcome.SERVED, service_minutes=5, counter="loket-1"),
            leg("a", 61, Outcome.NO_SHOW, priority=True, counter="loket-2"),
            leg("b", None, Outcome.CANCELLED),
            leg("b", 3, Outcome.SERVED, service_minutes=9, issued_here=False,
                counter="loket-1")]
    limits = {"a": 60, "b": None}
    parts = [Tally.of(group, limits) for group in grouped(legs, lambda x: x.counter_id).values()]
    assert Tally.merged(parts).row("", "Jumlah") == figures("", "Jumlah", legs, limits)
