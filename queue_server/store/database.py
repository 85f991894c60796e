"""Opening the SQLite file and running transactions on it.

Writers serialise on `BEGIN IMMEDIATE` (with a busy timeout) so two counters can never claim
one ticket: a plain `BEGIN` that reads first upgrades to a write lock too late and fails
under contention. Connections come from a small pool because request threads (or greenlets)
are short-lived and SQLite connections are costly to open.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .transaction import Transaction

OPEN_TIMEOUT_MS = 10_000
# SQLite's own busy wait is a C sleep that no event loop can interrupt: under gevent it would
# freeze every screen of the hall while another process writes. Keep it short and wait for
# the write lock cooperatively instead (see begin_immediate).
BUSY_TIMEOUT_MS = 20
WRITE_LOCK_WAIT_SECONDS = 15.0


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the pragmas every part of Loket relies on."""
    conn = sqlite3.connect(
        str(path), timeout=OPEN_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a ticket the citizen holds in hand must survive a power cut right after printing.
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


def begin_immediate(conn: sqlite3.Connection,
                    wait_seconds: float = WRITE_LOCK_WAIT_SECONDS) -> None:
    """Take the write lock, sleeping between tries with time.sleep (a cooperative yield
    once gevent has patched it) while another process holds it."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.002
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def _native_thread_tools():
    """An OS thread and a real sleep, even when gevent has patched threading and time:
    a checkpoint is long disk I/O that must not run on the event loop."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        monkey = None
    if monkey is not None and monkey.is_module_patched("threading"):
        return (monkey.get_original("_thread", "start_new_thread"),
                monkey.get_original("time", "sleep"))
    import _thread

    return _thread.start_new_thread, time.sleep


class Checkpointer:
    """Moves WAL pages into the database file in a background OS thread, so the request
    whose commit crosses SQLite's auto-checkpoint threshold does not pay for it (it was
    the p99 of call-next)."""

    def __init__(self, path: Path, interval: float = 1.0) -> None:
        self.path = path
        self.interval = interval
        self.stopped = False
        self.checkpoints = 0

    def start(self) -> None:
        start_thread, _ = _native_thread_tools()
        start_thread(self._run, ())

    def _run(self) -> None:
        _, sleep = _native_thread_tools()
        conn = connect(self.path)
        try:
            while not self.stopped:
                sleep(self.interval)
                try:
                    # PASSIVE never waits for readers or writers; pages it cannot move yet
                    # are moved on a later round
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    self.checkpoints += 1
                except sqlite3.Error:
                    continue
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopped = True


class Store:
    """The SQLite file of one hall. Thread- and greenlet-safe."""

    def __init__(self, path: Path | str, pool_size: int = 8) -> None:
        self.path = Path(path)
        self._checkpointer: Checkpointer | None = None
        self._pool: list[sqlite3.Connection] = []
        self._pool_size = pool_size
        self._lock = threading.Lock()
        # Writers of this process queue here rather than in SQLite's busy handler, which
        # sleeps with backoff and lets one busy thread starve the others. Other processes
        # still meet at BEGIN IMMEDIATE + busy_timeout.
        self._write_lock = threading.Lock()
        self._closed = False

    # -- connections

    def _checkout(self) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise RuntimeError("store is closed")
            if self._pool:
                return self._pool.pop()
        conn = connect(self.path)
        if self._checkpointer is not None:
            conn.execute("PRAGMA wal_autocheckpoint=0")
        return conn

    def checkpoint_in_background(self, interval: float = 5.0) -> None:
        """For the long-running server: checkpoints leave the request path."""
        if self._checkpointer is not None:
            return
        with self._lock:
            for conn in self._pool:
                conn.execute("PRAGMA wal_autocheckpoint=0")
        self._checkpointer = Checkpointer(self.path, interval)
        self._checkpointer.start()

    def _checkin(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:  # never hand out a connection with a half-done transaction
            conn.rollback()
        with self._lock:
            if not self._closed and len(self._pool) < self._pool_size:
                self._pool.append(conn)
                return
        conn.close()

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, []
        for conn in pool:
            conn.close()

    @contextmanager
    def database(self) -> Iterator[sqlite_utils.Database]:
        """A sqlite-utils handle, for migrations and seeding (not the hot paths)."""
        conn = self._checkout()
        try:
            yield sqlite_utils.Database(conn, execute_plugins=False)
        finally:
            self._checkin(conn)

    # -- transactions

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """One `BEGIN IMMEDIATE` transaction: rows and their events commit together or not
        at all. The transaction's `written` events are committed once the block ends."""
        conn = self._checkout()
        try:
            with self._write_lock:
                begin_immediate(conn)
                tx = Transaction(conn)
                try:
                    yield tx
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        finally:
            self._checkin(conn)

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        """A consistent snapshot for reads that span several queries."""
        conn = self._checkout()
        try:
            conn.execute("BEGIN")
            try:
                yield Transaction(conn, writable=False)
            finally:
                conn.execute("COMMIT")
        finally:
            self._checkin(conn)
