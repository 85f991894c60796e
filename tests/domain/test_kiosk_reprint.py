"""A kiosk reprints only its own tickets, and only within 15 minutes of issue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from queue_server.domain.kiosk_reprint import KIOSK_REPRINT_WINDOW, kiosk_reprint_refusal
from queue_server.domain.models import Ticket, TicketStatus

ISSUED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def ticket(issued_by: str | None = "device:kiosk-lobi") -> Ticket:
    return Ticket(id=1, code="A001", number=1, day="2026-03-02", service_id="ktp-el",
                  agency_id="dukcapil", status=TicketStatus.WAITING, priority=False,
                  priority_kind=None, language="id", issued_at=ISSUED,
                  track_token="t", issued_by=issued_by)


def test_the_issuing_kiosk_may_reprint_until_fifteen_minutes_after_issue():
    assert timedelta(minutes=15) == KIOSK_REPRINT_WINDOW
    for later in (timedelta(0), timedelta(minutes=5), KIOSK_REPRINT_WINDOW):
        assert kiosk_reprint_refusal("device:kiosk-lobi", ticket(), ISSUED + later) is None


def test_a_ticket_older_than_fifteen_minutes_is_refused_with_the_reason():
    refusal = kiosk_reprint_refusal("device:kiosk-lobi", ticket(),
                                    ISSUED + KIOSK_REPRINT_WINDOW + timedelta(seconds=1))
    assert refusal is not None and "15 menit" in refusal and "A001" in refusal


def test_another_kiosk_or_a_desk_ticket_is_refused():
    assert kiosk_reprint_refusal("device:kiosk-2", ticket(), ISSUED) is not None
    assert kiosk_reprint_refusal("device:kiosk-lobi", ticket("user:simulasi"), ISSUED) \
        is not None
    assert kiosk_reprint_refusal("device:kiosk-lobi", ticket(None), ISSUED) is not None
