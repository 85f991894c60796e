"""Benchmark: how close the wait estimate is to the wait citizens then had, OLD against NEW.

For seeds 1-5, one simulated day each (`queue-server simulate`'s engine,
services/simulation.py, on a fresh SQLite file with config.toml's hours and quotas and no
printer; seed s fills the s-th weekday from Monday 2 March 2026, so seeds 5 and 10 are
Fridays with their prayer break; `--seeds 6 7 8 9 10` is the week after, held out). A
replay hook wraps the issue use case: at each issue the NEW estimate is the one the
product answered (and stored as eta_minutes_given); the OLD one is computed right after,
from the same state (the clock has not moved), by `old_estimate` below: people ahead x
recent mean service time / open counters, the estimator the product used before. Each is
compared with the wait the citizen had (first call - issue) over the tickets that were
called and had both.

Before each measured day the weekdays before it are simulated (`--history 10`, lighter:
150 arrivals each), as a hall has its recent past: the new estimate learns from them each
counter's usual break, the arrival pattern of the day and the minutes a call of each
service keeps a desk (with how much the desks' pace differs, which sets how much a desk's
own recent calls move it). Lighter days are a harder past than a real hall's: today looks
about 4.7 times as busy as usual, which the arrival level learns only as the day goes on.

Prints per seed: tickets measured, mean wait, MAE old, MAE new, new/old, p90 and share
within 5 minutes; the NEW MAE is also read back through the eta-accuracy use case, which
must agree (over every ticket told a new estimate: when no counter was open the old one
said nothing and the comparison leaves those out). Targets: NEW MAE <= 50 % of OLD on
every day, and <= 5 minutes on a day whose mean wait is about 40 minutes (`--tickets` sets
the load; default 700 a day).

The SPREAD beside them says how much of a day's waits is chance: the day is replayed
`--replicas` times with the same arrivals, breaks and fates (one random stream) and fresh
service and walking times (another), and each ticket's wait is compared with the median of
its waits over the replicas. It is a yardstick of the noise, not a bound: the replicas
differ in the services before a ticket's issue too, which an estimate given at issue
already sees, so an estimator can come under it.

    .venv/bin/python bench/eta.py [--tickets 700] [--seeds 1 2 3 4 5] [--replicas 4]
                                  [--history 10] [--history-tickets 150]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import types
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, table, verdict
from queue_server.domain import simulated_day as day_plan
from queue_server.domain.eta_accuracy import mean_abs_error, nearest_rank, within_pct
from queue_server.domain.models import Service
from queue_server.services import simulation, tickets
from queue_server.services.eta_accuracy import eta_accuracy
from queue_server.services.hall import Hall, Outcome
from queue_server.services.seeding import seed_catalog
from queue_server.settings import load_settings
from queue_server.store import Transaction, open_store
from tests.conftest import ADMIN
from tests.live_server import CONFIG

FIRST_DAY = date(2026, 3, 2)  # a Monday; seed s runs on the s-th weekday from it


def day_of(seed: int) -> date:
    """The weekday seed s fills: 1-5 are Monday 2 to Friday 6 March 2026, 6-10 the week
    after (the hall is closed at weekends)."""
    day, left = FIRST_DAY, seed - 1
    while left > 0:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return day
OLD_SEED_WEIGHT = 3


# ---------------------------------------------------------------- the old estimator


def old_estimate(tx: Transaction, hall: Hall, service: Service, people_ahead: int) -> int | None:
    """The estimator before this change, kept here only to be compared with:
    people ahead x (recent service times shrunk to the seed) / open counters."""
    recent = tx.tickets.recent_service_minutes(service.id, hall.start_of_day())
    mean = ((service.avg_service_minutes * OLD_SEED_WEIGHT + sum(recent))
            / (OLD_SEED_WEIGHT + len(recent)))
    counters = hall.catalog(tx).open_counters(service.id)
    if people_ahead <= 0:
        return 0
    if counters <= 0:
        return None
    return math.ceil(people_ahead * mean / counters)


# ---------------------------------------------------------------- the replay driver


@dataclass
class Told:
    old: int | None
    new: int | None


IssueHook = Callable[[Hall, Outcome], None]


def simulated_day(store, settings, day: date, seed: int, count: int,
                  on_issue: IssueHook) -> None:
    """Drive one simulated day, calling `on_issue` after every ticket is issued. The
    simulation reaches the use cases through its `tickets` module; the driver hands it the
    same module with issue_ticket wrapped, and puts the real one back after."""
    real = tickets.issue_ticket

    def issue_and_replay(hall: Hall, *args, **kwargs) -> Outcome:
        outcome = real(hall, *args, **kwargs)
        on_issue(hall, outcome)
        return outcome

    module = types.SimpleNamespace(**{n: getattr(tickets, n) for n in dir(tickets)
                                      if not n.startswith("__")})
    module.issue_ticket = issue_and_replay
    saved, simulation.tickets = simulation.tickets, module
    try:
        simulation.simulate(store, settings, day, today=day + timedelta(days=1),
                            tickets_per_day=count, seed=seed)
    finally:
        simulation.tickets = saved


@dataclass
class DayResult:
    seed: int
    day: date
    measured: int
    mean_wait: float
    old_errors: list[float]
    new_errors: list[float]
    reported_new_mae: float | None
    replayed_new_mae: float | None  # over every ticket with a new estimate, as the report


def history(day: date, count: int) -> list[date]:
    """The `count` weekdays before `day` (the hall's recent days, its break rota in them)."""
    out, at = [], day
    while len(out) < count:
        at -= timedelta(days=1)
        if at.weekday() < 5:
            out.append(at)
    return sorted(out)


def fill_history(store, settings, day: date, seed: int, days: int, tickets_a_day: int) -> None:
    """The weeks before the measured day, lighter (the estimate learns each counter's usual
    break, the arrival pattern and each service's minutes a call from them)."""
    for past in history(day, days):
        simulation.simulate(store, settings, past, today=day, tickets_per_day=tickets_a_day,
                            seed=seed, skm_rate=0.0)


def run_seed(seed: int, count: int, folder: Path, past_days: int = 0,
             past_tickets: int = 150) -> DayResult:
    # the hall's own hours, quotas and holidays; no printer (nothing leaves the machine)
    settings = replace(load_settings(CONFIG), printers={}, kiosk_printers={})
    store = open_store(folder / f"seed-{seed}" / "loket.db")
    seed_catalog(store, settings)
    day = day_of(seed)
    fill_history(store, settings, day, seed, past_days, past_tickets)
    told: dict[int, Told] = {}

    def replay(hall: Hall, outcome: Outcome) -> None:
        info = outcome.ticket
        if info is None:
            return
        with hall.store.read() as tx:
            service = hall.catalog(tx).services[info.ticket.service_id]
            told[info.ticket.id] = Told(old_estimate(tx, hall, service, info.people_ahead),
                                        info.eta_minutes)

    simulated_day(store, settings, day, seed, count, replay)
    waits, old_errors, new_errors, every_new = [], [], [], []
    with store.read() as tx:
        for ticket_id, estimate in told.items():
            ticket = tx.tickets.get(ticket_id)
            called = [e.at for e in tx.events.of_ticket(ticket_id) if e.type == "called"]
            if not called or estimate.new is None:
                continue
            waited = (min(called) - ticket.issued_at).total_seconds() / 60
            every_new.append(abs(estimate.new - waited))  # what the report measures
            if estimate.old is None:  # no counter open: the old one said nothing
                continue
            waits.append(waited)
            old_errors.append(abs(estimate.old - waited))
            new_errors.append(abs(estimate.new - waited))
    hall = Hall(store, settings)
    reported = eta_accuracy(hall, ADMIN, from_=day.isoformat(), to=day.isoformat())
    store.close()
    return DayResult(seed, day, len(waits), sum(waits) / len(waits) if waits else 0.0,
                     old_errors, new_errors, reported.mae_minutes, mean_abs_error(every_new))


# ---------------------------------------------------------------- the spread of chance


def replica_waits(seed: int, count: int, folder: Path, replica: int) -> dict[int, float]:
    """One replay of seed's day whose service and walking times come from their own random
    stream (`replica` seeds it); the rest of the day draws from the seed's stream as
    always, so arrivals, breaks and fates are those of every other replica."""
    draws = random.Random(f"service-times-{seed}-{replica}")
    service, walk = day_plan.service_minutes, day_plan.walk_minutes
    day_plan.service_minutes = lambda _rng, average: service(draws, average)
    day_plan.walk_minutes = lambda _rng: walk(draws)
    issued: dict[int, object] = {}
    try:
        settings = replace(load_settings(CONFIG), printers={}, kiosk_printers={})
        store = open_store(folder / f"spread-{seed}-{replica}" / "loket.db")
        seed_catalog(store, settings)
        day = day_of(seed)

        def keep(hall: Hall, outcome: Outcome) -> None:
            if outcome.ticket is not None:
                issued[outcome.ticket.ticket.id] = outcome.ticket.ticket

        simulated_day(store, settings, day, seed, count, keep)
        waits = {}
        with store.read() as tx:
            for ticket_id, ticket in issued.items():
                called = [e.at for e in tx.events.of_ticket(ticket_id) if e.type == "called"]
                if called:
                    waits[ticket_id] = (min(called) - ticket.issued_at).total_seconds() / 60
        store.close()
        return waits
    finally:
        day_plan.service_minutes, day_plan.walk_minutes = service, walk


def chance_spread(seed: int, count: int, folder: Path, replicas: int) -> float | None:
    """The mean, over the tickets called in every replica, of the mean absolute distance of
    their waits from their median wait (tickets are matched by id: every replica issues the
    same arrivals in the same order)."""
    if replicas < 2:
        return None
    runs = [replica_waits(seed, count, folder, k) for k in range(replicas)]
    common = set.intersection(*(set(r) for r in runs))
    spread = []
    for ticket_id in common:
        waits = [r[ticket_id] for r in runs]
        middle = statistics.median(waits)
        spread.append(sum(abs(w - middle) for w in waits) / len(waits))
    return round(sum(spread) / len(spread), 2) if spread else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=700, help="arrivals a day")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--history", type=int, default=10,
                        help="weekdays simulated before each measured day (its recent past)")
    parser.add_argument("--history-tickets", type=int, default=150,
                        help="arrivals on each of those days")
    parser.add_argument("--replicas", type=int, default=4,
                        help="replays of each day for the spread (0: do not measure it)")
    args = parser.parse_args()
    print(f"bench/eta.py: {machine()}; {args.tickets} arrivals a simulated day")
    results, spreads = [], {}
    with tempfile.TemporaryDirectory(prefix="loket-bench-eta-") as tmp:
        for seed in args.seeds:
            results.append(run_seed(seed, args.tickets, Path(tmp), args.history,
                                    args.history_tickets))
            spreads[seed] = chance_spread(seed, args.tickets, Path(tmp), args.replicas)
    rows = []
    for r in results:
        old, new = mean_abs_error(r.old_errors), mean_abs_error(r.new_errors)
        rows.append((r.seed, f"{r.day:%a %d %b}", r.measured, round(r.mean_wait, 1), old,
                     new, f"{new / old:.0%}" if old and new is not None else "-",
                     nearest_rank(r.old_errors, 90), nearest_rank(r.new_errors, 90),
                     within_pct(r.old_errors), within_pct(r.new_errors),
                     r.reported_new_mae, spreads.get(r.seed),
                     round(0.5 * old, 2) if old else None))
    print(table(["seed", "day", "tickets", "mean wait", "MAE old", "MAE new", "new/old",
                 "p90 old", "p90 new", "≤5 old %", "≤5 new %", "report MAE", "SPREAD",
                 "50% of old"], rows))
    all_old = [e for r in results for e in r.old_errors]
    all_new = [e for r in results for e in r.new_errors]
    old, new = mean_abs_error(all_old), mean_abs_error(all_new)
    print(f"\nall days: MAE old {old} min, new {new} min "
          f"({new / old:.0%} of old)" if old and new is not None else "\nall days: no data")
    halved = all(mean_abs_error(r.new_errors) is not None and mean_abs_error(r.old_errors)
                 and mean_abs_error(r.new_errors) <= 0.5 * mean_abs_error(r.old_errors)
                 for r in results)
    print(f"target new MAE <= 50 % of old on every day: {verdict(halved)}")
    heavy = [r for r in results if 30 <= r.mean_wait <= 50]
    if heavy:
        ok = all((mean_abs_error(r.new_errors) or 0) <= 5 for r in heavy)
        print(f"target new MAE <= 5 min on days with ~40-minute waits "
              f"(seeds {', '.join(str(r.seed) for r in heavy)}): {verdict(ok)}")
    else:
        print("target new MAE <= 5 min on a day with ~40-minute waits: not measured (no day "
              "had a mean wait of 30-50 minutes; change --tickets)")
    agree = all(r.reported_new_mae == r.replayed_new_mae for r in results)
    print(f"eta-accuracy report agrees with the replay's NEW MAE: {verdict(agree)}")


if __name__ == "__main__":
    main()
