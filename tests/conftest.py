"""Shared fixtures: every test gets a real SQLite file under tmp_path, the real MPP Lebong
config, and a clock it controls. Live-server fixtures start `queue-server serve` for real."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from queue_server.domain.access import Principal
from queue_server.domain.models import DeviceKind, Role
from queue_server.services import accounts
from queue_server.services.hall import Hall
from queue_server.services.seeding import seed_catalog
from queue_server.settings import Settings, load_settings
from queue_server.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.toml"
# Monday 2 March 2026, 09:00 WIB: inside opening hours of every service in config.toml
MONDAY_9AM = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = MONDAY_9AM) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> datetime:
        self.current += timedelta(**kwargs)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    settings = load_settings(CONFIG)
    # no test reaches the internet: the voice comes from espeak-ng (gTTS is tested against
    # a local fake endpoint in tests/voice)
    return replace(settings, tts=replace(settings.tts, engines=("espeak",)))


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    return base_settings


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_hall(tmp_path: Path, clock: FakeClock):
    halls: list[Hall] = []

    def make(settings: Settings, *, demo: bool = False, name: str = "loket.db") -> Hall:
        store = open_store(tmp_path / name)
        seed_catalog(store, settings)
        hall = Hall(store, settings, clock=clock, demo=demo)
        halls.append(hall)
        return hall

    yield make
    for hall in halls:
        hall.store.close()


@pytest.fixture
def hall(make_hall, settings: Settings) -> Hall:
    return make_hall(settings)


def kiosk_principal(name: str = "kiosk-test") -> Principal:
    return Principal(kind="device", name=name, device_kind=DeviceKind.KIOSK)


def display_principal(name: str = "tv-test") -> Principal:
    return Principal(kind="device", name=name, device_kind=DeviceKind.DISPLAY)


def officer(*counters: str, name: str = "officer") -> Principal:
    return Principal(kind="user", name=name, role=Role.OFFICER, counters=frozenset(counters))


def supervisor(*agencies: str, name: str = "supervisor") -> Principal:
    return Principal(kind="user", name=name, role=Role.SUPERVISOR,
                     agencies=frozenset(agencies))


ADMIN = Principal(kind="user", name="admin", role=Role.ADMIN)
KIOSK = kiosk_principal()


@pytest.fixture
def kiosk() -> Principal:
    return KIOSK


@pytest.fixture
def admin() -> Principal:
    return ADMIN


# ---------------------------------------------------------------- Flask app


@pytest.fixture
def app(tmp_path: Path, settings: Settings, clock: FakeClock):
    from queue_server.web.app import create_app

    # in-process: the test client needs no event loop, so no gevent monkey-patching here
    settings = replace(settings, server=replace(settings.server, async_mode="threading"))
    app = create_app(settings, data_dir=tmp_path / "data", clock=clock, testing=True)
    yield app
    app.extensions["loket"].hall.store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def tokens(app) -> dict[str, str]:
    """Bearer tokens for every kind of caller of the authorisation matrix."""
    hall = app.extensions["loket"].hall
    made = {
        "kiosk": accounts.create_device_token(hall, "kiosk-1", "kiosk").secret,
        "display": accounts.create_device_token(hall, "tv-1", "display").secret,
    }
    people = [
        ("officer_here", "officer", (), ("loket-1",)),
        ("officer_other", "officer", (), ("loket-6",)),
        ("supervisor_here", "supervisor", ("dukcapil",), ()),
        ("supervisor_other", "supervisor", ("samsat",), ()),
        ("admin", "admin", (), ()),
    ]
    for name, role, agencies, counters in people:
        accounts.create_user(hall, name, role, None, agencies=agencies, counters=counters)
        made[name] = accounts.create_user_token(hall, name).secret
    return made


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


# ---------------------------------------------------------------- live server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`queue-server serve` in its own process, on a free port, on a given data folder."""

    def __init__(self, data_dir: Path, config: Path = CONFIG, demo: bool = False,
                 env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.config = config
        self.demo = demo
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen | None = None
        self.log_path = data_dir.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "queue_server.cli", *args, "--config", str(self.config),
             "--data-dir", str(self.data_dir)],
            input=stdin, capture_output=True, text=True, env=self.env, timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(f"queue-server {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def start(self, timeout: float = 30) -> LiveServer:
        args = [sys.executable, "-m", "queue_server.cli", "serve", "--config", str(self.config),
                "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                "--port", str(self.port)]
        if self.demo:
            args.append("--demo")
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=self.env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/api/v1/health", timeout=1).ok:
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None
        if getattr(self, "log", None):
            self.log.close()


@pytest.fixture
def live_server_factory(tmp_path: Path) -> Iterator:
    servers: list[LiveServer] = []

    def make(**kwargs) -> LiveServer:
        server = LiveServer(tmp_path / "data", **kwargs)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def server(live_server_factory, tmp_path):
    """`queue-server serve` on an always-open copy of the hall's config, with a kiosk, a TV
    and an admin token in `server.tokens`; prints nowhere."""
    server = live_server_factory(config=always_open_config(tmp_path / "cfg"))
    server.tokens = provision(server.data_dir, server.config)
    return server.start()


@pytest.fixture
def emulator(tmp_path):
    from printer import PrinterEmulator

    emu = PrinterEmulator(host="127.0.0.1", port=0, out_dir=tmp_path / "printed").start()
    yield emu
    emu.stop()


@pytest.fixture
def printing_server(live_server_factory, tmp_path, emulator):
    """As `server`, printing on the project's emulator (timeout 1 s)."""
    server = live_server_factory(config=always_open_config(
        tmp_path / "cfg", printer_port=emulator.port, printer_timeout=1.0))
    server.tokens = provision(server.data_dir, server.config)
    return server.start()


def with_queue(settings: Settings, **changes) -> Settings:
    return replace(settings, queue=replace(settings.queue, **changes))


def without_quotas(settings: Settings) -> Settings:
    """The same hall with no daily quotas, for tests that issue thousands of tickets."""
    agencies = tuple(
        replace(a, services=tuple(replace(s, daily_quota=None) for s in a.services))
        for a in settings.agencies
    )
    return replace(settings, agencies=agencies)


def always_open_config(folder: Path, *, printer_port: int | None = None,
                       printer_timeout: float = 1.0, replace_text: dict[str, str] | None = None
                       ) -> Path:
    """config.toml with every service open all day every day and no holidays, for live
    servers that run on the real clock; optionally printing to a network printer (the
    emulator) on 127.0.0.1:printer_port."""
    text = CONFIG.read_text(encoding="utf-8")
    text = text.replace('engines = ["voice_pack", "gtts", "espeak"]', 'engines = ["espeak"]')
    for old, new in (replace_text or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    # the hall's real printer section is replaced: tests print on the emulator or nowhere
    text = text[:text.index("# " + "-" * 66 + " printers")]
    if printer_port is not None:
        text += (f'\n[printers.default]\nkind = "network"\nhost = "127.0.0.1"\n'
                 f"port = {printer_port}\ntimeout = {printer_timeout}\n")
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        start = text.index(f"\n{day} = ")
        end = text.index("\n", start + 1)
        text = text[:start] + f'\n{day} = "00:00-24:00"' + text[end:]
    text = text.replace('hours = { friday = "08:00-11:00" }', "")
    start = text.index("[holidays]")
    end = text.index("# ----", start)
    text = text[:start] + text[end:]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def provision(data_dir: Path, config: Path) -> dict[str, str]:
    """Devices and people a live server's tests act as, made in-process on its data folder
    (the CLI path is tested on its own; this keeps live tests fast)."""
    from queue_server.web.app import prepare_data

    settings = load_settings(config)
    store, _ = prepare_data(settings, data_dir)
    hall = Hall(store, settings)
    made = {
        "display": accounts.create_device_token(hall, "tv-lobi", "display").secret,
        "kiosk": accounts.create_device_token(hall, "kiosk-1", "kiosk").secret,
    }
    accounts.create_user(hall, "kepala", "admin", None)
    made["admin"] = accounts.create_user_token(hall, "kepala").secret
    store.close()
    return made


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (LOKET_FORBID_SKIPS=1) a skipped test is a failed test: nothing may hide."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("LOKET_FORBID_SKIPS") == "1" \
            and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed in CI: {report.longrepr}"
