"""Benchmark: the reports over a busy month.

Builds a hall on a fresh SQLite file (config.toml copy, open at any hour, no quotas) holding
D past days of T tickets each (`--days`, default 30; `--tickets`, default 5,000: 150,000
tickets), inserted with plain SQL (sqlite-utils `insert_all`) with the events of their lives
— issued, called, started, finished; every 12th skipped (no-show), every 25th cancelled
while waiting, every 20th transferred to another service and served there (two legs) —
because `queue-server simulate` runs the real use cases and is far too slow for 150k. Then
times, with the use cases called directly (no HTTP):
  (a) the daily report of one day (T tickets)                     target <= 200 ms
  (b) the summary of the whole period by service                 target <= 2 s
  (c) the same summary written as XLSX (computing included)      target <= 3 s
and prints `EXPLAIN QUERY PLAN` of the two queries every report runs.

    .venv/bin/python bench/reports.py [--days 30] [--tickets 5000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_config, load_bench_settings, machine, table, verdict
from queue_server.boot import open_hall
from queue_server.services import report_files, reports
from queue_server.store.rows import to_db_time
from tests.conftest import ADMIN

TARGETS_MS = {"daily": 200, "month": 2000, "xlsx": 3000}


def day_rows(settings, day: date, count: int, first_id: int, counters_of: dict[str, list[str]]
             ) -> tuple[list[dict], list[dict]]:
    """`count` tickets of one local day from 08:00 with their events; ids from `first_id`."""
    services = [s for s in settings.services if counters_of.get(s.id)]
    opening = datetime(day.year, day.month, day.day, 8, 0, tzinfo=settings.site.zone)
    opening = opening.astimezone(UTC)
    numbers: dict[str, int] = {}
    tickets: list[dict] = []
    events: list[dict] = []
    for i in range(count):
        ticket_id = first_id + i
        service = services[i % len(services)]
        number = numbers[service.id] = numbers.get(service.id, 0) + 1
        code = f"{service.prefix}{number:03d}"
        priority = i % 10 == 0
        issued = opening + timedelta(seconds=(7 * 3600) * i / count)
        counters = counters_of[service.id]
        counter_id = counters[number % len(counters)]
        officer = f"user:petugas-{counter_id}"
        status, now_service, moves = "done", service.id, []
        called = issued + timedelta(minutes=5 + (i * 7919) % 55)
        if i % 25 == 0:
            status, moves = "cancelled", [("cancelled", issued + timedelta(minutes=20), None,
                                           {})]
        else:
            moves.append(("called", called, counter_id, {"priority": priority}))
            if i % 12 == 0:
                status = "no_show"
                moves.append(("skipped", called + timedelta(minutes=3), counter_id, {}))
            else:
                started = called + timedelta(minutes=1)
                moves.append(("started", started, counter_id, {}))
                if i % 20 == 0:
                    target = services[(i + 1) % len(services)]
                    moved = started + timedelta(minutes=3)
                    moves.append(("transferred", moved, counter_id,
                                  {"from_service": service.id, "to_service": target.id}))
                    now_service = target.id
                    counter_id = counters_of[target.id][0]
                    called = moved + timedelta(minutes=10)
                    started = called + timedelta(minutes=1)
                    moves += [("called", called, counter_id, {"priority": priority}),
                              ("started", started, counter_id, {})]
                finished = started + timedelta(minutes=2 + (i * 104729) % 15)
                moves.append(("finished", finished, counter_id, {}))
        agency_of = {s.id: s.agency_id for s in settings.services}
        last_at = moves[-1][1]
        tickets.append({
            "id": ticket_id, "code": code, "number": number, "day": day.isoformat(),
            "service_id": now_service, "agency_id": agency_of[now_service], "status": status,
            "priority": int(priority), "priority_kind": "lansia" if priority else None,
            "language": "id", "issued_at": to_db_time(issued),
            "called_at": to_db_time(called) if status != "cancelled" else None,
            "finished_at": to_db_time(last_at) if status != "no_show" else None,
            "counter_id": counter_id if status != "cancelled" else None,
            "transferred_from": service.id if now_service != service.id else None,
            "call_count": 0 if status == "cancelled" else 1,
            "track_token": secrets.token_urlsafe(12), "issued_by": "device:bench-kiosk",
        })
        where = service.id
        for type_, at, counter, data in [("issued", issued, None, {}), *moves]:
            events.append({"type": type_, "at": to_db_time(at), "ticket_id": ticket_id,
                           "counter_id": counter, "service_id": where,
                           "actor": "device:bench-kiosk" if type_ == "issued" else officer,
                           "data": json.dumps({"code": code, **data}, separators=(",", ":"))})
            if type_ == "transferred":
                where = data["to_service"]
    return tickets, events


def build(hall, settings, days: int, per_day: int) -> tuple[date, date]:
    counters_of = {s.id: [c.id for c in settings.counters if s.id in c.service_weights]
                   for s in settings.services}
    today = date.fromisoformat(hall.today())
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    start = time.perf_counter()
    total_events = 0
    with hall.store.database() as db:
        db.execute("BEGIN IMMEDIATE")
        for n in range(days):
            tickets, events = day_rows(settings, first + timedelta(days=n), per_day,
                                       1 + n * per_day, counters_of)
            db["tickets"].insert_all(tickets, batch_size=2000)
            db["events"].insert_all(events, batch_size=2000)
            total_events += len(events)
        db.execute("COMMIT")
    print(f"history: {days * per_day:,} tickets, {total_events:,} events over {first}..{last}"
          f" inserted in {time.perf_counter() - start:.1f} s")
    return first, last


def timed(rounds: int, works: dict[str, object]) -> dict[str, tuple[float, float, object]]:
    """(best, median) milliseconds and the last result of each work. Rounds interleave
    the works, so a noisy neighbour on the machine slows each of them alike."""
    taken: dict[str, list[float]] = {name: [] for name in works}
    results: dict[str, object] = {}
    for _ in range(rounds):
        for name, work in works.items():
            start = time.perf_counter()
            results[name] = work()  # type: ignore[operator]
            taken[name].append((time.perf_counter() - start) * 1000)
    return {name: (min(t), statistics.median(t), results[name]) for name, t in taken.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--tickets", type=int, default=5000, help="tickets per day")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loket-bench-reports-") as tmp:
        folder = Path(tmp)
        settings = load_bench_settings(bench_config(folder))
        hall = open_hall(settings, folder / "data")
        first, last = build(hall, settings, args.days, args.tickets)
        with hall.store.read() as tx:
            plans = tx.reports.plans(first.isoformat(), last.isoformat())
        print("\nEXPLAIN QUERY PLAN")
        for name, step in plans:
            print(f"  {name:8} {step}")
        day = last.isoformat()
        period = {"from_": first.isoformat(), "to": last.isoformat(), "by": "service"}
        found = timed(args.rounds, {
            "daily": lambda: reports.daily(hall, ADMIN, day=day),
            "month": lambda: reports.summary(hall, ADMIN, **period),
            "xlsx": lambda: report_files.summary_file(
                reports.summary(hall, ADMIN, **period), "xlsx"),
            "by_day": lambda: report_files.summary_file(
                reports.summary(hall, ADMIN, **{**period, "by": "day"}), "xlsx"),
        })
        daily, month, xlsx, by_day = (found[k] for k in ("daily", "month", "xlsx", "by_day"))
        hall.store.close()
    total = month[2].total  # type: ignore[attr-defined]
    print(f"\n{machine()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"month: issued {total.issued:,}, served {total.served:,}, no-show "
          f"{total.no_show:,}, cancelled {total.cancelled:,}, transferred "
          f"{total.transferred_out:,}; wait p50 {total.wait.p50} p90 {total.wait.p90} min")
    rows = [
        (f"(a) daily report, {args.tickets:,} tickets", daily, TARGETS_MS["daily"]),
        (f"(b) summary by service, {args.days * args.tickets:,} tickets", month,
         TARGETS_MS["month"]),
        ("(c) (b) as XLSX", xlsx, TARGETS_MS["xlsx"]),
        ("(c') summary by day as XLSX", by_day, TARGETS_MS["xlsx"]),
    ]
    print(table(("measure", "best ms", "median ms", "target ms", ""),
                [(name, f"{best:.0f}", f"{median:.0f}", target, verdict(median <= target))
                 for name, (best, median, _), target in rows]))


if __name__ == "__main__":
    main()
