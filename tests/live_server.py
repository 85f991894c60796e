"""`queue-server serve` for real, in its own process: the one helper the live tests
(tests/conftest.py fixtures) and the benchmarks (bench/common.py) both use.

It lives in the tests package (importable as `tests.live_server` from bench/, which puts the
repository root on sys.path) because it is test tooling: it must not ship inside
`queue_server`, and it imports neither pytest nor anything of the server at module level, so
a benchmark loads it without the test machinery.

    config = hall_config(folder, async_mode="threading")   # always open, prints nowhere
    tokens = provision(data_dir, config)                    # kiosk, TV, admin, in-process
    with LiveServer(data_dir, config) as server:            # free port, waits for health
        server.cli("token", "revoke", "tv-lobi")            # same --config, same data folder
        requests.get(f"{server.url}/api/v1/health")

A CLI command must always be given the config the server runs with: on another config it
would re-seed the catalogue of the data folder. `run_cli` and `LiveServer.cli` therefore take
the config as a required argument / from the server."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.toml"
_PRINTERS_SECTION = "# " + "-" * 66 + " printers"
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hall_config(folder: Path, *, name: str = "config.toml", async_mode: str | None = None,
                drop_quotas: bool = False, printer_port: int | None = None,
                printer_timeout: float = 1.0, replace_text: dict[str, str] | None = None
                ) -> Path:
    """A copy of config.toml for servers on the real clock: every service open all day every
    day, no holidays, the voice from espeak-ng only, and the hall's printer section cut (no
    printer, or with `printer_port` a network printer on 127.0.0.1 — the emulator).

    `async_mode` sets `[server] async_mode` (the hall's own config says gevent);
    `drop_quotas` removes every `daily_quota` so thousands of tickets never close a service;
    `replace_text` swaps exact fragments first (each must be present)."""
    text = CONFIG.read_text(encoding="utf-8")
    for old, new in (replace_text or {}).items():
        if old not in text:
            raise ValueError(f"config.toml has no {old!r} to replace")
        text = text.replace(old, new)
    if async_mode is not None:
        text, changed = re.subn(r'(?m)^(\s*async_mode\s*=\s*)"[^"]*"',
                                rf'\g<1>"{async_mode}"', text)
        if changed != 1:
            raise ValueError("config.toml has no single `async_mode = ...` line to change")
    if drop_quotas:
        text = re.sub(r"(?m)^\s*daily_quota\s*=.*\n", "", text)
    text = text.replace('engines = ["voice_pack", "gtts", "espeak"]', 'engines = ["espeak"]')
    text = text[:text.index(_PRINTERS_SECTION)]
    if printer_port is not None:
        text += (f'\n[printers.default]\nkind = "network"\nhost = "127.0.0.1"\n'
                 f"port = {printer_port}\ntimeout = {printer_timeout}\n")
    text = re.sub(rf"(?m)^({'|'.join(_DAYS)}) = .*$", r'\1 = "00:00-24:00"', text)
    text = text.replace('hours = { friday = "08:00-11:00" }', "")
    text = re.sub(r"(?ms)^\[holidays\].*?(?=^# ---)", "", text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def always_open_config(folder: Path, *, printer_port: int | None = None,
                       printer_timeout: float = 1.0, replace_text: dict[str, str] | None = None
                       ) -> Path:
    """`hall_config` as the live tests use it: `folder/config.toml`, quotas kept."""
    return hall_config(folder, printer_port=printer_port, printer_timeout=printer_timeout,
                       replace_text=replace_text)


def run_cli(config: Path, data_dir: Path, *args: str, stdin: str | None = None,
            env: dict[str, str] | None = None, timeout: float = 120) -> str:
    """Run one `queue-server` command on the data folder with that config; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", *args, "--config", str(config),
         "--data-dir", str(data_dir)],
        input=stdin, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        raise RuntimeError(f"queue-server {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def provision(data_dir: Path, config: Path) -> dict[str, str]:
    """Devices and people a live server's callers act as, made in-process on its data folder
    before it starts (the CLI path is tested on its own; this keeps live tests fast):
    tokens for `display` (tv-lobi), `kiosk` (kiosk-1) and `admin` (kepala)."""
    from queue_server.boot import prepare_data
    from queue_server.services import accounts
    from queue_server.services.hall import Hall
    from queue_server.settings import load_settings

    settings = load_settings(config)
    store, _ = prepare_data(settings, data_dir)
    try:
        hall = Hall(store, settings)
        made = {
            "display": accounts.create_device_token(hall, "tv-lobi", "display").secret,
            "kiosk": accounts.create_device_token(hall, "kiosk-1", "kiosk").secret,
        }
        accounts.create_user(hall, "kepala", "admin", None)
        made["admin"] = accounts.create_user_token(hall, "kepala").secret
    finally:
        store.close()
    return made


class LiveServer:
    """`queue-server serve` in its own process group on a free port of 127.0.0.1.

    `start()` returns once /api/v1/health answers (or raises with the end of the log);
    `stop()` sends SIGTERM to the group, SIGKILL after 10 s; both may be called again
    (a restart keeps the port). Also a context manager that always stops it.
    Output goes to `log_path` (default `<data_dir>/../server-<port>.log`, appended to)."""

    def __init__(self, data_dir: Path, config: Path = CONFIG, *, demo: bool = False,
                 env: dict[str, str] | None = None, log_path: Path | None = None,
                 start_timeout: float = 60) -> None:
        self.data_dir = data_dir
        self.config = config
        self.demo = demo
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.log_path = log_path or data_dir.parent / f"server-{self.port}.log"
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self.tokens: dict[str, str] = {}  # filled by whoever provisions the data folder
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def cli(self, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
        """A `queue-server` command on this server's data folder and config."""
        return run_cli(self.config, self.data_dir, *args, stdin=stdin, env=self.env,
                       timeout=timeout)

    def start(self, timeout: float | None = None) -> LiveServer:
        args = [sys.executable, "-m", "queue_server.cli", "serve", "--config", str(self.config),
                "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                "--port", str(self.port)]
        if self.demo:
            args.append("--demo")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                        env=self.env, cwd=ROOT, start_new_session=True)
        limit = self.start_timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"server exited early:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/api/v1/health", timeout=1).ok:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start in {limit:g} s:\n{self.log_tail()}")

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

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
