"""The commit off the loop (issue 15, part 5): each way `Store.write()` commits keeps the
rule that no caller returns before its commit is on disk; group commit shares one WAL fsync
among the writers that committed while the previous one ran."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from queue_server.store import Store
from queue_server.store.commit import GroupSync, commit_mode

SYNC_FULL, SYNC_NORMAL = 2, 1


def _store(path: Path, commit: str) -> Store:
    store = Store(path, commit=commit)
    with store.database() as db:
        db.execute("CREATE TABLE IF NOT EXISTS marks (id INTEGER PRIMARY KEY, n INTEGER)")
    return store


class FsyncSpy:
    """Stands in for GroupSync._fsync: records the last commit each fsync covered (read as
    it starts), once it has finished, and lasts `seconds` so writers pile up behind it."""

    def __init__(self, group: GroupSync, seconds: float = 0.0, fail_first: bool = False):
        self.group, self.seconds, self.fail_next = group, seconds, fail_first
        self.real = group._fsync
        self.finished: list[int] = []
        self._lock = threading.Lock()

    def __call__(self) -> None:
        covers = self.group._committed
        if self.fail_next:
            self.fail_next = False
            raise OSError(5, "Input/output error")
        time.sleep(self.seconds)
        self.real()
        with self._lock:
            self.finished.append(covers)


def _spy(store: Store, **kwargs) -> tuple[FsyncSpy, threading.local]:
    """The spy, and a thread-local `number` set to each write's commit number."""
    group = store._group
    assert group is not None
    spy = FsyncSpy(group, **kwargs)
    group._fsync = spy  # type: ignore[method-assign]
    mine = threading.local()
    committed = group.committed

    def numbered() -> int:
        mine.number = committed()
        return mine.number

    group.committed = numbered  # type: ignore[method-assign]
    return spy, mine


def test_group_commit_returns_only_after_an_fsync_that_covers_the_commit(tmp_path):
    store = _store(tmp_path / "hall.db", "group")
    spy, mine = _spy(store, seconds=0.003)
    late: list[tuple[int, list[int]]] = []
    writers, each = 8, 25

    def writer(w: int) -> None:
        for i in range(each):
            with store.write() as tx:
                tx.conn.execute("INSERT INTO marks (n) VALUES (?)", (w * 1000 + i,))
            if not any(covered >= mine.number for covered in list(spy.finished)):
                late.append((mine.number, list(spy.finished)))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert late == []  # nobody returned before its commit was synced
        with store.read() as tx:
            assert tx.conn.execute("SELECT count(*) FROM marks").fetchone()[0] == writers * each
        # writers that committed during an fsync shared the next one
        assert len(spy.finished) < writers * each
    finally:
        store.close()


def test_group_commit_with_one_writer_syncs_after_every_commit(tmp_path):
    store = _store(tmp_path / "hall.db", "group")
    spy, mine = _spy(store)
    try:
        for i in range(20):
            with store.write() as tx:
                tx.conn.execute("INSERT INTO marks (n) VALUES (?)", (i,))
            assert spy.finished[-1] == mine.number
        assert len(spy.finished) == 20
    finally:
        store.close()


def test_a_write_that_need_not_be_durable_waits_for_no_fsync_and_the_next_one_covers_it(
        tmp_path):
    store = _store(tmp_path / "hall.db", "group")
    spy, mine = _spy(store)
    try:
        with store.write(durable=False) as tx:
            tx.conn.execute("INSERT INTO marks (n) VALUES (1)")
        assert spy.finished == []  # committed, not waited for
        with store.write() as tx:
            tx.conn.execute("INSERT INTO marks (n) VALUES (2)")
        assert spy.finished == [mine.number] and mine.number == 2  # one fsync for both
    finally:
        store.close()


def test_a_write_that_changed_nothing_runs_no_fsync(tmp_path):
    """A console looking at an empty queue writes nothing: no fsync of its own."""
    store = _store(tmp_path / "hall.db", "group")
    spy, _ = _spy(store)
    try:
        with store.write() as tx:
            tx.conn.execute("INSERT INTO marks (n) VALUES (1)")
        assert len(spy.finished) == 1
        for _ in range(5):
            with store.write() as tx:
                assert tx.conn.execute("SELECT count(*) FROM marks").fetchone()[0] == 1
                tx.conn.execute("UPDATE marks SET n = 2 WHERE n = 99")  # matches no row
        assert len(spy.finished) == 1
        with store.write() as tx:
            tx.conn.execute("UPDATE marks SET n = 2 WHERE n = 1")
        assert len(spy.finished) == 2  # a row changed: synced as ever
    finally:
        store.close()


def test_a_write_that_changed_nothing_syncs_when_other_processes_write_the_file(tmp_path):
    """Scale-out: another process's commit may be in the WAL, unsynced, and this process
    cannot wait for that fsync: a write that changed nothing syncs as before."""
    store = Store(tmp_path / "hall.db", commit="group", shared=True)
    with store.database() as db:
        db.execute("CREATE TABLE IF NOT EXISTS marks (id INTEGER PRIMARY KEY, n INTEGER)")
    spy, _ = _spy(store)
    try:
        _insert(store, 1)
        with store.write() as tx:
            tx.conn.execute("SELECT count(*) FROM marks").fetchone()
        assert len(spy.finished) == 2
    finally:
        store.close()


def test_a_write_that_changed_nothing_waits_for_the_commit_it_read(tmp_path):
    """What it read may be a commit still being synced (a retried tap recalling the ticket
    the first tap issued): its answer must not leave before that commit is on disk."""
    store = _store(tmp_path / "hall.db", "group")
    group = store._group
    assert group is not None
    spy, _ = _spy(store, seconds=0.3)
    first = threading.Thread(target=lambda: _insert(store, 1))
    try:
        first.start()
        deadline = time.monotonic() + 5
        while group._committed < 1 and time.monotonic() < deadline:  # committed, syncing
            time.sleep(0.001)
        assert spy.finished == []
        with store.write() as tx:
            assert tx.conn.execute("SELECT n FROM marks").fetchone()[0] == 1
        assert spy.finished == [1]  # returned only once the commit it read was synced
        first.join(5)
        assert len(spy.finished) == 1  # and ran no fsync of its own
    finally:
        store.close()


def _insert(store: Store, n: int) -> None:
    with store.write() as tx:
        tx.conn.execute("INSERT INTO marks (n) VALUES (?)", (n,))


def test_writers_queueing_for_the_write_lock_hold_no_connection(tmp_path):
    """60 consoles pressing at once must not open 60 SQLite connections: a writer takes
    its connection once the write lock is its own, so the pool (8) is never outgrown."""
    store = _store(tmp_path / "hall.db", "group")
    opened: list[object] = []
    real_checkout = store._checkout

    def checkout():
        conn = real_checkout()
        if conn not in opened:
            opened.append(conn)
        return conn

    store._checkout = checkout  # type: ignore[method-assign]
    start = threading.Barrier(24)

    def writer(n: int) -> None:
        start.wait()
        for i in range(5):
            with store.write() as tx:
                tx.conn.execute("INSERT INTO marks (n) VALUES (?)", (n * 10 + i,))
                time.sleep(0.001)  # others pile up at the lock meanwhile

    try:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with store.read() as tx:
            assert tx.conn.execute("SELECT count(*) FROM marks").fetchone()[0] == 120
        assert len(opened) <= 2, len(opened)  # the writers' one, and the read's
    finally:
        store.close()


def test_a_failed_fsync_fails_that_write_and_the_next_write_syncs_again(tmp_path):
    store = _store(tmp_path / "hall.db", "group")
    spy, mine = _spy(store, fail_first=True)
    try:
        with pytest.raises(OSError), store.write() as tx:
            tx.conn.execute("INSERT INTO marks (n) VALUES (1)")
        with store.write() as tx:
            tx.conn.execute("INSERT INTO marks (n) VALUES (2)")
        # the second fsync covers both commits: the first one is on disk now too
        assert spy.finished == [mine.number] and mine.number == 2
    finally:
        store.close()


@pytest.mark.parametrize(("commit", "writes_with"), [
    ("loop", SYNC_FULL), ("threadpool", SYNC_FULL), ("group", SYNC_NORMAL)])
def test_write_connections_sync_in_sqlite_unless_the_group_syncs_them(
        tmp_path, commit, writes_with):
    store = _store(tmp_path / "hall.db", commit)
    try:
        with store.write() as tx:
            assert tx.conn.execute("PRAGMA synchronous").fetchone()[0] == writes_with
        # migrations and seeding commit through sqlite-utils, outside the group: FULL
        with store.database() as db:
            assert db.execute("PRAGMA synchronous").fetchone()[0] == SYNC_FULL
        with store.write() as tx:
            assert tx.conn.execute("PRAGMA synchronous").fetchone()[0] == writes_with
    finally:
        store.close()


def test_an_unknown_commit_mode_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv("LOKET_COMMIT", "fast")
    with pytest.raises(ValueError, match="loop, threadpool, group"):
        commit_mode()
    assert commit_mode("loop") == "loop"


GEVENT_SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import sys
    import threading
    import gevent
    from queue_server.store import Store

    store = Store(sys.argv[1], commit=sys.argv[2])
    with store.database() as db:
        db.execute("CREATE TABLE marks (id INTEGER PRIMARY KEY, n INTEGER)")
    loop_thread = threading.get_native_id()
    ran_on = {}
    ticks = []

    def ticker():  # a greenlet that needs the loop now and then, as a socket's does
        while True:
            ticks.append(1)
            # not sleep(0): a greenlet spinning on sleep(0) starves the loop's watchers,
            # the threadpool's answer included, whatever the commit mode
            gevent.sleep(0.001)

    def writer():
        for i in range(50):
            with store.write() as tx:
                tx.conn.execute("INSERT INTO marks (n) VALUES (?)", (i,))
                tx.conn.set_trace_callback(
                    lambda sql: ran_on.setdefault(sql, threading.get_native_id()))
            tx.conn.set_trace_callback(None)

    t = gevent.spawn(ticker)
    gevent.spawn(writer).get()
    t.kill()
    print(ran_on["COMMIT"] != loop_thread, len(ticks) > 0)
""")


@pytest.mark.parametrize(("commit", "off_loop"), [("threadpool", True), ("loop", False)])
def test_under_gevent_the_threadpool_mode_commits_on_a_native_thread(
        tmp_path, commit, off_loop):
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", GEVENT_SCRIPT, str(tmp_path / "g.db"), commit],
                         capture_output=True, text=True, cwd=root, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(off_loop), "True"]


LONE_WRITER_SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import sys
    import threading
    import gevent
    from queue_server.store import Store

    store = Store(sys.argv[1], commit="group")
    with store.database() as db:
        db.execute("CREATE TABLE marks (id INTEGER PRIMARY KEY, n INTEGER)")
    loop_thread = threading.get_native_id()
    synced_on = []
    real = store._group._fsync

    def fsync():
        synced_on.append(threading.get_native_id() == loop_thread)
        real()

    store._group._fsync = fsync

    def write(n):
        with store.write() as tx:
            tx.conn.execute("INSERT INTO marks (n) VALUES (?)", (n,))

    for i in range(10):  # one writer at a time: nobody could share its fsync
        write(i)
    alone = list(synced_on)
    synced_on.clear()
    gevent.joinall([gevent.spawn(write, i) for i in range(20)])  # a crowd at the lock
    print(all(alone), len(alone), synced_on.count(False) > 0, len(synced_on) < 20)
""")


def test_a_lone_writer_syncs_on_the_loop_and_a_crowd_shares_an_fsync_off_it(tmp_path):
    """The threadpool's hand-over costs a lone request more than its fsync blocks the loop;
    writers queued behind one another share one fsync run off the loop."""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", LONE_WRITER_SCRIPT, str(tmp_path / "g.db")],
                         capture_output=True, text=True, cwd=root, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "10", "True", "True"]
