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

from .call_log import CallLog
from .commit import GroupSync, commit_mode, off_loop
from .folder import private_file
from .transaction import Transaction

OPEN_TIMEOUT_MS = 10_000
# SQLite's own busy wait is a C sleep that no event loop can interrupt: under gevent it would
# freeze every screen of the hall while another process writes. Keep it short and wait for
# the write lock cooperatively instead (see begin_immediate).
BUSY_TIMEOUT_MS = 20
WRITE_LOCK_WAIT_SECONDS = 15.0
# The WAL of a hall day is a few MB; after a burst (a simulated history, a report while the
# kiosks issue) SQLite keeps the file at its high-water mark unless told otherwise. A WAL
# that restarts is cut back to this size, and one that grows past WAL_RESTART_BYTES is
# checkpointed with RESTART so the next writer starts over at its beginning.
JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024
WAL_RESTART_BYTES = 4 * 1024 * 1024
# A RESTART/TRUNCATE checkpoint waits this long (in its own OS thread) for readers to leave
# the WAL; meanwhile this process's writers hold off for at most HOLD_WRITERS_SECONDS.
CHECKPOINT_BUSY_TIMEOUT_MS = 250
HOLD_WRITERS_SECONDS = 0.5
TRUNCATE_RETRY_SECONDS = 2.0  # after an idle TRUNCATE that a long reader kept from finishing


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the pragmas every part of Loket relies on."""
    if str(path) != ":memory:":
        private_file(Path(path))  # 0600 before SQLite makes it; -wal and -shm copy its mode
    conn = sqlite3.connect(
        str(path), timeout=OPEN_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a ticket the citizen holds in hand must survive a power cut right after printing.
    # (Group commit, store/commit.py, turns write connections to NORMAL and fsyncs the WAL
    # itself before any answer: the same guarantee, one fsync for many commits.)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT_BYTES}")
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
    the p99 of call-next), and keeps the WAL file small (issue 13, defect 3).

    Every `poll` seconds it looks at the WAL (a stat and `PRAGMA data_version`, both
    cheap; often, since a grouped commit writes the WAL without waiting for the disk and
    600 tickets a second grow it by ~4 MB in a quarter of a second): while the hall
    writes, a PASSIVE checkpoint every `interval` seconds (it never waits for anyone), a
    RESTART one once the WAL passed WAL_RESTART_BYTES; once no commit came for `idle`
    seconds, a TRUNCATE one that gives the file back to the disk."""

    def __init__(self, path: Path, interval: float = 1.0, *, poll: float = 0.05,
                 idle: float = 1.0, restart_bytes: int = WAL_RESTART_BYTES) -> None:
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self.interval = interval
        self.poll = min(poll, interval)
        self.idle = idle
        self.restart_bytes = restart_bytes
        self.stopped = False
        self.holding_writers = False  # a plain bool: read across OS threads and greenlets
        self.checkpoints = 0
        self.modes: dict[str, int] = {"PASSIVE": 0, "RESTART": 0, "TRUNCATE": 0}

    def start(self) -> None:
        start_thread, _ = _native_thread_tools()
        start_thread(self._run, ())

    def wal_bytes(self) -> int:
        try:
            return self.wal.stat().st_size
        except FileNotFoundError:
            return 0

    def _run(self) -> None:
        _, sleep = _native_thread_tools()
        conn = connect(self.path)
        version = None
        last_commit = last_checkpoint = truncate_after = time.monotonic()
        try:
            while not self.stopped:
                sleep(self.poll)
                try:
                    now = time.monotonic()
                    seen = conn.execute("PRAGMA data_version").fetchone()[0]
                    if seen != version:
                        version, last_commit = seen, now
                    mode = self._mode(now - last_commit, now - last_checkpoint,
                                      dirty=last_commit >= last_checkpoint,
                                      truncate_ok=now >= truncate_after)
                    if mode is None:
                        continue
                    if self._checkpoint(conn, mode) and mode == "TRUNCATE":
                        # a long reader (a report, another process) kept it from finishing:
                        # do not make this process's writers wait again at every poll
                        truncate_after = now + TRUNCATE_RETRY_SECONDS
                    last_checkpoint = now
                    self.checkpoints += 1
                    self.modes[mode] += 1
                except sqlite3.Error:
                    continue  # pages it could not move are moved on a later round
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection, mode: str) -> bool:
        """Run one checkpoint; True when it could not finish (SQLITE_BUSY)."""
        if mode == "PASSIVE":
            return bool(conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0])
        # RESTART and TRUNCATE need a moment with no writer: back-to-back writers of this
        # process would starve SQLite's busy handler, so they hold off meanwhile (see
        # wait_if_holding_writers)
        self.holding_writers = True
        try:
            conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_TIMEOUT_MS}")
            return bool(conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()[0])
        finally:
            self.holding_writers = False
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def wait_if_holding_writers(self) -> None:
        """Called by this process's writers before BEGIN IMMEDIATE: a cooperative wait
        (time.sleep yields under gevent) of at most HOLD_WRITERS_SECONDS."""
        if not self.holding_writers:
            return
        deadline = time.monotonic() + HOLD_WRITERS_SECONDS
        while self.holding_writers and time.monotonic() < deadline:
            time.sleep(0.001)

    def _mode(self, since_commit: float, since_checkpoint: float, *, dirty: bool = True,
              truncate_ok: bool = True) -> str | None:
        # the file's size, not its content: a restarted WAL keeps its length (up to
        # journal_size_limit) and is written over from its start
        size = self.wal_bytes()
        if size == 0:
            return None
        if truncate_ok and since_commit >= self.idle:
            return "TRUNCATE"
        if size > self.restart_bytes:
            return "RESTART"
        # a WAL whose pages all reached the database file is started over by the next
        # writer (when no reader still uses it)
        return "PASSIVE" if dirty and since_checkpoint >= self.interval else None

    def stop(self) -> None:
        self.stopped = True


class Store:
    """The SQLite file of one hall. Thread- and greenlet-safe."""

    def __init__(self, path: Path | str, pool_size: int = 8, *,
                 commit: str | None = None, shared: bool = False) -> None:
        """`shared`: other server processes write this file too (scale-out on Redis)."""
        self.path = Path(path)
        # a write that changed no row may skip its fsync only when every commit it could
        # have read is this process's, whose fsyncs it can wait for (write())
        self._shared = shared
        # how write() commits (store/commit.py): on the loop, in gevent's threadpool, or
        # grouped behind one off-loop fsync of the WAL
        self.commit_mode = commit_mode(commit)
        self._group = GroupSync(self.path) if self.commit_mode == "group" else None
        self._checkpointer: Checkpointer | None = None
        self._pool: list[sqlite3.Connection] = []
        self._pool_size = pool_size
        self._lock = threading.Lock()
        # Writers of this process queue here rather than in SQLite's busy handler, which
        # sleeps with backoff and lets one busy thread starve the others. Other processes
        # still meet at BEGIN IMMEDIATE + busy_timeout.
        self._write_lock = threading.Lock()
        # writers inside write() (waiting for the lock or holding it): with none behind a
        # commit, nobody could share its fsync (read without the lock: a hint, either way
        # the commit is on disk before the caller goes on)
        self._writers = 0
        self._closed = False
        # the counters' recent calls, read once and then by id (store/call_log.py)
        self.call_log = CallLog()

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
        if self._group is not None:
            # write() syncs the WAL itself, once for the commits of a group
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def checkpoint_in_background(self, interval: float = 1.0) -> None:
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

    @property
    def closed(self) -> bool:
        """Closed (the process is stopping): background work drops what it still holds."""
        return self._closed

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
            if self._group is not None:  # its commits are not grouped: each syncs itself
                conn.execute("PRAGMA synchronous=FULL")
            yield sqlite_utils.Database(conn, execute_plugins=False)
        finally:
            if self._group is not None:
                if conn.in_transaction:  # a PRAGMA cannot change it inside one
                    conn.rollback()
                conn.execute("PRAGMA synchronous=NORMAL")
            self._checkin(conn)

    # -- transactions

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Transaction]:
        """One `BEGIN IMMEDIATE` transaction: rows and their events commit together or not
        at all. The transaction's `written` events are committed once the block ends, and
        on disk too unless `durable` is False (what a power cut may lose and nobody needs:
        the room marks, for instance; they are synced with the next commit's fsync)."""
        commit = 0
        with self._lock:
            self._writers += 1
        try:
            with self._write_lock:
                # the connection is taken once the lock is ours: writers queueing for the
                # lock (a hall's 60 consoles at once) hold no connection, so the pool suffices
                conn = self._checkout()
                try:
                    if self._checkpointer is not None:
                        self._checkpointer.wait_if_holding_writers()
                    begin_immediate(conn)
                    changes = conn.total_changes
                    tx = Transaction(conn, call_log=self.call_log)
                    try:
                        yield tx
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    if self.commit_mode == "threadpool":
                        # this greenlet holds the write lock and the connection: nothing else
                        # touches either while a native thread runs the FULL commit
                        off_loop(conn.execute, "COMMIT")
                    else:
                        conn.execute("COMMIT")
                    if self._group is not None:
                        # nothing changed (a console looking at an empty queue): no new
                        # commit to sync, only the wait for what it may have read
                        changed = conn.total_changes != changes or self._shared
                        commit = self._group.committed() if changed else self._group.newest()
                finally:
                    self._checkin(conn)
        finally:
            with self._lock:
                self._writers -= 1
        if commit and durable and self._group is not None:
            # outside the write lock, so the next transactions commit while this fsync runs;
            # the caller answers (and publishes) only once its commit is on disk
            self._group.wait_durable(commit, alone=self._writers == 0)

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        """A consistent snapshot for reads that span several queries."""
        conn = self._checkout()
        try:
            conn.execute("BEGIN")
            try:
                yield Transaction(conn, writable=False, call_log=self.call_log)
            finally:
                conn.execute("COMMIT")
        finally:
            self._checkin(conn)
