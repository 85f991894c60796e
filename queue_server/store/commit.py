"""Where a write transaction's COMMIT runs, and when its change is on disk (issue 15, part 5).

With `synchronous=FULL` every COMMIT ends in an fsync of the WAL: 0.2-0.4 ms (more on a
busy disk) during which the gevent loop serves no socket. Three ways to commit:

* `loop`: the COMMIT on the caller's thread, as before (under gevent: on the loop).
* `threadpool`: the same FULL COMMIT run in gevent's native threadpool; the greenlet that
  holds the transaction waits for it, every other greenlet runs meanwhile.
* `group`: the COMMIT writes the WAL without an fsync (`synchronous=NORMAL`), then the
  request waits for one fsync of the WAL, run off the loop, that covers every commit which
  finished before it started: the tickets that arrived while the previous fsync ran share
  the next one. No answer leaves before its commit is on disk, as with FULL.

`LOKET_COMMIT` (environment) picks one; bench/issue.py measures all three.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

COMMIT_MODES = ("loop", "threadpool", "group")
DEFAULT_COMMIT_MODE = "group"
COMMIT_MODE_ENV = "LOKET_COMMIT"

T = TypeVar("T")


def commit_mode(explicit: str | None = None) -> str:
    mode = explicit or os.environ.get(COMMIT_MODE_ENV) or DEFAULT_COMMIT_MODE
    if mode not in COMMIT_MODES:
        raise ValueError(f"{COMMIT_MODE_ENV} must be one of {', '.join(COMMIT_MODES)}: {mode!r}")
    return mode


def off_loop(fn: Callable[..., T], *args: object) -> T:
    """Run `fn` in gevent's native threadpool when gevent drives this thread, so a blocking
    disk call freezes only the calling greenlet; a plain call otherwise (sqlite3 and
    os.fsync release the GIL, other OS threads run meanwhile)."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return fn(*args)
    if not monkey.is_module_patched("threading"):
        return fn(*args)
    import gevent

    return gevent.get_hub().threadpool.apply(fn, args)


class GroupSync:
    """Commits count up; `wait_durable(n)` returns once an fsync that started after commit
    n was written has finished. One waiter (the leader) runs the fsync; the others wait on
    the condition and find their commit covered, or lead the next round."""

    def __init__(self, path: Path) -> None:
        self.db = path
        self.wal = path.with_name(path.name + "-wal")
        # threading.Condition is gevent's own once threading is patched: waiters yield
        self._cond = threading.Condition(threading.Lock())
        self._committed = 0
        self._synced = 0
        self._flushing = False
        self.syncs = 0  # fsyncs run, for tests and benches

    def committed(self) -> int:
        """Call right after a COMMIT returned (still holding the write lock): its number."""
        with self._cond:
            self._committed += 1
            return self._committed

    def newest(self) -> int:
        """The newest commit's number, for a transaction that changed nothing: it wrote
        nothing to sync, but what it read may be a commit whose fsync is still running, and
        its answer must not get ahead of that (a retried tap recalling an unsynced ticket)."""
        with self._cond:
            return self._committed

    def wait_durable(self, commit: int, *, alone: bool = False) -> None:
        """`alone`: no other writer is queued behind this one, so nobody could share its
        fsync: the leader runs it right here (on the loop, 0.2-0.4 ms) rather than pay the
        threadpool's hand-over there and back, which costs a lone request more than that."""
        with self._cond:
            while self._synced < commit:
                if self._flushing:
                    self._cond.wait()
                    continue
                self._flushing = True
                covers = self._committed  # every commit up to here was written before the fsync
                self._cond.release()
                try:
                    if alone:
                        self._fsync()
                    else:
                        off_loop(self._fsync)
                finally:
                    self._cond.acquire()
                    self._flushing = False
                    self._cond.notify_all()
                # reached only when the fsync succeeded; a failure raises to this request and
                # the next waiter tries again
                self._synced = max(self._synced, covers)
                self.syncs += 1

    def _fsync(self) -> None:
        try:
            fd = os.open(self.wal, os.O_RDONLY)
        except FileNotFoundError:
            # no WAL: the last connection's close checkpointed it into the database file
            fd = os.open(self.db, os.O_RDONLY)
        try:
            os.fdatasync(fd)  # what SQLite itself uses on Linux for the WAL
        finally:
            os.close(fd)
