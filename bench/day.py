"""Benchmark: a full MPP day through the HTTP API (issue 15).

`queue-server serve` on a fresh temp data folder, with config.toml's hall grown to 60
counters (the 22 of config.toml, then copies of them numbered 23..60, each with its
agency and services), open at any hour, no daily quota, no printer. Kiosk threads issue
T tickets (POST /api/v1/tickets, services weighted by how many counters serve them) while
one thread per counter, with an admin token, loops call-next → start → finish until the
kiosks are done and its queue is empty. Printed per commit mode (store/commit.py; `loop`
is the old path, the baseline of the same run): the day's wall time, requests/s, each
step's latency, the server's CPU share (utime+stime from /proc/<pid>/stat over the wall
time, in cores) and `uptime`.

    .venv/bin/python bench/day.py [--tickets 5000] [--counters 60] [--kiosks 4]
                                  [--async-mode gevent] [--commit loop,threadpool,group]
                                  [--processes 1]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    MODES,
    REDIS_URL,
    LeanClient,
    admin_token,
    bench_config,
    kiosk_token,
    load_bench_settings,
    machine,
    summary_ms,
    table,
    verdict,
    warm_voice,
)
from bench.issue import COMMIT_ENV, cpu_seconds, uptime
from tests.live_server import LiveServer

TARGET_SECONDS = 15.0
COUNTER_BLOCK = re.compile(r"\[\[counters\]\]\n(?:[^\n\[]+\n)+")


def day_config(folder: Path, mode: str, counters: int,
               message_queue: str | None = None) -> Path:
    """The bench config with `counters` counters: config.toml's own, then copies."""
    config = bench_config(folder, mode, message_queue=message_queue)
    text = config.read_text(encoding="utf-8")
    blocks = COUNTER_BLOCK.findall(text)
    if not blocks:
        raise RuntimeError("config.toml has no [[counters]] block to copy")
    extra = []
    for n in range(len(blocks) + 1, counters + 1):
        block = blocks[(n - 1) % len(blocks)]
        block = re.sub(r'^id = ".*"$', f'id = "loket-{n}"', block, flags=re.M)
        block = re.sub(r"^number = \d+$", f"number = {n}", block, flags=re.M)
        block = re.sub(r'^name = "(.*)"$', rf'name = "\1 {n}"', block, flags=re.M)
        extra.append(block)
    last = blocks[-1]
    text = text.replace(last, last + "\n" + "\n".join(extra), 1)
    config.write_text(text, encoding="utf-8")
    return config


def weighted_services(settings) -> list[str]:
    """A service id once per counter serving it: tickets go where the desks are."""
    return [s for c in settings.counters for s in c.service_weights]


class Day:
    """What the threads of one day share."""

    def __init__(self, tickets: int) -> None:
        self.tickets = tickets
        self.lock = threading.Lock()
        self.next_ticket = 0
        self.issuing_done = threading.Event()
        self.latency: dict[str, list[float]] = {
            "issue": [], "call-next": [], "start": [], "finish": []}
        self.finished = 0
        self.errors: list[str] = []

    def take(self) -> int | None:
        with self.lock:
            if self.next_ticket >= self.tickets:
                return None
            self.next_ticket += 1
            return self.next_ticket - 1

    def timed(self, client: LeanClient, step: str, method: str, path: str,
              body: bytes | None = None, expect: int = 200) -> dict | None:
        t0 = time.perf_counter()
        status, answer = client.request(method, path, body)
        took = time.perf_counter() - t0
        if status != expect:
            self.errors.append(f"{method} {path} -> {status}: {answer[:200]!r}")
            return None
        self.latency[step].append(took)
        return json.loads(answer)


def kiosk(day: Day, url: str, token: str, services: list[str]) -> None:
    with LeanClient(url, {"Authorization": f"Bearer {token}"}) as client:
        while (n := day.take()) is not None:
            body = json.dumps({"service_id": services[n * 7919 % len(services)]}).encode()
            day.timed(client, "issue", "POST", "/api/v1/tickets", body, expect=201)
            if len(day.errors) > 50:
                return


def counter(day: Day, url: str, token: str, counter_id: str) -> None:
    with LeanClient(url, {"Authorization": f"Bearer {token}"}) as client:
        while len(day.errors) <= 50:
            done_before = day.issuing_done.is_set()  # read first: no ticket can come after
            answer = day.timed(client, "call-next", "POST",
                               f"/api/v1/counters/{counter_id}/call-next")
            ticket = answer and answer.get("ticket")
            if not ticket:
                if done_before:
                    return
                time.sleep(0.2)  # nobody waiting yet: the officer looks up again
                continue
            day.timed(client, "start", "POST", f"/api/v1/tickets/{ticket['id']}/start")
            if day.timed(client, "finish", "POST",
                         f"/api/v1/tickets/{ticket['id']}/finish") is not None:
                with day.lock:
                    day.finished += 1


def run_day(mode: str, commit: str, folder: Path, args: argparse.Namespace) -> dict:
    config = day_config(folder, mode, args.counters,
                        message_queue=REDIS_URL if args.processes > 1 else None)
    settings = load_bench_settings(config)
    counter_ids = [c.id for c in settings.counters]
    services = weighted_services(settings)
    data_dir = folder / f"data-{mode}-{commit}"
    kiosk_tok = kiosk_token(config, data_dir)
    admin_tok = admin_token(config, data_dir)
    warm_voice(config, data_dir)
    day = Day(args.tickets)
    with contextlib.ExitStack() as stack:
        # several processes share the data folder and Redis (docs/architecture.md,
        # scale-out); the clients are dealt out over them as a proxy would
        servers = [stack.enter_context(LiveServer(data_dir, config, env={COMMIT_ENV: commit}))
                   for _ in range(args.processes)]

        def url(n: int) -> str:
            return servers[n % len(servers)].url

        def cpu() -> float:
            return sum(cpu_seconds(s.pid() or 0) for s in servers)

        kiosks = [threading.Thread(target=kiosk, args=(day, url(n), kiosk_tok, services),
                                   daemon=True) for n in range(args.kiosks)]
        desks = [threading.Thread(target=counter, args=(day, url(n), admin_tok, c),
                                  daemon=True) for n, c in enumerate(counter_ids)]
        cpu0, client0 = cpu(), time.process_time()
        started = time.perf_counter()
        for t in kiosks + desks:
            t.start()
        for t in kiosks:
            t.join()
        day.issuing_done.set()
        for t in desks:
            t.join()
        elapsed = time.perf_counter() - started
        server_cpu = cpu() - cpu0
        client_cpu = time.process_time() - client0
    requests = sum(len(v) for v in day.latency.values())
    return {"mode": mode, "commit": commit, "counters": len(counter_ids),
            "processes": args.processes,
            "seconds": elapsed, "requests": requests, "issued": len(day.latency["issue"]),
            "finished": day.finished, "server_cpu": server_cpu / elapsed,
            "client_cpu": client_cpu / elapsed,
            "latency": {k: summary_ms(v) for k, v in day.latency.items()},
            "errors": day.errors, "uptime": uptime()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=5000, help="tickets of the day (5000)")
    parser.add_argument("--counters", type=int, default=60, help="counters of the hall (60)")
    parser.add_argument("--kiosks", type=int, default=4, help="kiosk threads issuing (4)")
    parser.add_argument("--async-mode", choices=MODES, default="gevent")
    parser.add_argument("--commit", default="loop,threadpool,group",
                        help="commit modes to run, comma-separated; loop = the old path")
    parser.add_argument("--processes", type=int, default=1,
                        help="server processes on the one data folder, sharing Redis "
                             f"({REDIS_URL}) when more than 1 (1)")
    args = parser.parse_args(argv)
    commits = [c.strip() for c in args.commit.split(",") if c.strip()]

    print(f"day benchmark · {machine()}")
    print(f"  {args.tickets} tickets, {args.counters} counters, {args.kiosks} kiosks, "
          f"{args.async_mode}, {args.processes} server process(es); "
          f"issue + call-next + start + finish over HTTP")
    results = []
    with tempfile.TemporaryDirectory(prefix="loket-bench-day-") as tmp:
        for commit in commits:
            print(f"\n[{args.async_mode}, commit {commit}] starting server …", flush=True)
            r = run_day(args.async_mode, commit, Path(tmp), args)
            results.append(r)
            lat = r["latency"]
            print(f"  day in {r['seconds']:.1f} s [target ≤ {TARGET_SECONDS:g} s: "
                  f"{verdict(r['seconds'] <= TARGET_SECONDS)}]: {r['issued']} issued, "
                  f"{r['finished']} finished at {r['counters']} counters, "
                  f"{r['requests'] / r['seconds']:.0f} requests/s; "
                  f"server CPU {r['server_cpu']:.0%} of a core over {r['processes']} "
                  f"process(es) (client {r['client_cpu']:.0%}); "
                  f"{len(r['errors'])} errors")
            print("  " + ", ".join(f"{step} p50 {v['p50']:.1f} / p99 {v['p99']:.1f} ms"
                                   for step, v in lat.items()))
            if r["errors"]:
                print(f"  first error: {r['errors'][0]}")
            print(f"  {r['uptime']}")

    print("\nsummary")
    rows = [[f"{r['mode']}/{r['commit']}" + (f" ×{r['processes']}" if r["processes"] > 1 else ""),
             f"{r['seconds']:.1f}", r["issued"], r["finished"],
             f"{r['requests'] / r['seconds']:.0f}", f"{r['server_cpu']:.0%}",
             r["latency"]["issue"]["p50"], r["latency"]["call-next"]["p50"],
             r["latency"]["finish"]["p99"], verdict(r["seconds"] <= TARGET_SECONDS)]
            for r in results]
    print(table(["mode/commit", "seconds", "issued", "finished", "req/s", "server CPU",
                 "issue p50", "call p50", "finish p99", "≤ 15 s"], rows))


if __name__ == "__main__":
    main()
