"""The process's call log answers exactly what reading the events table answers: other
processes' commits, the asking transaction's own uncommitted calls, rollbacks, windows that
move on and windows asked further back (store/call_log.py)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from queue_server.store import open_store

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 WIB
COUNTERS = ["loket-1", "loket-2", "loket-3"]


class Rollback(Exception):
    pass


def append_some(tx, rng: random.Random, at: datetime) -> None:
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["called", "called", "recalled", "finished", "issued"])
        counter = rng.choice(COUNTERS) if kind != "issued" else None
        tx.events.append(kind, at + timedelta(seconds=rng.random()), "test",
                         counter_id=counter, service_id=rng.choice(["ktp-el", "skck"]),
                         data={"priority": rng.random() < 0.3})


def both(tx, since: datetime) -> tuple[dict, dict]:
    return (tx.eta.call_times(COUNTERS, since), tx.eta.read_call_times(COUNTERS, since))


@pytest.mark.parametrize("seed", range(6))
def test_the_call_log_gives_what_the_events_table_gives(tmp_path, seed):
    rng = random.Random(seed)
    here = open_store(tmp_path / "hall.db")
    other = open_store(tmp_path / "hall.db")  # another server process on the same file
    try:
        now = START
        for step in range(120):
            now += timedelta(minutes=rng.choice([0, 0.5, 1, 3]))
            # the window usually follows the clock; now and then a use case asks an older one
            since = now - timedelta(minutes=rng.choice([45, 45, 45, 90, 400]))
            action = rng.choice(["other", "write", "write", "rollback", "read"])
            if action == "other":
                with other.write() as tx:
                    append_some(tx, rng, now)
            elif action == "read":
                with here.read() as tx:
                    cached, table = both(tx, since)
                    assert cached == table, step
            else:
                try:
                    with here.write() as tx:
                        append_some(tx, rng, now)
                        cached, table = both(tx, since)  # its own calls, not committed
                        assert cached == table, step
                        if action == "rollback":
                            raise Rollback
                except Rollback:
                    pass
        with here.read() as tx:
            cached, table = both(tx, START - timedelta(hours=1))
            assert cached == table
            assert sum(map(len, table.values())) > 20  # the test did call
    finally:
        here.close()
        other.close()


def test_calls_older_than_the_kept_window_are_read_from_the_table(tmp_path):
    store = open_store(tmp_path / "hall.db")
    try:
        with store.write() as tx:
            tx.events.append("called", START, "test", counter_id="loket-1",
                             service_id="skck", data={"priority": True})
        later = START + timedelta(hours=8)
        with store.write() as tx:
            tx.events.append("called", later, "test", counter_id="loket-1",
                             service_id="ktp-el", data={"priority": False})
        with store.read() as tx:
            assert tx.eta.call_times(["loket-1"], later - timedelta(minutes=45)) == {
                "loket-1": [(later, False, "ktp-el")]}
            # the log forgot the morning meanwhile; asked again, the table answers
            assert tx.eta.call_times(["loket-1"], START - timedelta(minutes=1)) == {
                "loket-1": [(START, True, "skck"), (later, False, "ktp-el")]}
    finally:
        store.close()


def test_history_another_process_imports_is_answered_as_the_table_answers(tmp_path):
    here, other = open_store(tmp_path / "hall.db"), open_store(tmp_path / "hall.db")
    now = START + timedelta(hours=6)
    try:
        with here.write() as tx:
            tx.events.append("called", now, "test", counter_id="loket-1",
                             service_id="skck", data={"priority": False})
        with here.read() as tx:
            cached, table = both(tx, now - timedelta(minutes=45))
            assert cached == table
        with other.write() as tx:  # the demo's past days, written while the hall runs
            for hours in (3, 30):
                tx.events.append("called", now - timedelta(hours=hours), "history",
                                 counter_id="loket-1", service_id="ktp-el",
                                 data={"priority": True})
        for window in (timedelta(minutes=45), timedelta(hours=4), timedelta(hours=31)):
            with here.read() as tx:
                cached, table = both(tx, now - window)
                assert cached == table, window
        assert len(table["loket-1"]) == 3
    finally:
        here.close()
        other.close()
