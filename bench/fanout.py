"""Fan-out: how long until every TV, kiosk and phone watching the hall hears of a call.

N websocket watchers (real websockets speaking the Socket.IO protocol) run in a separate
process, each joined to `display:all`. The main process calls tickets over HTTP; each
watcher records when `ticket.called` arrived. Both processes use CLOCK_MONOTONIC, shared
by every process on the machine, so delivery times are comparable.

Printed per N: p50/p99/max of single deliveries (call sent → one watcher has it) and of
"all received" (call sent → the last watcher has it), and the server's async mode.
Target: p99 ≤ 100 ms at 2,000 watchers on one server process.

    .venv/bin/python bench/fanout.py                       # 200, 1000, 2000; gevent
    .venv/bin/python bench/fanout.py --async-mode both --watchers 200 1000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    LeanClient,
    bench_config,
    kiosk_token,
    machine,
    summary_ms,
    table,
    warm_voice,
)
from tests.live_server import LiveServer, run_cli  # noqa: E402

TARGET_P99_MS = 100.0


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# ---------------------------------------------------------------- watcher process


async def watch(url: str, token: str, count: int, calls: int, out: Path) -> None:
    """Many watchers speaking Engine.IO 4 / Socket.IO 5 over aiohttp websockets directly:
    a full python-socketio client spends ~0.3 ms of CPU per message, which for 2,000
    watchers on a 2-core machine would measure the watchers, not the server."""
    import re

    import aiohttp

    event_id = re.compile(r'"event_id":\s*(\d+)')
    received: dict[int, list[float]] = {}
    done = asyncio.Event()
    ready = 0
    all_ready = asyncio.Event()
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    auth = json.dumps({"token": token})
    join = '420["join",{"room":"display:all"}]'

    async def one(session: aiohttp.ClientSession) -> None:
        nonlocal ready
        async with session.ws_connect(ws_url, max_msg_size=0, heartbeat=None) as ws:
            opened = await ws.receive_str()
            if not opened.startswith("0"):
                raise RuntimeError(f"unexpected open packet {opened[:80]!r}")
            await ws.send_str("40" + auth)
            joined = False
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data = msg.data
                if data == "2":  # Engine.IO ping: answer or be dropped
                    await ws.send_str("3")
                elif data.startswith("40") and not joined:
                    joined = True
                    await ws.send_str(join)
                elif data.startswith("430") and not all_ready.is_set():
                    ready += 1
                    if ready == count:
                        all_ready.set()
                elif data.startswith('42["ticket.called"'):
                    now = time.monotonic()
                    found = event_id.search(data)
                    if found:
                        times = received.setdefault(int(found.group(1)), [])
                        times.append(now)
                        if len(received) >= calls and len(times) >= count and all(
                                len(v) >= count for v in received.values()):
                            done.set()
                if done.is_set():
                    break

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = []
        for start in range(0, count, 100):  # connect in waves, as a hall's screens come up
            tasks += [asyncio.create_task(one(session))
                      for _ in range(min(100, count - start))]
            await asyncio.sleep(0.2)
        await asyncio.wait_for(all_ready.wait(), timeout=120)
        print("ready", flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout=60 + calls * 2)
        out.write_text(json.dumps({str(k): v for k, v in received.items()}))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# ---------------------------------------------------------------- main process


def watcher_command(url: str, token: str, watchers: int, calls: int, out: Path,
                    client: str) -> list[str]:
    if client == "node":
        return ["node", str(ROOT / "bench" / "fanout_watchers.mjs"), url, token,
                str(watchers), str(calls), str(out)]
    return [sys.executable, __file__, "--watch", url, token, str(watchers), str(calls),
            str(out)]


def run(mode: str, watchers: int, calls: int, folder: Path,
        client: str = "node") -> dict[str, object]:
    config = bench_config(folder, mode)
    data_dir = folder / f"data-{mode}-{watchers}"
    token_kiosk = kiosk_token(config, data_dir)
    token_display = run_cli(config, data_dir, "token", "create", "--device", "bench-tv",
                            "--kind", "display").strip()
    run_cli(config, data_dir, "user", "create", "bench-admin", "--role", "admin")
    token_admin = run_cli(config, data_dir, "token", "create", "--user", "bench-admin").strip()
    warm_voice(config, data_dir)
    results = folder / f"received-{mode}-{watchers}.json"
    with LiveServer(data_dir, config) as server:
        watcher = subprocess.Popen(
            watcher_command(server.url, token_display, watchers, calls + 1, results, client),
            stdout=subprocess.PIPE, text=True)
        assert watcher.stdout is not None
        line = watcher.stdout.readline().strip()
        if line != "ready":
            watcher.kill()
            raise RuntimeError(f"watchers did not connect (got {line!r})")
        kiosk = LeanClient(server.url, {"Authorization": f"Bearer {token_kiosk}"})
        admin = LeanClient(server.url, {"Authorization": f"Bearer {token_admin}"})
        for _ in range(calls + 1):
            kiosk.request("POST", "/api/v1/tickets", b'{"service_id": "skck"}')
        sent: dict[int, float] = {}
        # one unmeasured call first: the first emit to a room builds caches on both sides
        admin.request("POST", "/api/v1/counters/loket-15/call-next")
        time.sleep(1.0)
        for _ in range(calls):
            t0 = time.monotonic()
            status, body = admin.request("POST", "/api/v1/counters/loket-15/call-next")
            if status != 200:
                raise RuntimeError(f"call-next -> {status} {body[:200]!r}")
            code = json.loads(body)["ticket"]["code"]
            sent[int(code[1:])] = t0
            time.sleep(0.25)  # calls a few seconds apart in a real hall; keep them apart
        watcher.wait(timeout=120)
        kiosk.close()
        admin.close()
    received = {int(k): v for k, v in json.loads(results.read_text()).items()}
    # event ids are not ticket numbers: pair the n-th call sent with the n-th event id
    pairs = zip(sorted(sent.items()), sorted(received.items())[1:], strict=False)
    single: list[float] = []
    all_in: list[float] = []
    missing = 0
    for (_, t0), (_, times) in pairs:
        single += [t - t0 for t in times]
        missing += watchers - len(times)
        all_in.append(max(times) - t0)
    return {"mode": mode, "watchers": watchers, "calls": len(all_in),
            "single": summary_ms(single), "all": summary_ms(all_in), "missing": missing}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--watch":
        raise_fd_limit()
        url, token, count, calls, out = argv[1:6]
        asyncio.run(watch(url, token, int(count), int(calls), Path(out)))
        return
    parser = argparse.ArgumentParser(description="Socket.IO fan-out of calls")
    parser.add_argument("--watchers", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--async-mode", choices=["threading", "gevent", "both"],
                        default="gevent")
    parser.add_argument("--client", choices=["node", "python"], default="node",
                        help="watchers in Node.js `ws` (light) or Python aiohttp")
    args = parser.parse_args(argv)
    raise_fd_limit()
    modes = ["threading", "gevent"] if args.async_mode == "both" else [args.async_mode]
    print(f"fan-out benchmark · {machine()} · watchers in {args.client}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="loket-fanout-") as tmp:
        for mode in modes:
            for n in args.watchers:
                print(f"[{mode}] {n} watchers …", flush=True)
                r = run(mode, n, args.calls, Path(tmp), args.client)
                s, a = r["single"], r["all"]
                verdict = "ok" if a["p99"] <= TARGET_P99_MS else "MISS"
                print(f"  one watcher p50 {s['p50']:.1f} ms p99 {s['p99']:.1f} ms · "
                      f"all watchers p50 {a['p50']:.1f} ms p99 {a['p99']:.1f} ms "
                      f"max {a['max']:.1f} ms [target p99 ≤ {TARGET_P99_MS:.0f}: {verdict}]"
                      f" · missed deliveries {r['missing']}", flush=True)
                rows.append([mode, str(n), str(r["calls"]), f"{s['p50']:.1f}",
                             f"{s['p99']:.1f}", f"{a['p50']:.1f}", f"{a['p99']:.1f}",
                             f"{a['max']:.1f}", str(r["missing"]), verdict])
    print()
    print(table(["mode", "watchers", "calls", "one p50", "one p99", "all p50", "all p99",
                 "all max", "missed", "p99 ≤ 100"], rows))
    print(f"pid {os.getpid()} done")


if __name__ == "__main__":
    main()
