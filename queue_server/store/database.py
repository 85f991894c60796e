"""Opening the SQLite file and running transactions on it.

Writers serialise on `BEGIN IMMEDIATE` (with a busy timeout) so two counters can never claim
one ticket: a plain `BEGIN` that reads first upgrades to a write lock too late and fails
under contention. Connections come from a small pool because request threads (or greenlets)
are short-lived and SQLite connections are costly to open.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .session import Session

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the pragmas every part of Loket relies on."""
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a ticket the citizen holds in hand must survive a power cut right after printing.
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


class Store:
    """The SQLite file of one hall. Thread- and greenlet-safe."""

    def __init__(self, path: Path | str, pool_size: int = 8) -> None:
        self.path = Path(path)
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
        return connect(self.path)

    def _checkin(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:  # never hand out a connection with a half-done transaction
            conn.rollback()
        with self._lock:
            if not self._closed and len(self._pool) < self._pool_size:
                self._pool.append(conn)
                return
        conn.close()

    def close(self) -> None:
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
    def write(self) -> Iterator[Session]:
        """One `BEGIN IMMEDIATE` transaction: rows and their events commit together or not
        at all. The session's `events` are the committed events once the block ends."""
        conn = self._checkout()
        try:
            with self._write_lock:
                conn.execute("BEGIN IMMEDIATE")
                session = Session(conn)
                try:
                    yield session
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        finally:
            self._checkin(conn)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for reads that span several queries."""
        conn = self._checkout()
        try:
            conn.execute("BEGIN")
            try:
                yield Session(conn, writable=False)
            finally:
                conn.execute("COMMIT")
        finally:
            self._checkin(conn)
