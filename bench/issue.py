"""Benchmark: issuing tickets (POST /api/v1/tickets) against a real server.

For each async mode it starts `queue-server serve` on a fresh temp data folder with a temp
copy of config.toml (async_mode set, open at any hour, daily quotas and printers removed),
creates a kiosk token with the CLI, then measures
  (a) latency with 1 client (keep-alive http.client connection), after a warm-up;
  (b) throughput with C concurrent clients (threads, one Session each) for S seconds;
and, once per run, without HTTP:
  (c) the raw rate of the same use case, `tickets.issue_ticket`, called in a loop on a Hall
      over its own fresh SQLite file, single thread, same warm-up and number of tickets;
      and, after each HTTP run, over as many tickets as (b) issued with as many already
      waiting as (b) started with: the denominator of (b)'s ratio (an issue costs more as
      the queue grows, up to the forecast's MAX_CALLS).
Each HTTP run is repeated for every commit mode asked (store/commit.py, LOKET_COMMIT):
`loop` is the old path (the FULL commit on the event loop), the baseline of the same run.

    .venv/bin/python bench/issue.py [--async-mode threading|gevent|both]
                                    [--commit loop,threadpool,group]
                                    [--requests 2000] [--seconds 10] [--clients 16]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    MODES,
    LeanClient,
    bench_config,
    kiosk_token,
    load_bench_settings,
    machine,
    summary_ms,
    table,
    verdict,
    warm_voice,
)
from tests.live_server import LiveServer

TARGET_P50_MS = 1.5
TARGET_P99_MS = 5.0
TARGET_RATIO = 0.70
COMMIT_ENV = "LOKET_COMMIT"


def uptime() -> str:
    """The load averages, printed with each result: the cores are shared."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "uptime: n/a"


def served_services(settings) -> list[str]:
    """Every service some counter serves, in config order (tickets are spread over them)."""
    served = {s for c in settings.counters for s in c.service_weights}
    return [s.id for s in settings.services if s.id in served]


# ---------------------------------------------------------------- (c) raw use case


def raw_rate(config: Path, folder: Path, warmup: int, count: int,
             commit: str = "loop", name: str = "") -> dict[str, float]:
    """Tickets per second of `count` timed calls after `warmup` untimed ones on a new
    file: the cost of an issue grows with the queue (the forecast plays up to MAX_CALLS
    calls ahead), so a rate is only comparable with HTTP at the same number waiting."""
    from queue_server.domain.access import Principal
    from queue_server.domain.models import DeviceKind
    from queue_server.services.hall import Hall
    from queue_server.services.seeding import seed_catalog
    from queue_server.services.tickets import issue_ticket
    from queue_server.store import open_store

    settings = load_bench_settings(config)
    services = served_services(settings)
    os.environ[COMMIT_ENV] = commit  # read when the store opens
    try:
        store = open_store(folder / f"raw-{commit}{name}.db")
    finally:
        del os.environ[COMMIT_ENV]
    try:
        seed_catalog(store, settings)
        # the server's own setup: system clock, demo=True so hours never close a service
        store.checkpoint_in_background()  # as `serve` does
        hall = Hall(store, settings, demo=True)
        kiosk = Principal(kind="device", name="bench-kiosk", device_kind=DeviceKind.KIOSK)
        for i in range(warmup):
            issue_ticket(hall, kiosk, services[i % len(services)])
        latencies = []
        started = time.perf_counter()
        for i in range(count):
            t0 = time.perf_counter()
            issue_ticket(hall, kiosk, services[(warmup + i) % len(services)])
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
    finally:
        store.close()
    return {"rate": count / elapsed, **summary_ms(latencies)}


# ---------------------------------------------------------------- (a), (b) over HTTP


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its reaped children, from /proc (Linux)."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(f) for f in fields[11:13]) / os.sysconf("SC_CLK_TCK")


def issue_once(client: LeanClient, path: str, service_id: str) -> float:
    body = json.dumps({"service_id": service_id}).encode()
    t0 = time.perf_counter()
    status, answer = client.request("POST", path, body)
    took = time.perf_counter() - t0
    if status != 201:
        raise RuntimeError(f"POST /api/v1/tickets -> {status}: {answer[:300]!r}")
    return took


def http_run(mode: str, commit: str, folder: Path,
             args: argparse.Namespace) -> dict[str, object]:
    config = bench_config(folder, mode)
    services = served_services(load_bench_settings(config))
    data_dir = folder / f"data-{mode}-{commit}"
    token = kiosk_token(config, data_dir)
    warm_voice(config, data_dir)
    headers = {"Authorization": f"Bearer {token}"}
    with LiveServer(data_dir, config, env={COMMIT_ENV: commit}) as server:
        url = "/api/v1/tickets"

        # (a) one client, keep-alive
        with LeanClient(server.url, headers) as s:
            for i in range(args.warmup):
                issue_once(s, url, services[i % len(services)])
            one = [issue_once(s, url, services[i % len(services)])
                   for i in range(args.requests)]
            # the floor of this server and client: a GET doing one read transaction
            floor = []
            for _ in range(min(args.requests, 500)):
                t0 = time.perf_counter()
                status, _ = s.request("GET", "/api/v1/health")
                floor.append(time.perf_counter() - t0)
                if status != 200:
                    raise RuntimeError(f"GET /api/v1/health -> {status}")

        # (b) C clients, each its own Session, for S seconds
        barrier = threading.Barrier(args.clients + 1)
        stop_at = [0.0]
        per_client: list[list[float]] = [[] for _ in range(args.clients)]
        errors: list[str] = []

        def client(n: int) -> None:
            with LeanClient(server.url, headers) as s:
                issue_once(s, url, services[n % len(services)])  # open the connection
                barrier.wait()
                i = n
                while time.perf_counter() < stop_at[0]:
                    i += 1
                    try:
                        per_client[n].append(issue_once(s, url, services[i % len(services)]))
                    except Exception as exc:
                        errors.append(str(exc))
                        if len(errors) > 50:
                            return

        threads = [threading.Thread(target=client, args=(n,), daemon=True)
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        server_cpu0, client_cpu0 = cpu_seconds(server.pid() or 0), time.process_time()
        stop_at[0] = time.perf_counter() + args.seconds + 0.001
        barrier.wait()
        started = time.perf_counter()
        # what every other client of the loop (a TV's poll, a socket) meets meanwhile: a
        # read every 10 ms, held up while the loop waits on a commit's fsync
        probes: list[float] = []

        def probe() -> None:
            with LeanClient(server.url, headers) as s:
                while time.perf_counter() < stop_at[0]:
                    t0 = time.perf_counter()
                    s.request("GET", "/api/v1/health")
                    probes.append(time.perf_counter() - t0)
                    time.sleep(0.01)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        prober.join()
        server_cpu = cpu_seconds(server.pid() or 0) - server_cpu0
        client_cpu = time.process_time() - client_cpu0
        loaded = [x for xs in per_client for x in xs]
    return {
        "mode": mode, "commit": commit, "uptime": uptime(), "one": summary_ms(one),
        "floor": summary_ms(floor),
        "loaded": summary_ms(loaded), "probe": summary_ms(probes),
        "throughput": len(loaded) / elapsed, "issued": len(loaded), "errors": errors,
        "server_cpu": server_cpu / elapsed, "client_cpu": client_cpu / elapsed,
    }


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--async-mode", choices=[*MODES, "both"], default="both")
    parser.add_argument("--requests", type=int, default=2000,
                        help="timed requests of the 1-client run and raw tickets (2000)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed requests first (200)")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="length of the concurrent run (10)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument("--commit", default="loop,threadpool,group",
                        help="commit modes to run, comma-separated; loop = the old path "
                             "(loop,threadpool,group)")
    args = parser.parse_args(argv)
    modes = list(MODES) if args.async_mode == "both" else [args.async_mode]
    commits = [c.strip() for c in args.commit.split(",") if c.strip()]

    print(f"issue benchmark · {machine()}")
    print(f"  warm-up {args.warmup}, {args.requests} timed requests with 1 client, "
          f"{args.clients} clients for {args.seconds:g} s")
    with tempfile.TemporaryDirectory(prefix="loket-bench-issue-") as tmp:
        folder = Path(tmp)
        # the denominator of every ratio: the use case as it was, FULL commit, 1 thread
        raw = raw_rate(bench_config(folder, "threading"), folder, args.warmup, args.requests)
        print(f"\n(c) raw use case, no HTTP, 1 thread, commit loop: {raw['rate']:.0f} "
              f"tickets/s (per call p50 {raw['p50']:.2f} ms, p99 {raw['p99']:.2f} ms, "
              f"max {raw['max']:.2f} ms)  · {uptime()}")
        for commit in commits:
            if commit == "loop":
                continue
            other = raw_rate(bench_config(folder, "threading"), folder, args.warmup,
                             args.requests, commit)
            print(f"    raw, commit {commit}: {other['rate']:.0f} tickets/s "
                  f"(p50 {other['p50']:.2f} ms, p99 {other['p99']:.2f} ms)")
        results = []
        for mode, commit in [(m, c) for m in modes for c in commits]:
            print(f"\n[{mode}, commit {commit}] starting server …", flush=True)
            r = http_run(mode, commit, folder, args)
            # the same use case with as many waiting as (b) had: its start ((a)'s tickets,
            # one per client opening its connection) untimed, then as many as (b) issued
            r["raw_b"] = raw_rate(bench_config(folder, "threading"), folder,
                                  args.warmup + args.requests + args.clients,
                                  max(r["issued"], 1), name=f"-{mode}-{commit}")["rate"]
            results.append(r)
            one, loaded = r["one"], r["loaded"]
            ratio = r["throughput"] / r["raw_b"]
            print(f"  (a) 1 client : p50 {one['p50']:.2f} ms "
                  f"[target ≤ {TARGET_P50_MS:g}: {verdict(one['p50'] <= TARGET_P50_MS)}], "
                  f"p99 {one['p99']:.2f} ms "
                  f"[target ≤ {TARGET_P99_MS:g}: {verdict(one['p99'] <= TARGET_P99_MS)}], "
                  f"max {one['max']:.2f} ms")
            floor = r["floor"]
            print(f"      floor  : GET /api/v1/health, same client: p50 {floor['p50']:.2f} ms, "
                  f"p99 {floor['p99']:.2f} ms")
            print(f"  (b) {args.clients} clients: {r['throughput']:.0f} tickets/s "
                  f"= {ratio:.0%} of raw at the same queue ({r['raw_b']:.0f} tickets/s over "
                  f"tickets {args.warmup + args.requests + args.clients + 1}–"
                  f"{args.warmup + args.requests + args.clients + r['issued']}; "
                  f"{r['throughput'] / raw['rate']:.0%} of (c)'s rate at 0–"
                  f"{args.warmup + args.requests}) "
                  f"[target ≥ {TARGET_RATIO:.0%}: {verdict(ratio >= TARGET_RATIO)}]; "
                  f"latency p50 {loaded['p50']:.2f} ms, p99 {loaded['p99']:.2f} ms, "
                  f"max {loaded['max']:.2f} ms; {len(r['errors'])} errors; "
                  f"CPU server {r['server_cpu']:.0%} client {r['client_cpu']:.0%}")
            probe = r["probe"]
            print(f"      a read beside them (GET /api/v1/health every 10 ms): "
                  f"p50 {probe['p50']:.2f} ms, p99 {probe['p99']:.2f} ms, "
                  f"max {probe['max']:.2f} ms")
            if r["errors"]:
                print(f"      first error: {r['errors'][0]}")
            print(f"      {r['uptime']}")

    print("\nsummary (ms; throughput in tickets/s)")
    rows = []
    for r in results:
        one, loaded = r["one"], r["loaded"]
        ratio = r["throughput"] / r["raw_b"]
        rows.append([
            f"{r['mode']}/{r['commit']}", one["p50"], one["p99"], one["max"],
            r["floor"]["p50"], r["throughput"],
            loaded["p50"], loaded["p99"], r["probe"]["p99"], f"{r['raw_b']:.0f}", f"{ratio:.0%}",
            " ".join([verdict(one["p50"] <= TARGET_P50_MS), verdict(one["p99"] <= TARGET_P99_MS),
                      verdict(ratio >= TARGET_RATIO)]),
        ])
    print(table(["mode/commit", "p50", "p99", "max", "health p50", f"thr x{args.clients}",
                 "p50 load", "p99 load", "read p99", "raw(b)/s", "http/raw", "p50/p99/ratio"],
                rows))
    print(f"targets: p50 ≤ {TARGET_P50_MS:g} ms, p99 ≤ {TARGET_P99_MS:g} ms, "
          f"throughput ≥ {TARGET_RATIO:.0%} of raw (raw(b): the raw use case at the queue "
          f"(b) ran on)")


if __name__ == "__main__":
    main()
