"""Benchmark: calling the next citizen with a long queue and a long history.

Builds a hall on a fresh SQLite file (in a temp data folder, config.toml copy without daily
quotas) holding
  * H finished tickets of earlier days (`--history`, default 100,000), inserted with plain
    SQL (sqlite-utils `insert_all`) with their issued/called/finished events, so indexes
    have something to skip;
  * W waiting tickets of today (`--waiting`, default 10,000) over the first 20 services,
    issued through the real use case (`tickets.issue_ticket`), every 10th a priority one;
then measures the latency of the `call_next` use case called directly (no HTTP), rotating
over the counters that serve those services, and the same over HTTP
(POST /api/v1/counters/{id}/call-next with an admin token) against a live server on that
data folder, for each async mode.

    .venv/bin/python bench/call_next.py [--history 100000] [--waiting 10000]
                                        [--calls 2000] [--http-calls 500]
                                        [--async-mode threading|gevent|both] [--profile]
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.common import (
    MODES,
    LeanClient,
    admin_token,
    bench_config,
    load_bench_settings,
    machine,
    summary_ms,
    table,
    verdict,
    warm_voice,
)
from tests.live_server import LiveServer

TARGET_P99_MS = 10.0
SERVICES = 20


# ---------------------------------------------------------------- building the hall


def history_rows(settings, days_back_from: date, count: int, per_day: int = 1000):
    """`count` finished tickets of the days before `days_back_from`, `per_day` a day, with
    their issued/called/finished events. Ids are given so events can point at them."""
    from queue_server.store.rows import to_db_time

    services = [(s.agency_id, s) for s in settings.services]
    counters_of = {s.id: [c.id for c in settings.counters if s.id in c.service_weights]
                   for _, s in services}
    zone = settings.site.zone
    tickets: list[dict] = []
    events: list[dict] = []
    ticket_id = 0
    day_index = 0
    while ticket_id < count:
        day_index += 1
        day = days_back_from - timedelta(days=day_index)
        opening = datetime(day.year, day.month, day.day, 8, 0, tzinfo=zone).astimezone(UTC)
        numbers: dict[str, int] = {}
        for i in range(min(per_day, count - ticket_id)):
            ticket_id += 1
            agency_id, service = services[i % len(services)]
            number = numbers[service.id] = numbers.get(service.id, 0) + 1
            code = f"{service.prefix}{number:03d}"
            priority = i % 10 == 0
            issued = opening + timedelta(seconds=25 * i)
            called = issued + timedelta(minutes=12)
            started = called + timedelta(minutes=1)
            finished = started + timedelta(minutes=service.avg_service_minutes)
            choices = counters_of[service.id] or [settings.counters[0].id]
            counter_id = choices[number % len(choices)]
            tickets.append({
                "id": ticket_id, "code": code, "number": number, "day": day.isoformat(),
                "service_id": service.id, "agency_id": agency_id, "status": "done",
                "priority": int(priority), "priority_kind": "lansia" if priority else None,
                "language": "id", "issued_at": to_db_time(issued),
                "called_at": to_db_time(called), "started_at": to_db_time(started),
                "finished_at": to_db_time(finished), "counter_id": counter_id,
                "target_counter_id": None, "transferred_from": None, "call_count": 1,
                "track_token": secrets.token_urlsafe(16), "issued_by": "bench-history",
            })
            for type_, at, where, data in (
                ("issued", issued, None, {"code": code, "priority": priority,
                                          "priority_kind": None, "language": "id"}),
                ("called", called, counter_id, {"code": code, "priority": priority}),
                ("finished", finished, counter_id, {"code": code}),
            ):
                events.append({"type": type_, "at": to_db_time(at), "ticket_id": ticket_id,
                               "counter_id": where, "service_id": service.id,
                               "actor": "bench-history",
                               "data": json.dumps(data, separators=(",", ":"))})
    return tickets, events


def build_hall(data_dir: Path, config: Path, history: int, waiting: int):
    """The hall of the benchmark, its store left open. Returns (hall, services, counters)."""
    from queue_server.domain.access import Principal
    from queue_server.domain.models import DeviceKind
    from queue_server.services.hall import Hall
    from queue_server.services.seeding import seed_catalog
    from queue_server.services.tickets import issue_ticket
    from queue_server.store import open_store

    settings = load_bench_settings(config)
    store = open_store(data_dir / "loket.db")  # the file `serve --data-dir` opens
    seed_catalog(store, settings)
    # the server's own clock; demo=True only so opening hours never refuse a ticket
    store.checkpoint_in_background()  # as `serve` does
    hall = Hall(store, settings, demo=True)
    today = date.fromisoformat(hall.today())

    if history:
        t0 = time.perf_counter()
        tickets, events = history_rows(settings, today, history)
        with store.database() as db:
            db.execute("BEGIN IMMEDIATE")
            db["tickets"].insert_all(tickets, batch_size=2000)
            db["events"].insert_all(events, batch_size=2000)
            db.execute("COMMIT")
        print(f"  history: {len(tickets):,} done tickets over {tickets[-1]['day']}.."
              f"{tickets[0]['day']} and {len(events):,} events inserted in "
              f"{time.perf_counter() - t0:.1f} s")

    served = {s for c in settings.counters for s in c.service_weights}
    services = [s.id for s in settings.services if s.id in served]
    services = services[:SERVICES]
    counters = [c.id for c in settings.counters if set(c.service_weights) & set(services)]
    kiosk = Principal(kind="device", name="bench-kiosk", device_kind=DeviceKind.KIOSK)
    t0 = time.perf_counter()
    for i in range(waiting):
        issue_ticket(hall, kiosk, services[i % len(services)], priority=i % 10 == 9)
    took = time.perf_counter() - t0
    print(f"  waiting: {waiting:,} tickets over {len(services)} services issued through the "
          f"use case in {took:.1f} s ({waiting / took:.0f} tickets/s while the queue grew)")
    return hall, services, counters


def query_plans(hall, services: list[str], counter_id: str) -> list[str]:
    """EXPLAIN QUERY PLAN of the statements call_next runs, to show which index each uses."""
    day = hall.today()
    since = "2000-01-01T00:00:00.000000+00:00"
    statements = {
        "waiting head": (
            "SELECT id FROM tickets WHERE status = 'waiting' AND target_counter_id IS NULL "
            "AND service_id = ? AND day = ? AND priority = ? ORDER BY issued_at, id LIMIT 1",
            (services[0], day, 0)),
        "transferred here": (
            "SELECT id FROM tickets WHERE status = 'waiting' AND target_counter_id = ? "
            "AND day = ? ORDER BY issued_at, id", (counter_id, day)),
        "at counter": (
            "SELECT id FROM tickets WHERE counter_id = ? AND status IN ('called', 'serving') "
            "ORDER BY called_at", (counter_id,)),
        "recent calls": (
            "SELECT json_extract(data, '$.priority') FROM events WHERE counter_id = ? "
            "AND type = 'called' ORDER BY id DESC LIMIT ?", (counter_id, 4)),
        "waiting counts": (
            "SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' AND day = ? "
            "GROUP BY service_id", (day,)),
        "service minutes": (
            "SELECT finished_at FROM tickets WHERE status = 'done' AND service_id = ? "
            "AND finished_at >= ? AND started_at IS NOT NULL ORDER BY finished_at DESC "
            "LIMIT 20", (services[0], since)),
    }
    out = []
    with hall.store.read() as session:
        for name, (sql, params) in statements.items():
            plan = session.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            out.append(f"{name:<17} " + " | ".join(r[3] for r in plan))
    return out


# ---------------------------------------------------------------- measuring


def direct_calls(hall, counters: list[str], calls: int, profile: bool) -> list[float]:
    from queue_server.domain.access import Principal
    from queue_server.domain.models import Role
    from queue_server.services.tickets import call_next

    admin = Principal(kind="user", name="bench-admin", role=Role.ADMIN)
    for i in range(20):  # warm-up: catalog cache, connection pool, page cache
        call_next(hall, admin, counters[i % len(counters)])
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    latencies = []
    for i in range(calls):
        t0 = time.perf_counter()
        outcome = call_next(hall, admin, counters[i % len(counters)])
        latencies.append(time.perf_counter() - t0)
        if outcome.ticket is None:
            raise RuntimeError(f"{counters[i % len(counters)]} found nobody waiting")
    if profiler is not None:
        import pstats

        profiler.disable()
        print("\n  cProfile of the direct call_next loop (top 25 by cumulative time):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return latencies


def http_calls(mode: str, folder: Path, data_dir: Path, counters: list[str],
               calls: int) -> list[float]:
    config = bench_config(folder, mode)
    token = admin_token(config, data_dir, name=f"bench-admin-{mode}")
    warm_voice(config, data_dir)
    with LiveServer(data_dir, config) as server, \
            LeanClient(server.url, {"Authorization": f"Bearer {token}"}) as s:

        def one(counter_id: str) -> float:
            t0 = time.perf_counter()
            status, body = s.request("POST", f"/api/v1/counters/{counter_id}/call-next")
            took = time.perf_counter() - t0
            if status != 200 or not json.loads(body).get("ticket"):
                raise RuntimeError(f"call-next {counter_id} -> {status}: {body[:300]!r}")
            return took

        for i in range(20):
            one(counters[i % len(counters)])
        return [one(counters[i % len(counters)]) for i in range(calls)]


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=int, default=100_000,
                        help="finished tickets of earlier days (100000; 0 for none)")
    parser.add_argument("--waiting", type=int, default=10_000,
                        help="waiting tickets of today (10000)")
    parser.add_argument("--calls", type=int, default=2000, help="direct call_next calls (2000)")
    parser.add_argument("--http-calls", type=int, default=500,
                        help="call-next requests per async mode (500; 0 skips HTTP)")
    parser.add_argument("--async-mode", choices=[*MODES, "both"], default="both")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of the direct call_next loop")
    args = parser.parse_args(argv)
    modes = list(MODES) if args.async_mode == "both" else [args.async_mode]
    needed = 40 + args.calls + (args.http_calls + 20) * len(modes)
    if args.waiting < needed * 1.2:
        parser.error(f"--waiting {args.waiting} is too few for the calls asked "
                     f"(at least {int(needed * 1.2)})")

    print(f"call_next benchmark · {machine()}")
    with tempfile.TemporaryDirectory(prefix="loket-bench-call-next-") as tmp:
        folder = Path(tmp)
        data_dir = folder / "data"
        print("building the hall …", flush=True)
        hall, services, counters = build_hall(data_dir, bench_config(folder, "threading"),
                                              args.history, args.waiting)
        day = hall.today()
        print(f"  rotating over {len(counters)} counters: {counters[0]} .. {counters[-1]}")
        print("\nquery plans (no ANALYZE, as in production):")
        for line in query_plans(hall, services, counters[0]):
            print(f"  {line}")

        try:
            direct = summary_ms(direct_calls(hall, counters, args.calls, args.profile))
        finally:
            hall.store.close()
        rows = [["direct (no HTTP)", direct["n"], direct["p50"], direct["p99"], direct["max"],
                 verdict(direct["p99"] <= TARGET_P99_MS)]]
        print(f"\ndirect call_next: p50 {direct['p50']:.2f} ms, p99 {direct['p99']:.2f} ms "
              f"[target ≤ {TARGET_P99_MS:g}: {verdict(direct['p99'] <= TARGET_P99_MS)}], "
              f"max {direct['max']:.2f} ms", flush=True)

        if args.http_calls:
            for mode in modes:
                r = summary_ms(http_calls(mode, folder, data_dir, counters, args.http_calls))
                rows.append([f"HTTP, {mode}", r["n"], r["p50"], r["p99"], r["max"],
                             verdict(r["p99"] <= TARGET_P99_MS)])
                print(f"HTTP call-next [{mode}]: p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms "
                      f"[target ≤ {TARGET_P99_MS:g}: {verdict(r['p99'] <= TARGET_P99_MS)}], "
                      f"max {r['max']:.2f} ms", flush=True)
        if hall.today() != day:
            print("WARNING: the local day changed during the run; the numbers after it are "
                  "of an empty queue")

    print(f"\nsummary: {args.waiting:,} waiting, {args.history:,} history tickets (ms)")
    print(table(["path", "calls", "p50", "p99", "max", f"p99 ≤ {TARGET_P99_MS:g}"], rows))


if __name__ == "__main__":
    main()
