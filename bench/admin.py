"""Benchmark: what an administration change costs the hall.

Builds a hall on a fresh SQLite file (config.toml copy, open at any hour, no quotas) grown
to 40 services and 60 counters through the admin use cases, with W waiting tickets
(`--waiting`, default 2,000). Then measures, with the use cases called directly (no HTTP):
  (a) issuing a ticket with the catalogue cached (the baseline of this run);
  (b) issuing the first ticket after an admin change, which reloads the catalogue and the
      live site values (every process pays this once per change);
  (c) an admin change itself: PATCH a service's daily quota, checked against the whole
      catalogue by the settings registry, one transaction with its event;
  (d) the catalogue load alone.
and prints p50/p99 and (b)/(a), (c)/(a).

    .venv/bin/python bench/admin.py [--waiting 2000] [--rounds 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_config, load_bench_settings, machine, summary_ms, table
from queue_server.boot import open_hall
from queue_server.services import admin_catalogue, tickets
from tests.conftest import ADMIN, KIOSK


def grow(hall, services: int = 40, counters: int = 60) -> None:
    """Long-named services and counters up to the sizes the admin pages are shown with."""
    catalog = hall.current_catalog()
    letters = (a + b for a in "ABCDEFGHJKLMNPQRSTUVWXYZ" for b in "ABCDEFGHJKLMNPQRSTUVWXYZ")
    used = {s.prefix for s in catalog.services.values()}
    for n in range(len(catalog.services), services):
        prefix = next(p for p in letters if p not in used)
        admin_catalogue.create(hall, ADMIN, "service", {
            "id": f"layanan-{n}", "agency_id": "dpmptsp", "prefix": prefix,
            "name": f"Perizinan Berusaha Berbasis Risiko Sektor {n}", "service_minutes": 9})
    ids = list(hall.current_catalog().services)
    for n in range(len(catalog.counters), counters):
        admin_catalogue.create(hall, ADMIN, "counter", {
            "id": f"loket-x{n}", "number": 100 + n, "agency_id": "dpmptsp",
            "services": {ids[n % len(ids)]: 1, ids[(n * 7) % len(ids)]: 2}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--waiting", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-admin-") as tmp:
        folder = Path(tmp)
        settings = load_bench_settings(bench_config(folder))
        hall = open_hall(settings, folder / "data")
        grow(hall)
        ids = [s for s in hall.current_catalog().services]
        for n in range(args.waiting):
            tickets.issue_ticket(hall, KIOSK, ids[n % len(ids)])
        cached, after_change, change, load = [], [], [], []
        for n in range(args.rounds):
            service = ids[n % len(ids)]
            start = time.perf_counter()
            tickets.issue_ticket(hall, KIOSK, service)
            cached.append(time.perf_counter() - start)
            start = time.perf_counter()
            admin_catalogue.update(hall, ADMIN, "service", "ktp-el",
                                   {"daily_quota": 1000 + n})
            change.append(time.perf_counter() - start)
            start = time.perf_counter()
            tickets.issue_ticket(hall, KIOSK, service)
            after_change.append(time.perf_counter() - start)
            with hall.store.read() as tx:
                start = time.perf_counter()
                tx.catalog.load()
                load.append(time.perf_counter() - start)
        hall.store.close()
    rows = []
    base = summary_ms(cached)["p50"]
    for name, values in (("(a) issue, catalogue cached", cached),
                         ("(b) issue, first after a change", after_change),
                         ("(c) admin change (PATCH service)", change),
                         ("(d) catalogue load", load)):
        s = summary_ms(values)
        rows.append((name, f"{s['p50']:.2f}", f"{s['p99']:.2f}", f"{s['p50'] / base:.2f}"))
    print(machine())
    print(f"hall: 40 services, 60 counters, {args.waiting} waiting; {args.rounds} rounds")
    print(table(("measure", "p50 ms", "p99 ms", "p50 / (a)"), rows))


if __name__ == "__main__":
    main()
