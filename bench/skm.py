"""Benchmark: the SKM results over a simulated month, printed.

Fills the open days of last calendar month on a fresh SQLite file (config.toml copy, no
quotas) with `queue-server simulate`'s engine — the real use cases, answers included
(`--skm-rate`, default 0.3) — then prints each agency's respondents, population, minimum
sample, IKM, mutu and lowest unsur, and times (use cases called directly, no HTTP):
  (a) the results of the month, whole hall, by service            target <= 2 s
  (b) the same as the XLSX tabulation                             target <= 3 s
  (c) the public figures (what every TV slide and visitor reads)  target <= 50 ms

    .venv/bin/python bench/skm.py [--tickets 600] [--skm-rate 0.3] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_config, load_bench_settings, machine, table, verdict
from queue_server.boot import open_hall
from queue_server.domain.errors import QueueError
from queue_server.domain.numbering import local_day
from queue_server.services import simulation, skm, skm_files
from tests.conftest import ADMIN

TARGETS_MS = {"month": 2000, "xlsx": 3000, "public": 50}


def last_month(today: date) -> list[date]:
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return [first + timedelta(days=i) for i in range((today.replace(day=1) - first).days)]


def timed(rounds: int, work: Callable[[], object]) -> tuple[float, float, object]:
    seconds, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return min(seconds) * 1000, statistics.median(seconds) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=600, help="tickets per day")
    parser.add_argument("--skm-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-skm-") as tmp:
        folder = Path(tmp)
        settings = load_bench_settings(bench_config(folder))
        hall = open_hall(settings, folder / "data")
        today = date.fromisoformat(local_day(datetime.now(UTC), settings.site.zone))
        days = last_month(today)
        filled = served = answered = 0
        started = time.perf_counter()
        for day in days:
            try:
                done = simulation.simulate(hall.store, settings, day, today=today,
                                           tickets_per_day=args.tickets, seed=args.seed,
                                           skm_rate=args.skm_rate)
            except QueueError:
                continue  # a weekend or a holiday
            filled, served, answered = (filled + 1, served + done.served,
                                        answered + done.skm_responses)
        print(f"simulated {filled} open days of {days[0]:%B %Y} in "
              f"{time.perf_counter() - started:.0f} s: {served:,} served, {answered:,} "
              "answered")
        period = {"from_": days[0].isoformat(), "to": days[-1].isoformat()}
        month = timed(args.rounds, lambda: skm.results(hall, ADMIN, **period, by="service"))
        xlsx = timed(args.rounds, lambda: skm_files.results_file(
            skm.results(hall, ADMIN, **period, by="service"), "xlsx"))
        public = timed(args.rounds, lambda: skm.public(hall))
        by_agency = skm.results(hall, ADMIN, **period, by="agency")
        hall.store.close()
    rows = [(r.name[:34], r.respondents, r.population, r.min_sample,
             "ya" if r.sample_met else "belum", r.score.ikm or "—",
             r.score.band.quality if r.score.band else "—", ",".join(r.score.lowest))
            for r in [*by_agency.rows, by_agency.total]]
    print(table(("agency", "respondents", "population", "min sample", "met", "IKM", "mutu",
                 "lowest"), rows))
    print(f"\n{machine()}")
    measures = [("(a) results by service, a month", month, TARGETS_MS["month"]),
                ("(b) (a) as the XLSX tabulation", xlsx, TARGETS_MS["xlsx"]),
                ("(c) public figures", public, TARGETS_MS["public"])]
    print(table(("measure", "best ms", "median ms", "target ms", ""),
                [(name, f"{best:.0f}", f"{median:.0f}", target, verdict(median <= target))
                 for name, (best, median, _), target in measures]))


if __name__ == "__main__":
    main()
