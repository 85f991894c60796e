"""Shared fixtures: every test gets a real SQLite file under tmp_path, the real MPP Lebong
config, and a clock it controls. Live-server fixtures start `queue-server serve` for real
(tests/live_server.py, which the benchmarks use too)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from queue_server.domain.access import Principal
from queue_server.domain.models import DeviceKind, Role
from queue_server.services import accounts
from queue_server.services.hall import Hall
from queue_server.services.seeding import seed_catalog
from queue_server.settings import Settings, load_settings
from queue_server.store import open_store

# the live-server helper is shared with bench/; its names stay importable from here
from tests.live_server import (  # noqa: F401
    CONFIG,
    ROOT,
    LiveServer,
    always_open_config,
    provision,
)

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


def field_of(row: object, name: str) -> object:
    """One field of a row a service lists (tokens, devices, pairings): a mapping or a typed
    row, so the service tests read rows the same whichever the store hands back."""
    return row[name] if isinstance(row, dict) else getattr(row, name)


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


# ---------------------------------------------------------------- live server


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
    services = tuple(replace(s, daily_quota=None) for s in settings.services)
    return replace(settings, services=services)


# ---------------------------------------------------------------- markers

TESTS = Path(__file__).resolve().parent
BROWSER_TESTS = TESTS / "browser"
REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def redis_url() -> str:
    """The Redis message queue several server processes share (scripts/test.sh starts
    redis-server). Every test using it is marked `redis`; a missing Redis is a failure, not
    a skip."""
    import socket

    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            up = s.recv(16).startswith(b"+PONG")
    except OSError:
        up = False
    assert up, "redis-server is not running on 127.0.0.1:6379"
    return f"redis://{REDIS[0]}:{REDIS[1]}/0"


def pytest_collection_modifyitems(config, items):
    """Markers by what a test needs, so `-m "not browser"` / `-m "not redis"` select for
    real (a `pytestmark` in a conftest.py marks nothing): `browser` for every test under
    tests/browser/, `redis` for every test whose fixtures include `redis_url`."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        if "redis_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.redis)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (LOKET_FORBID_SKIPS=1) a skipped test is a failed test: nothing may hide."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("LOKET_FORBID_SKIPS") == "1" \
            and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed in CI: {report.longrepr}"
