"""Old Idempotency-Keys are forgotten after two days (services/idempotency_keys.py): a retry
within them still gets its first answer, and the table does not keep every press for ever."""

from __future__ import annotations

from queue_server.services import idempotency_keys, tickets
from tests.conftest import kiosk_principal

KIOSK = kiosk_principal()


def _keys(hall) -> int:
    with hall.store.read() as tx:
        return tx.conn.execute("SELECT count(*) FROM idempotency_keys").fetchone()[0]


def test_a_key_is_kept_two_days_then_forgotten_and_a_retry_is_a_new_request(hall, clock):
    first = tickets.issue_ticket(hall, KIOSK, "ktp-el", idempotency_key="tap-1").ticket.ticket
    clock.advance(hours=47)
    assert idempotency_keys.sweep(hall, force=True) == 0
    assert _keys(hall) == 1
    clock.advance(hours=2)  # Wednesday 10:00, 49 hours on
    assert idempotency_keys.sweep(hall, force=True) == 1
    assert _keys(hall) == 0
    again = tickets.issue_ticket(hall, KIOSK, "ktp-el", idempotency_key="tap-1").ticket.ticket
    assert again.id != first.id


def test_a_retry_within_the_two_days_gets_the_first_ticket_after_a_sweep(hall, clock):
    first = tickets.issue_ticket(hall, KIOSK, "ktp-el", idempotency_key="tap-1").ticket.ticket
    clock.advance(minutes=5)
    idempotency_keys.sweep(hall, force=True)
    assert tickets.issue_ticket(hall, KIOSK, "ktp-el",
                                idempotency_key="tap-1").ticket.ticket.id == first.id


def test_the_sweep_forgets_in_batches_only_the_old_keys(hall, clock):
    for n in range(12):
        tickets.issue_ticket(hall, KIOSK, "ktp-el", idempotency_key=f"old-{n}")
    clock.advance(hours=49)
    tickets.issue_ticket(hall, KIOSK, "ktp-el", idempotency_key="today")
    assert idempotency_keys.sweep(hall, force=True, batch=5) == 12
    with hall.store.read() as tx:
        left = [r[0] for r in tx.conn.execute("SELECT key FROM idempotency_keys")]
    assert left == ["today"]


def test_the_sweep_works_at_most_once_an_hour(hall, clock):
    assert idempotency_keys.sweep(hall) == 0
    clock.advance(minutes=59)
    assert idempotency_keys.sweep(hall) is None
    clock.advance(minutes=2)
    assert idempotency_keys.sweep(hall) == 0


def test_a_failing_booking_sweep_does_not_stop_the_keys_from_being_forgotten(
        hall, clock, monkeypatch, caplog):
    from queue_server.services import bookings, data_sweeps

    tickets.issue_ticket(hall, KIOSK, "ktp-el", idempotency_key="tap-1")
    clock.advance(hours=49)

    def broken(hall, **_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bookings, "sweep", broken)
    data_sweeps.sweep(hall)
    assert _keys(hall) == 0
    assert "booking sweep failed" in caplog.text
