"""The plan of a simulated day: a mid-morning peak, one seed one day, no arrival while the
hall is closed, service times around the service's average."""

from __future__ import annotations

import random
import statistics
from collections import Counter

from queue_server.domain.opening import parse_spans
from queue_server.domain.simulated_day import (
    Fate,
    arrival_weight,
    plan_arrivals,
    plan_breaks,
    service_minutes,
)

WEEKDAY = parse_spans("08:00-15:00")
FRIDAY = parse_spans("08:00-11:30, 13:30-15:30")
SERVICES = {"ktp": 150.0, "kk": 120.0, "pajak": 60.0}


def day(spans, count=2000, seed=7):
    return plan_arrivals(random.Random(seed), count, SERVICES, {s: spans for s in SERVICES})


def test_the_arrival_curve_peaks_mid_morning():
    by_minute = {m: arrival_weight(m) for m in range(8 * 60, 15 * 60)}
    peak = max(by_minute, key=by_minute.__getitem__)
    assert 9 * 60 + 30 <= peak <= 10 * 60
    assert by_minute[peak] > 3 * by_minute[14 * 60 + 45]


def test_most_citizens_of_a_planned_day_come_in_the_morning_hour_of_the_peak():
    hours = Counter(int(a.minute // 60) for a in day(WEEKDAY))
    assert max(hours, key=hours.__getitem__) == 9
    assert hours[9] > 2 * hours[14]


def test_the_same_seed_plans_the_same_day_and_another_seed_another():
    assert day(WEEKDAY, seed=3) == day(WEEKDAY, seed=3)
    assert day(WEEKDAY, seed=3) != day(WEEKDAY, seed=4)


def test_nobody_arrives_during_the_friday_prayer_break_or_outside_hours():
    arrivals = day(FRIDAY)
    assert len(arrivals) == 2000
    assert not [a for a in arrivals if 11 * 60 + 30 <= a.minute < 13 * 60 + 30]
    assert all(8 * 60 <= a.minute < 15 * 60 + 30 for a in arrivals)


def test_a_citizen_only_comes_for_a_service_while_it_is_open():
    spans = {"ktp": WEEKDAY, "kk": WEEKDAY, "pajak": parse_spans("08:00-10:00")}
    arrivals = plan_arrivals(random.Random(1), 1500, SERVICES, spans)
    assert {a.service_id for a in arrivals if a.minute >= 10 * 60} == {"ktp", "kk"}
    assert any(a.service_id == "pajak" for a in arrivals)


def test_a_closed_day_has_no_arrivals():
    assert plan_arrivals(random.Random(1), 100, SERVICES, {s: () for s in SERVICES}) == []


def test_shares_of_fates_and_priority_citizens_are_those_of_a_real_hall():
    arrivals = day(WEEKDAY, count=20000)
    fates = Counter(a.fate for a in arrivals)
    assert 0.04 < fates[Fate.NO_SHOW] / 20000 < 0.06
    assert 0.013 < fates[Fate.CANCEL] / 20000 < 0.027
    assert 0.013 < fates[Fate.TRANSFER] / 20000 < 0.027
    priority = [a for a in arrivals if a.priority_kind is not None]
    assert 0.09 < len(priority) / 20000 < 0.11
    assert len({a.priority_kind for a in priority}) == 3


def test_service_times_are_log_normal_around_the_average():
    rng = random.Random(5)
    draws = [service_minutes(rng, 8) for _ in range(20000)]
    assert 7.6 < statistics.mean(draws) < 8.4
    assert statistics.median(draws) < statistics.mean(draws)  # a long tail of hard cases
    assert min(draws) >= 0.5


def test_every_counter_pauses_for_the_friday_gap_and_lunch_is_staggered_otherwise():
    friday = plan_breaks(random.Random(1), ["a", "b", "c"], FRIDAY)
    assert {(b.start, b.end, b.reason) for b in friday} == {(690, 810, "Salat Jumat")}
    lunch = plan_breaks(random.Random(1), ["a", "b", "c"], WEEKDAY)
    assert len({int(b.start // 30) for b in lunch}) == 3
    assert all(b.end - b.start >= 30 for b in lunch)
