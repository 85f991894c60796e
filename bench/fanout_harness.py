"""The fan-out bench's harness: a Loket server under test (Bench), a crowd of websocket
watchers in Node.js (Watchers, bench/fanout_watchers.mjs) and what the bench reads from the
server meanwhile (its RSS, the collector's pauses it logged). The cases are in fanout.py."""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    REDIS_URL,
    LeanClient,
    bench_config,
    kiosk_token,
    warm_voice,
)
from tests.live_server import LiveServer, run_cli  # noqa: E402

MIXED_TVS = 10
MIXED_CONSOLES = 60


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# ---------------------------------------------------------------- watchers


def tv_groups(token_display: str, watchers: int) -> list[dict[str, Any]]:
    return [{"name": "tv", "token": token_display, "rooms": ["display:all"] * watchers}]


# the demo hall's other services: a mixed audience's phones are spread over the hall
OTHER_SERVICES = (
    "ktp-el", "kartu-keluarga", "akta-capil", "pindah-datang", "ikd-kia", "pkb-tahunan",
    "pkb-lima-tahunan", "bbn-mutasi", "npwp-coretax", "spt-konsultasi", "jkn-peserta",
    "jkn-informasi", "klaim-jht", "kepesertaan-tk", "nib-oss", "pbg-slf", "sertifikat",
    "informasi-pertanahan", "teller", "customer-service", "haji-umrah", "nikah-rujuk")


def mixed_groups(token_display: str, token_admin: str, phone_tokens: list[str],
                 phone_room: str, others: list[tuple[str, str]] = (),
                 phone_codes: list[str] | None = None) -> list[dict[str, Any]]:
    """A hall: 10 TVs, 60 consoles (spread over the 22 counters) and a phone per ticket:
    in its ticket's room, or in its service's (`service:ID`, where queue.order goes; the
    called service's phones are "phone", the rest of the hall's "phone-other")."""
    phones = ([f"ticket:{t}" for t in phone_tokens] if phone_room == "ticket"
              else ["service:skck"] * len(phone_tokens))
    return [
        {"name": "tv", "token": token_display, "rooms": ["display:all"] * MIXED_TVS},
        {"name": "console", "token": token_admin,
         "rooms": [f"counter:loket-{i % 22 + 1}" for i in range(MIXED_CONSOLES)]},
        {"name": "phone", "token": None, "rooms": phones,
         **({"codes": phone_codes} if phone_codes else {})},
        {"name": "phone-other", "token": None,
         "rooms": [f"service:{service}" for service, _ in others]},
    ]


class Watchers:
    """The watcher process (Node.js `ws`): connects every socket of `groups` in waves of
    100, then records each ticket.called per group until `stop`."""

    def __init__(self, url: str, groups: list[dict[str, Any]], folder: Path,
                 tag: str) -> None:
        self.spec = folder / f"spec-{tag}.json"
        self.out = folder / f"received-{tag}.json"
        self.spec.write_text(json.dumps({"groups": groups}))
        self.process = subprocess.Popen(
            ["node", str(ROOT / "bench" / "fanout_watchers.mjs"), url, str(self.spec),
             str(self.out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != "ready":
            self.process.kill()
            raise RuntimeError(f"watchers did not connect (got {line!r})")

    def stop(self) -> dict[str, dict[int, list[float]]]:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=120)
        got = json.loads(self.out.read_text())
        # "GROUP:place" is a list per socket; the rest are {event_id: [times]}
        return {g: by_id if isinstance(by_id, list) else {int(k): v for k, v in by_id.items()}
                for g, by_id in got.items()}


# ---------------------------------------------------------------- the server's side


def rss_mb(pid: int | None) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


HEAP_LINE = re.compile(r"heap: (\w+) sockets=(\d+) frozen_at=(\d+) (.*)$")
PAUSE = re.compile(r"gen(\d) n=(\d+) max=([\d.]+)ms total=([\d.]+)ms")


def gc_pauses(log: Path, since: int) -> dict[str, Any]:
    """The collector's pauses the server logged (web/heap_policy.py) after byte `since`:
    per generation the count, the longest and the total; the freezes and collects."""
    count, longest, total = [0, 0, 0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    actions: dict[str, int] = {}
    frozen = 0
    with log.open("rb") as f:
        f.seek(since)
        for raw in f.read().decode(errors="replace").splitlines():
            m = HEAP_LINE.search(raw)
            if not m:
                continue
            actions[m.group(1)] = actions.get(m.group(1), 0) + 1
            frozen = int(m.group(3))
            for g, n, mx, tot in PAUSE.findall(m.group(4)):
                gi = int(g)
                count[gi] += int(n)
                longest[gi] = max(longest[gi], float(mx))
                total[gi] += float(tot)
    return {"count": count, "max": longest, "total": total, "actions": actions,
            "frozen": frozen}


def pause_line(p: dict[str, Any]) -> str:
    gens = " · ".join(f"gen{g} {p['count'][g]}× max {p['max'][g]:.1f} ms"
                      for g in range(3))
    acts = ", ".join(f"{k} {v}" for k, v in sorted(p["actions"].items()) if k != "idle")
    return (f"gc pauses: {gens} · {acts or 'no freeze/collect'} · "
            f"frozen at {p['frozen']} sockets")


class Bench:
    """A data folder with a kiosk, a TV, an admin; a server of the given path, or
    `processes` servers on the one data folder sharing Redis as their message queue (calls
    go to the first)."""

    def __init__(self, mode: str, folder: Path, tag: str, baseline: bool,
                 processes: int = 1) -> None:
        self.config = bench_config(folder, mode,
                                   message_queue=REDIS_URL if processes > 1 else None)
        self.folder = folder
        self.data_dir = folder / f"data-{tag}"
        self.token_kiosk = kiosk_token(self.config, self.data_dir)
        self.token_display = run_cli(self.config, self.data_dir, "token", "create",
                                     "--device", "bench-tv", "--kind", "display").strip()
        run_cli(self.config, self.data_dir, "user", "create", "bench-admin", "--role", "admin")
        self.token_admin = run_cli(self.config, self.data_dir, "token", "create",
                                   "--user", "bench-admin").strip()
        warm_voice(self.config, self.data_dir)
        env = {**os.environ, "LOKET_BENCH_HEAP_REPORT": "1"}
        if baseline:
            env["LOKET_BENCH_BASELINE"] = "1"
        self.codes: dict[str, str] = {}  # tracking token -> ticket code
        self.servers = [LiveServer(self.data_dir, self.config, env=env)
                        for _ in range(processes)]
        self.server = self.servers[0]

    def __enter__(self) -> Bench:
        for server in self.servers:
            server.start()
        self.kiosk = LeanClient(self.server.url, {"Authorization": f"Bearer {self.token_kiosk}"})
        self.admin = LeanClient(self.server.url, {"Authorization": f"Bearer {self.token_admin}"})
        return self

    def __exit__(self, *exc: object) -> None:
        self.kiosk.close()
        self.admin.close()
        for server in self.servers:
            server.stop()

    def issue(self, n: int, service: str = "skck") -> list[str]:
        """n tickets (SKCK is called at loket-15): their phones' tracking tokens."""
        tokens = []
        for _ in range(n):
            status, body = self.kiosk.request("POST", "/api/v1/tickets", json.dumps(
                {"service_id": service}).encode())
            if status != 201:
                raise RuntimeError(f"issue -> {status} {body[:200]!r}")
            ticket = json.loads(body)["ticket"]
            tokens.append(ticket["track_url"].rsplit("/", 1)[1])
            self.codes[tokens[-1]] = ticket["code"]
        return tokens

    def track(self, token: str) -> dict[str, Any]:
        """The server's own answer to a phone: GET /track."""
        status, body = self.kiosk.request("GET", f"/api/v1/track/{token}")
        if status != 200:
            raise RuntimeError(f"track -> {status} {body[:200]!r}")
        return json.loads(body)["ticket"]

    def call(self) -> float:
        t0 = time.monotonic()
        status, body = self.admin.request("POST", "/api/v1/counters/loket-15/call-next")
        if status != 200:
            raise RuntimeError(f"call-next -> {status} {body[:200]!r}")
        return t0

    def calls(self, n: int, gap: float = 0.25) -> list[float]:
        # one unmeasured call first: the first emit to a room builds caches on both sides
        self.call()
        time.sleep(1.0)
        sent = []
        for _ in range(n):
            sent.append(self.call())
            time.sleep(gap)  # calls a few seconds apart in a real hall; keep them apart
        time.sleep(1.0)
        return sent

    def log_size(self) -> int:
        return self.server.log_path.stat().st_size if self.server.log_path.exists() else 0

    def next_sweep(self) -> None:
        """Wait for the server's next 5-second sweep (its heap line): after a connect wave
        (a hall's screens are up long before its calls), and before reading the pauses."""
        since = self.log_size()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            with self.server.log_path.open("rb") as f:
                f.seek(since)
                if b"heap: " in f.read():
                    return
            time.sleep(0.1)
