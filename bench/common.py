"""Shared pieces of the benchmarks: a temp config, tokens, percentiles and the target
column. The live `queue-server serve` subprocess is tests/live_server.py's `LiveServer`, the
same helper the live tests use. Benchmarks print numbers; nothing here asserts on time."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from tests.live_server import hall_config, run_cli

MODES = ("threading", "gevent")


# the message queue of the benches that run several server processes (this machine only)
REDIS_URL = "redis://127.0.0.1:6379/0"


def bench_config(folder: Path, async_mode: str = "threading", *,
                 drop_quotas: bool = True, message_queue: str | None = None) -> Path:
    """`folder/config-<mode>.toml`: config.toml with `[server] async_mode` set and, by
    default, every `daily_quota` removed so thousands of tickets never close a service.
    Open at any hour without --demo (whose printer emulator would draw a PNG per ticket,
    ~0.15 s of CPU each, on the same two cores), and no printer: a real one prints a ticket
    every few seconds, never hundreds a second. `message_queue`: the Redis URL of several
    server processes sharing the hall."""
    if message_queue is None:
        return hall_config(folder, name=f"config-{async_mode}.toml", async_mode=async_mode,
                           drop_quotas=drop_quotas)
    return hall_config(folder, name=f"config-{async_mode}-queue.toml", async_mode=async_mode,
                       drop_quotas=drop_quotas, replace_text={
                           '# message_queue = "redis://127.0.0.1:6379/0"':
                           f'message_queue = "{message_queue}"'})


def load_bench_settings(config: Path):
    from queue_server.settings import load_settings

    return load_settings(config)


def warm_voice(config: Path, data_dir: Path) -> None:
    """Fill the voice cache first, as an installed hall has it: otherwise the server's own
    warm-up (156 clips through espeak-ng) runs during the first seconds of measuring."""
    run_cli(config, data_dir, "tts", "warm")


def kiosk_token(config: Path, data_dir: Path, name: str = "bench-kiosk") -> str:
    return run_cli(config, data_dir, "token", "create", "--device", name,
                   "--kind", "kiosk").strip().splitlines()[0]


def admin_token(config: Path, data_dir: Path, name: str = "bench-admin") -> str:
    run_cli(config, data_dir, "user", "create", name, "--role", "admin")
    return run_cli(config, data_dir, "token", "create",
                   "--user", name).strip().splitlines()[0]


# ---------------------------------------------------------------- numbers


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of unsorted values (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(seconds),
        "p50": percentile(seconds, 50) * 1000,
        "p90": percentile(seconds, 90) * 1000,
        "p99": percentile(seconds, 99) * 1000,
        "max": max(seconds) * 1000 if seconds else float("nan"),
        "mean": sum(seconds) / len(seconds) * 1000 if seconds else float("nan"),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain text table, right-aligned numbers, for terminals and README pasting."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    out = []
    for n, row in enumerate(cells):
        out.append("  ".join(c.rjust(w) if n and i else c.ljust(w)
                             for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    return str(value)


def machine() -> str:
    import platform

    return (f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} CPU(s), {platform.system()} {platform.release()}")


class LeanClient:
    """A keep-alive HTTP/1.1 client on http.client: `requests` spends ~1.5 ms of client CPU
    per call on this machine, which would be measured as server latency."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(base_url)
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self._headers = {"Content-Type": "application/json", **(headers or {})}

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        self._conn.request(method, path, body=body, headers=self._headers)
        response = self._conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> LeanClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
