"""Benchmark: the supervisor's live picture and the alarm check on a big hall.

A hall on a fresh SQLite file grown to 40 services and 60 counters (bench/admin.py's
`grow`), with W waiting tickets (`--waiting`, default 2,000) and a called or serving
citizen at half the counters. Then times, with the use cases called directly (no HTTP):
  (a) GET /supervision's snapshot for an admin (every agency)      target <= 50 ms
  (b) the same for a supervisor of one agency
  (c) the alarm check that runs after ticket changes and in the 5 s sweep (no change)
and prints p50/p99 and (b)/(a), (c)/(a).

    .venv/bin/python bench/supervision.py [--waiting 2000] [--rounds 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.admin import grow
from bench.common import bench_config, load_bench_settings, machine, summary_ms, table
from queue_server.boot import open_hall
from queue_server.services import alarms, supervision, tickets
from tests.conftest import ADMIN, KIOSK, supervisor

TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--waiting", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-supervision-") as tmp:
        folder = Path(tmp)
        hall = open_hall(load_bench_settings(bench_config(folder)), folder / "data")
        grow(hall)
        catalog = hall.current_catalog()
        ids = list(catalog.services)
        for n in range(args.waiting):
            tickets.issue_ticket(hall, KIOSK, ids[n % len(ids)])
        for counter in list(catalog.counters)[::2]:
            tickets.call_next(hall, ADMIN, counter)
        alarms.evaluate(hall)  # the alarms of this state are raised once, before timing
        boss = supervisor("dukcapil")
        timed: dict[str, list[float]] = {"a": [], "b": [], "c": []}
        for _ in range(args.rounds):
            for key, run in (("a", lambda: supervision.supervision(hall, ADMIN)),
                             ("b", lambda: supervision.supervision(hall, boss)),
                             ("c", lambda: alarms.evaluate(hall))):
                start = time.perf_counter()
                run()
                timed[key].append(time.perf_counter() - start)
        hall.store.close()
    base = summary_ms(timed["a"])["p50"]
    rows = []
    for key, name in (("a", "(a) snapshot, admin (all agencies)"),
                      ("b", "(b) snapshot, one agency's supervisor"),
                      ("c", "(c) alarm check, nothing changed")):
        s = summary_ms(timed[key])
        rows.append((name, f"{s['p50']:.2f}", f"{s['p99']:.2f}", f"{s['p50'] / base:.2f}"))
    print(machine())
    print(f"hall: 40 services, 60 counters, {args.waiting} waiting; {args.rounds} rounds")
    print(table(("measure", "p50 ms", "p99 ms", "p50 / (a)"), rows))
    a = summary_ms(timed["a"])["p99"]
    print(f"target: snapshot <= {TARGET_MS:g} ms: {'ok' if a <= TARGET_MS else 'MISS'} "
          f"(p99 {a:.1f} ms)")


if __name__ == "__main__":
    main()
