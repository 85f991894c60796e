"""Benchmark: what the room marks and the heartbeat cost, and what the message queue buys.

In-process, on a fresh SQLite file (use cases called directly, no HTTP):
  (a) a call (tickets.call_next): the baseline a call costs anyway
  (b) recording a call's room marks after it is published (one write transaction, 6 rooms)
  (c) the tail's look every 0.5 s when nothing happened (R local rooms)
  (d) the heartbeat round every 5 s (R local rooms' marks)
and the CPU share of one process's tailing: (2 x (c) + (d) / 5) per second.

With --live, two `queue-server serve` processes on one data folder, a socket watcher on A
and the calls made on B: how long until A's screen learns of the call,
  (e) with the message queue (the shared Redis on 127.0.0.1:6379): `ticket.called`
  (f) without any message queue: A's heartbeat naming the call (then the screen resyncs)

    .venv/bin/python bench/outbox.py [--rooms 2000] [--rounds 300] [--live] [--calls 20]
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
from queue_server.services import outbox, tickets
from tests.conftest import ADMIN, KIOSK

TAIL_SECONDS, HEARTBEAT_SECONDS = 0.5, 5.0  # as web/realtime.py runs them


def in_process(rooms: int, rounds: int) -> list[tuple[str, dict[str, float]]]:
    with tempfile.TemporaryDirectory(prefix="loket-bench-outbox-") as tmp:
        folder = Path(tmp)
        hall = open_hall(load_bench_settings(bench_config(folder)), folder / "data")
        for _ in range(rounds + 10):
            tickets.issue_ticket(hall, KIOSK, "skck")
        # a day's ticket rooms already marked, plus the screens'
        local = [f"ticket:t{n}" for n in range(rooms)] + [f"display:z{n}" for n in range(30)]
        outbox.record_marks(hall, {room: n + 1 for n, room in enumerate(local)})
        tail = outbox.MarkTail(hall)
        timed: dict[str, list[float]] = {k: [] for k in "abcd"}
        cpu: dict[str, float] = {k: 0.0 for k in "abcd"}
        for n in range(rounds):
            call_marks = {"counter:loket-15": 10**6 + n, "agency:polres": 10**6 + n,
                          "display:all": 10**6 + n, "display:zona-b": 10**6 + n,
                          f"ticket:x{n}": 10**6 + n, "admin:all": 10**6 + n}
            for key, run in (("a", lambda: tickets.call_next(hall, ADMIN, "loket-15")),
                             ("b", lambda m=call_marks: outbox.record_marks(hall, m)),
                             ("c", lambda: tail.news(local)),
                             ("d", lambda: tail.every(local))):
                start, start_cpu = time.perf_counter(), time.process_time()
                run()
                timed[key].append(time.perf_counter() - start)
                cpu[key] += time.process_time() - start_cpu
        hall.store.close()
    cpu_ms = {k: v / rounds * 1000 for k, v in cpu.items()}
    share = (cpu_ms["c"] / TAIL_SECONDS + cpu_ms["d"] / HEARTBEAT_SECONDS) / 1000 * 100
    print(f"tailing CPU per process: {share:.2f} % of one core "
          f"(look {cpu_ms['c']:.3f} ms CPU every {TAIL_SECONDS} s, round {cpu_ms['d']:.2f} ms "
          f"CPU every {HEARTBEAT_SECONDS:g} s, {rooms + 30} local rooms)")
    return [(name, summary_ms(timed[key])) for key, name in (
        ("a", "(a) a call, the use case (baseline)"),
        ("b", "(b) + its room marks (6 rooms)"),
        ("c", "(c) tail look, nothing new"),
        ("d", f"(d) heartbeat round, {rooms + 30} rooms"))]


def live(calls: int, with_queue: bool) -> list[float]:
    import requests

    from tests.live_server import LiveServer, always_open_config, provision
    from tests.web.test_realtime import Watcher

    with tempfile.TemporaryDirectory(prefix="loket-bench-outbox-live-") as tmp:
        folder = Path(tmp)
        replace = {'# message_queue = "redis://127.0.0.1:6379/0"':
                   'message_queue = "redis://127.0.0.1:6379/0"'} if with_queue else {}
        config = always_open_config(folder / "cfg", replace_text=replace)
        tokens = provision(folder / "data", config)
        a, b = LiveServer(folder / "data", config), LiveServer(folder / "data", config)
        a.start()
        b.start()
        tv = Watcher(a.url, tokens["display"])
        delays: list[float] = []
        try:
            tv.client.call("join", {"room": "display:all"}, timeout=5)
            tv.next("display.state")
            auth = {"Authorization": f"Bearer {tokens['admin']}"}
            for _ in range(calls):
                requests.post(f"{b.url}/api/v1/tickets", json={"service_id": "skck"},
                              timeout=10, headers={"Authorization": f"Bearer {tokens['kiosk']}"})
                time.sleep(0.7)  # apart, so each call is timed on its own
                before = _last_event(a, tokens)  # everything after it is this call's
                while not tv.events.empty():
                    tv.events.get()
                start = time.perf_counter()
                requests.post(f"{b.url}/api/v1/counters/loket-15/call-next", timeout=10,
                              headers=auth)
                while True:
                    name, body = tv.events.get(timeout=15)
                    learned = name == "ticket.called" or (
                        name == "heartbeat" and body["room"] == "display:all")
                    if learned and body["event_id"] > before:
                        delays.append(time.perf_counter() - start)
                        break
        finally:
            tv.close()
            a.stop()
            b.stop()
    return delays


def _last_event(server, tokens) -> int:
    import requests

    return requests.get(f"{server.url}/api/v1/display/state", timeout=10,
                        headers={"Authorization": f"Bearer {tokens['display']}"}
                        ).json()["event_id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=2000, help="phones' rooms per process")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--live", action="store_true")
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    print(machine())
    measured = in_process(args.rooms, args.rounds)
    base = measured[0][1]["p50"]
    rows = [(name, f"{s['p50']:.3f}", f"{s['p99']:.3f}", f"{s['p50'] / base:.3f}")
            for name, s in measured]
    print(table(("measure", "p50 ms", "p99 ms", "p50 / (a)"), rows))
    if args.live:
        rows = []
        for key, with_queue in (("(e) with Redis: ticket.called on A", True),
                                ("(f) no queue: A's heartbeat names it", False)):
            s = summary_ms(live(args.calls, with_queue))
            rows.append((key, f"{s['p50']:.1f}", f"{s['p99']:.1f}"))
        print(f"a call on B until the screen on A learns of it ({args.calls} calls)")
        print(table(("path", "p50 ms", "p99 ms"), rows))


if __name__ == "__main__":
    main()
