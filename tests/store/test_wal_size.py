"""The WAL stays bounded over a long busy day (issue 13, defect 3): it used to grow to
hundreds of MB because the server switched SQLite's auto-checkpoint off and only ever ran
PASSIVE checkpoints, which readers can keep from finishing, with no journal_size_limit."""

from __future__ import annotations

import threading
import time

from queue_server.services import tickets
from queue_server.store.database import JOURNAL_SIZE_LIMIT_BYTES, WAL_RESTART_BYTES
from tests.conftest import KIOSK, without_quotas

# 4 MB is where the checkpointer restarts the WAL and where SQLite cuts a restarted WAL back
# to; a RESTART may wait a poll (0.05 s) or be refused once while a reader holds an old
# snapshot, so allow four times that. The defect's WAL was past 100 MB at this many tickets.
WAL_LIMIT_BYTES = 16 * 1024 * 1024
TICKETS = 3_000


def test_wal_stays_bounded_while_3000_tickets_are_issued_under_readers_and_empties_when_idle(
        make_hall, settings):
    assert 4 * max(JOURNAL_SIZE_LIMIT_BYTES, WAL_RESTART_BYTES) <= WAL_LIMIT_BYTES
    hall = make_hall(without_quotas(settings))
    hall.store.checkpoint_in_background()  # what a serving process does, default interval
    checkpointer = hall.store._checkpointer
    services = [s.id for s in hall.config.services if s.daily_quota is None][:6]
    stop = threading.Event()

    def read_all_day() -> None:  # the TVs' and consoles' snapshots, back to back
        while not stop.is_set():
            with hall.store.read() as tx:
                tx.tickets.issued_counts(hall.today())
                time.sleep(0.002)

    readers = [threading.Thread(target=read_all_day) for _ in range(2)]
    for reader in readers:
        reader.start()
    largest = 0
    try:
        for n in range(TICKETS):
            tickets.issue_ticket(hall, KIOSK, services[n % len(services)])
            largest = max(largest, checkpointer.wal_bytes())
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert largest < WAL_LIMIT_BYTES, f"WAL reached {largest / 1e6:.1f} MB"
    assert checkpointer.modes["PASSIVE"] + checkpointer.modes["RESTART"] > 0

    deadline = time.monotonic() + 10  # idle: the TRUNCATE checkpoint gives the disk back
    while (checkpointer.wal_bytes() > 0 or checkpointer.modes["TRUNCATE"] == 0) \
            and time.monotonic() < deadline:  # (the count follows the file by an instant)
        time.sleep(0.1)
    assert checkpointer.wal_bytes() == 0
    assert checkpointer.modes["TRUNCATE"] >= 1
    with hall.store.read() as tx:
        assert sum(tx.tickets.issued_counts(hall.today()).values()) == TICKETS
