"""Shared pieces of the benchmarks: a temp config, a live `queue-server serve` subprocess,
percentiles and the target column. Benchmarks print numbers; nothing here asserts on time."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.toml"
MODES = ("threading", "gevent")


def bench_config(folder: Path, async_mode: str = "threading", *,
                 drop_quotas: bool = True) -> Path:
    """A copy of config.toml with `[server] async_mode` set and, by default, every
    `daily_quota` line removed so thousands of tickets never close a service."""
    text = CONFIG.read_text(encoding="utf-8")
    text, changed = re.subn(r'(?m)^(\s*async_mode\s*=\s*)"[^"]*"', rf'\g<1>"{async_mode}"',
                            text)
    if changed != 1:
        raise RuntimeError("config.toml has no single `async_mode = ...` line to change")
    if drop_quotas:
        text = re.sub(r"(?m)^\s*daily_quota\s*=.*\n", "", text)
    text = text.replace('engines = ["voice_pack", "gtts", "espeak"]', 'engines = ["espeak"]')
    # open at any hour without --demo (whose printer emulator would draw a PNG per ticket,
    # ~0.15 s of CPU each, on the same two cores), and no printer: a real one prints a
    # ticket every few seconds, never hundreds a second
    text = re.sub(r'(?m)^(monday|tuesday|wednesday|thursday|friday|saturday|sunday) = .*$',
                  r'\1 = "00:00-24:00"', text)
    text = text.replace('hours = { friday = "08:00-11:00" }', "")
    text = re.sub(r"(?ms)^\[holidays\].*?(?=^# ---)", "", text)
    text = text[:text.index("# " + "-" * 66 + " printers")]
    path = folder / f"config-{async_mode}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_bench_settings(config: Path):
    from queue_server.settings import load_settings

    return load_settings(config)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(config: Path, data_dir: Path, *args: str) -> str:
    """Run one `queue-server` command on the data folder and return its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", *args, "--config", str(config),
         "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"queue-server {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def warm_voice(config: Path, data_dir: Path) -> None:
    """Fill the voice cache first, as an installed hall has it: otherwise the server's own
    warm-up (156 clips through espeak-ng) runs during the first seconds of measuring."""
    cli(config, data_dir, "tts", "warm")


def kiosk_token(config: Path, data_dir: Path, name: str = "bench-kiosk") -> str:
    return cli(config, data_dir, "token", "create", "--device", name,
               "--kind", "kiosk").strip().splitlines()[0]


def admin_token(config: Path, data_dir: Path, name: str = "bench-admin") -> str:
    cli(config, data_dir, "user", "create", name, "--role", "admin")
    return cli(config, data_dir, "token", "create", "--user", name).strip().splitlines()[0]


class Server:
    """`queue-server serve` in its own process group on a free port; a context manager
    that always stops it (SIGTERM to its group, then SIGKILL)."""

    def __init__(self, config: Path, data_dir: Path, *, demo: bool = False) -> None:
        self.config = config
        self.data_dir = data_dir
        self.demo = demo
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = data_dir.parent / f"server-{self.port}.log"
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        args = [sys.executable, "-m", "queue_server.cli", "serve", "--config", str(self.config),
                "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                "--port", str(self.port)]
        if self.demo:
            args.append("--demo")
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                        cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"server exited early:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/api/v1/health", timeout=1).ok:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start in 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            # start_new_session=True: the group id is the pid of the process we started
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def pid(self) -> int | None:
        return self.process.pid if self.process else None


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
