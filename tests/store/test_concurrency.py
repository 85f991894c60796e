"""Many writers on one real SQLite file: numbering stays gapless and no ticket is claimed
twice, because every change runs in one BEGIN IMMEDIATE transaction."""

from __future__ import annotations

import threading
from collections import Counter as Tally

from queue_server.services import tickets
from tests.conftest import ADMIN, KIOSK, without_quotas


def _run_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def body(index: int) -> None:
        try:
            barrier.wait()
            target(index)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def test_sixteen_threads_issuing_on_one_service_get_gapless_unique_numbers(
        make_hall, settings):
    hall = make_hall(without_quotas(settings), demo=True)
    numbers: list[int] = []
    lock = threading.Lock()

    def issue_200(_: int) -> None:
        for _ in range(200):
            outcome = tickets.issue_ticket(hall, KIOSK, "ktp-el")
            with lock:
                numbers.append(outcome.ticket.ticket.number)

    assert _run_threads(16, issue_200) == []
    assert sorted(numbers) == list(range(1, 3201))
    with hall.store.read() as session:
        assert session.tickets.issued_count("ktp-el", hall.today()) == 3200
        codes = [r[0] for r in session.conn.execute("SELECT code FROM tickets")]
        events = session.conn.execute(
            "SELECT count(*) FROM events WHERE type = 'issued'").fetchone()[0]
    assert len(set(codes)) == 3200
    assert events == 3200


def test_twenty_counters_calling_concurrently_call_every_ticket_exactly_once(
        make_hall, settings):
    hall = make_hall(without_quotas(settings), demo=True)
    catalog = hall.current_catalog()
    counters = [f"loket-{n}" for n in range(1, 21)]
    served = sorted({s for c in counters for s in catalog.counters[c].service_weights})
    for i in range(1200):
        tickets.issue_ticket(hall, KIOSK, served[i % len(served)], priority=i % 7 == 0)

    calls: list[tuple[str, int]] = []
    lock = threading.Lock()

    def drain(index: int) -> None:
        counter = counters[index]
        while True:
            outcome = tickets.call_next(hall, ADMIN, counter)
            if outcome.ticket is None:
                return
            with lock:
                calls.append((counter, outcome.ticket.ticket.id))

    assert _run_threads(20, drain) == []
    called_ids = Tally(ticket_id for _, ticket_id in calls)
    assert len(called_ids) == 1200
    assert max(called_ids.values()) == 1
    with hall.store.read() as session:
        waiting = session.tickets.waiting_counts(hall.today())
        per_ticket = session.conn.execute(
            "SELECT ticket_id, count(*) FROM events WHERE type = 'called' GROUP BY ticket_id"
        ).fetchall()
    assert waiting == {}
    assert len(per_ticket) == 1200
    assert {n for _, n in per_ticket} == {1}
    # every counter took part: the lock is per transaction, not per counter
    assert len({c for c, _ in calls}) == 20
