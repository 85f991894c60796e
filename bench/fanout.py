"""Fan-out: how long until every TV, console and phone watching the hall hears of a call.

Watchers (real websockets speaking the Socket.IO protocol, Node.js `ws`) run in a separate
process; by default each is a TV joined to `display:all`. The main process calls tickets
over HTTP; each watcher records when `ticket.called` arrived. Both processes use
CLOCK_MONOTONIC, shared by every process on the machine, so delivery times are comparable.

Printed per N: p50/p99/max of single deliveries (call sent → one watcher has it) and of
"all received" (call sent → the last watcher has it), with the collector's pauses the
server logged meanwhile (web/heap_policy.py). Target: p99 ≤ 100 ms at 2,000 watchers on
one server process. `--mixed N`: 10 TVs, 60 consoles and N phones (in `service:skck`, hearing
each call's queue.order, or with `--phone-room ticket` each in its ticket's room), one line
each for TVs and phones (target TVs p99 ≤ 30 ms with 2,000 phones).
`--baseline` runs each case first on the path before issue 15 (LOKET_BENCH_BASELINE: the
heap policy off). `--soak-minutes M`: waves of TVs connect and leave for M minutes, the
server's RSS printed each minute. `--processes 2`: the `--watchers` cases on two server
processes sharing Redis (127.0.0.1:6379) as their message queue, the watchers split between
them and the calls sent to the first. `uptime` is printed with each case: the 2 cores are
shared.

    .venv/bin/python bench/fanout.py                       # 200, 1000, 2000; gevent
    .venv/bin/python bench/fanout.py --watchers 2000 --calls 60 --baseline --mixed 2000
    .venv/bin/python bench/fanout.py --watchers --soak-minutes 15
    .venv/bin/python bench/fanout.py --watchers 4000 --calls 60 --processes 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import machine, summary_ms, table  # noqa: E402
from bench.fanout_harness import (  # noqa: E402
    MIXED_CONSOLES,
    MIXED_TVS,
    OTHER_SERVICES,
    Bench,
    Watchers,
    gc_pauses,
    mixed_groups,
    pause_line,
    raise_fd_limit,
    rss_mb,
    tv_groups,
)
from bench.issue import cpu_seconds  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")  # config.toml's hall, MPP Lebong, keeps WIB
TARGET_P99_MS = 100.0
TARGET_TV_P99_MS = 30.0


def latencies(sent: list[float], got: dict[str, dict[int, list[float]]], group: str,
              expected: int) -> tuple[list[float], list[float], int]:
    """(every delivery, the last delivery of each call, deliveries missed) of a group.
    Event ids are not ticket numbers: the n-th call sent is the TVs' n-th event id (after
    the warm-up's)."""
    ids = sorted(got.get("tv", {}))[1:]
    single: list[float] = []
    all_in: list[float] = []
    missing = 0
    for t0, event_id in zip(sent, ids, strict=False):
        times = got.get(group, {}).get(event_id, [])
        single += [t - t0 for t in times]
        missing += expected - len(times)
        if times:
            all_in.append(max(times) - t0)
    missing += (len(sent) - len(ids)) * expected
    return single, all_in, missing


def merged(crowds: list[dict[str, dict[int, list[float]]]]) -> dict[str, dict[int, list[float]]]:
    out: dict[str, dict[int, list[float]]] = {}
    for got in crowds:
        for group, by_id in got.items():
            for event_id, times in by_id.items():
                out.setdefault(group, {}).setdefault(event_id, []).extend(times)
    return out


def run(mode: str, watchers: int, calls: int, folder: Path, baseline: bool,
        processes: int = 1) -> dict[str, Any]:
    """`processes` > 1: that many servers on Redis, each with its share of the watchers;
    the calls go to the first, so the others hear them only through the message queue."""
    tag = f"{mode}-{watchers}-{processes}p-{'old' if baseline else 'new'}"
    with Bench(mode, folder, tag, baseline, processes) as bench:
        bench.issue(calls + 1)
        shares = [watchers // processes + (i < watchers % processes)
                  for i in range(processes)]
        crowds = [Watchers(server.url, tv_groups(bench.token_display, share), folder,
                           f"{tag}-{i}")
                  for i, (server, share) in enumerate(zip(bench.servers, shares, strict=True))]
        bench.next_sweep()
        mark = bench.log_size()  # the pauses of the calls, not of the connect wave
        cpu0, started = _server_cpu(bench), time.monotonic()
        sent = bench.calls(calls)
        cpu, span = _server_cpu(bench) - cpu0, time.monotonic() - started
        bench.next_sweep()
        got = merged([crowd.stop() for crowd in crowds])
        pauses = gc_pauses(bench.server.log_path, mark)
    single, all_in, missing = latencies(sent, got, "tv", watchers)
    return {"mode": f"{mode}{' baseline' if baseline else ''}"
                    f"{f' ×{processes} on Redis' if processes > 1 else ''}",
            "watchers": watchers,
            "calls": len(all_in), "single": summary_ms(single), "all": summary_ms(all_in),
            "missing": missing, "pauses": pauses,
            # the unmeasured first call is one of them; the idle seconds between are counted
            "cpu_per_call_ms": 1000 * cpu / (len(sent) + 1), "cpu_share": cpu / span}


def _server_cpu(bench: Bench) -> float:
    """The servers' CPU seconds so far: a number the cores' noise moves less than a time."""
    return sum(cpu_seconds(server.pid() or 0) for server in bench.servers)


def orders_after(sent: list[float], got: dict[str, dict[int, list[float]]]) -> list[float]:
    """Each phone's first queue.order after each call (before the next call), from the
    call: how long until every phone of the service could place itself again."""
    times = sorted(t for by_id in got.get("phone:order", {}).values() for t in by_id)
    out: list[float] = []
    for i, t0 in enumerate(sent):
        end = sent[i + 1] if i + 1 < len(sent) else float("inf")
        out += [t - t0 for t in times if t0 <= t < end]
    return out


def run_mixed(mode: str, phones: int, calls: int, folder: Path, baseline: bool,
              phone_room: str = "service") -> dict[str, Any]:
    """10 TVs, 60 consoles and `phones` phones. In `ticket` rooms the first calls+1 tickets
    are called, so `calls` phones hear theirs (ticket.called); in the `service` room every
    phone hears each call's queue.order."""
    tag = f"{mode}-mixed-{phones}-{'old' if baseline else 'new'}"
    with Bench(mode, folder, tag, baseline) as bench:
        if phone_room == "ticket":
            tokens, others = bench.issue(max(phones, calls + 1)), []
        else:  # a hall's phones: ~1/23 of them follow the called service
            tokens = bench.issue(max(phones // (len(OTHER_SERVICES) + 1), calls + 1))
            others = [(service, token) for i in range(max(phones - len(tokens), 0))
                      for service in [OTHER_SERVICES[i % len(OTHER_SERVICES)]]
                      for token in bench.issue(1, service)]
        followers = tokens[:phones]
        groups = mixed_groups(bench.token_display, bench.token_admin, followers,
                              phone_room, others,
                              [bench.codes[t] for t in followers] if phone_room == "service"
                              else None)
        crowd = Watchers(bench.server.url, groups, folder, tag)
        bench.next_sweep()
        mark = bench.log_size()
        sent = bench.calls(calls)
        bench.next_sweep()
        got = crowd.stop()
        pauses = gc_pauses(bench.server.log_path, mark)
        placed = (check_places(bench, followers, got.get("phone:place", []), sent[-1])
                  if phone_room == "service" else None)
    tv, _, tv_missing = latencies(sent, got, "tv", MIXED_TVS)
    phone = (latencies(sent, got, "phone", 1)[0] if phone_room == "ticket"
             else orders_after(sent, got))
    return {"mode": f"{mode}{' baseline' if baseline else ''}", "phones": phones,
            "followers": min(len(tokens), phones),
            "tv": summary_ms(tv), "phone": summary_ms(phone), "tv_missing": tv_missing,
            "phone_heard": len(phone), "calls": len(sent), "pauses": pauses,
            "placed": placed}


def check_places(bench: Bench, tokens: list[str], places: list[Any],
                 last_call: float) -> dict[str, Any]:
    """Each phone still waiting after the calls: the people ahead its last queue.order gave
    its code against the server's own answer (GET /track), and how long after the last
    call that message came."""
    right, wrong, late = 0, [], []
    for token, place in zip(tokens, places + [None] * (len(tokens) - len(places)),
                            strict=True):
        answer = bench.track(token)
        if answer["status"] != "waiting":
            continue
        if place is None or place[1] != answer["people_ahead"]:
            wrong.append((answer["code"], None if place is None else place[1],
                          answer["people_ahead"]))
            continue
        right += 1
        late.append(place[2] - last_call)
    return {"right": right, "wrong": wrong,
            "latest_ms": max(late) * 1000 if late else float("nan")}


def hall_day() -> date:
    return datetime.now(WIB).date()


def soak_calls(bench: Bench) -> None:
    """One round's 3 tickets and 3 calls. Tickets are the day's: those issued before
    midnight (WIB) wait no more after it, so a round that straddles midnight finds nothing
    to call; it is made again on the new day, and any other failure stops the soak."""
    day = hall_day()
    try:
        bench.issue(3)
        for _ in range(3):
            bench.call()
            time.sleep(0.25)
    except RuntimeError as failure:
        if hall_day() == day:
            raise
        print(f"  soak: the round crossed midnight WIB ({failure}); made again", flush=True)
        soak_calls(bench)


def soak(mode: str, minutes: float, wave: int, folder: Path) -> list[tuple[float, int, float]]:
    """Connect `wave` TVs, make 3 calls, disconnect them all, leave the hall quiet for
    16 s (so the heap policy's quiet collect may run), again and again for `minutes`; the
    server's RSS after each round. Prints a line a minute."""
    samples: list[tuple[float, int, float]] = []
    with Bench(mode, folder, f"{mode}-soak", baseline=False) as bench:
        mark = bench.log_size()
        start = time.monotonic()
        rounds = 0
        printed = -1.0
        samples.append((0.0, 0, rss_mb(bench.server.pid())))
        print(f"  soak: RSS at start {samples[0][2]:.1f} MB", flush=True)
        while time.monotonic() - start < minutes * 60:
            crowd = Watchers(bench.server.url, tv_groups(bench.token_display, wave), folder,
                             f"soak-{rounds % 2}")
            try:
                soak_calls(bench)
            finally:
                crowd.stop()
            rounds += 1
            time.sleep(16)
            elapsed = (time.monotonic() - start) / 60
            samples.append((elapsed, rounds * wave, rss_mb(bench.server.pid())))
            if elapsed - printed >= 1.0:
                printed = elapsed
                print(f"  soak: {elapsed:5.1f} min · {rounds * wave:6d} connects · RSS "
                      f"{samples[-1][2]:.1f} MB · {os.getloadavg()[0]:.2f} load", flush=True)
        print("  " + pause_line(gc_pauses(bench.server.log_path, mark)), flush=True)
    return samples


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Socket.IO fan-out of calls")
    parser.add_argument("--watchers", type=int, nargs="*", default=[200, 1000, 2000])
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--async-mode", choices=["threading", "gevent", "both"],
                        default="gevent")
    parser.add_argument("--baseline", action="store_true",
                        help="also run each case on the path before issue 15 (CPython's gc "
                             "thresholds, no freeze), right before the new one")
    parser.add_argument("--mixed", type=int, nargs="*", default=[], metavar="PHONES",
                        help="mixed audiences: 10 TVs, 60 consoles and this many phones")
    parser.add_argument("--phone-room", choices=["service", "ticket"], default="service",
                        help="mixed audiences' phones join service:skck (queue.order, one "
                             "message per change) or each its ticket: room (ticket.called)")
    parser.add_argument("--processes", type=int, default=1,
                        help="the --watchers cases on this many server processes sharing "
                             "Redis (127.0.0.1:6379) as their message queue")
    parser.add_argument("--soak-minutes", type=float, default=0.0,
                        help="then connect and disconnect waves of TVs this long, RSS printed")
    parser.add_argument("--soak-wave", type=int, default=500)
    args = parser.parse_args(argv)
    raise_fd_limit()
    modes = ["threading", "gevent"] if args.async_mode == "both" else [args.async_mode]
    print(f"fan-out benchmark · {machine()} · watchers in node", flush=True)
    print(f"load: {load()}", flush=True)
    paths = [True, False] if args.baseline else [False]
    rows = []
    mixed_lines = []
    with tempfile.TemporaryDirectory(prefix="loket-fanout-") as tmp:
        for mode in modes:
            for n in args.watchers:
                for baseline in paths:
                    r = run(mode, n, args.calls, Path(tmp), baseline, args.processes)
                    name = r["mode"]
                    print(f"[{name}] {n} watchers ({load()})", flush=True)
                    s, a = r["single"], r["all"]
                    verdict = "ok" if a["p99"] <= TARGET_P99_MS else "MISS"
                    print(f"  one watcher p50 {s['p50']:.1f} ms p99 {s['p99']:.1f} ms · "
                          f"all watchers p50 {a['p50']:.1f} ms p99 {a['p99']:.1f} ms "
                          f"max {a['max']:.1f} ms [target p99 ≤ {TARGET_P99_MS:.0f}: "
                          f"{verdict}] · missed deliveries {r['missing']}", flush=True)
                    print("  " + pause_line(r["pauses"]), flush=True)
                    print(f"  server CPU {r['cpu_per_call_ms']:.1f} ms a call "
                          f"({1000 * r['cpu_per_call_ms'] / n:.1f} µs a watcher), "
                          f"{100 * r['cpu_share']:.0f}% of a core over the calls", flush=True)
                    rows.append([name, str(n), str(r["calls"]), f"{s['p50']:.1f}",
                                 f"{s['p99']:.1f}", f"{a['p50']:.1f}", f"{a['p99']:.1f}",
                                 f"{a['max']:.1f}", str(r["missing"]), verdict])
            for phones in args.mixed:
                for baseline in paths:
                    name = f"{mode}{' baseline' if baseline else ''}"
                    print(f"[{name}] mixed: {MIXED_TVS} TVs, {MIXED_CONSOLES} consoles, "
                          f"{phones} phones … ({load()})", flush=True)
                    r = run_mixed(mode, phones, args.calls, Path(tmp), baseline,
                                  args.phone_room)
                    tv, ph = r["tv"], r["phone"]
                    verdict = "ok" if tv["p99"] <= TARGET_TV_P99_MS else "MISS"
                    heard = (f"{r['phone_heard']} of {r['calls']} called phones heard their "
                             "call in their ticket: room" if args.phone_room == "ticket" else
                             f"{r['phone_heard']} queue.order deliveries in service:skck, "
                             f"{r['calls']} calls × {r['followers']} of the {phones} phones "
                             "follow it")
                    lines = [f"[{name}, {phones} phones] TVs: p50 {tv['p50']:.1f} ms p99 "
                             f"{tv['p99']:.1f} ms [target p99 ≤ {TARGET_TV_P99_MS:.0f}: "
                             f"{verdict}; missed {r['tv_missing']}]",
                             f"[{name}, {phones} phones] phones: p50 {ph['p50']:.1f} ms p99 "
                             f"{ph['p99']:.1f} ms [{heard}]"]
                    if r["placed"] is not None:
                        p = r["placed"]
                        lines.append(
                            f"[{name}, {phones} phones] people ahead: {p['right']} of "
                            f"{p['right'] + len(p['wrong'])} waiting phones show what GET "
                            f"/track answers, their last message ≤ {p['latest_ms']:.0f} ms "
                            f"after the last call [target ≤ 1000 ms: "
                            f"{'ok' if not p['wrong'] and p['latest_ms'] <= 1000 else 'MISS'}]"
                            + (f"; wrong (code, phone, API): {p['wrong'][:5]}"
                               if p["wrong"] else ""))
                    for line in lines:
                        print("  " + line, flush=True)
                    print("  " + pause_line(r["pauses"]), flush=True)
                    mixed_lines += lines
            if args.soak_minutes > 0:
                print(f"[{mode}] soak {args.soak_minutes:g} min, waves of {args.soak_wave} "
                      f"({load()})", flush=True)
                samples = soak(mode, args.soak_minutes, args.soak_wave, Path(tmp))
                first, last = samples[0][2], samples[-1][2]
                after = [mb for at, _, mb in samples if at >= 2.0] or [last]
                print(f"  RSS {first:.1f} MB at start, {after[0]:.1f} MB after 2 min, "
                      f"{max(after):.1f} MB max after that, {last:.1f} MB at "
                      f"{samples[-1][0]:.1f} min ({samples[-1][1]} connects)", flush=True)
    print()
    if rows:
        print(table(["mode", "watchers", "calls", "one p50", "one p99", "all p50", "all p99",
                     "all max", "missed", "p99 ≤ 100"], rows))
    for line in mixed_lines:
        print(line)
    print(f"load: {load()}")
    print(f"pid {os.getpid()} done")


if __name__ == "__main__":
    main()
