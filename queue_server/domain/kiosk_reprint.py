"""Which tickets a kiosk may print again: only those it issued itself, and only while the
citizen is still likely to stand at it (15 minutes after issue). A kiosk is unattended, so
anything older or from elsewhere goes to a counter, where staff reprint (services/printing.py
applies this rule to kiosks and judges staff by their counters and agencies)."""

from __future__ import annotations

from datetime import datetime, timedelta

from .models import Ticket

KIOSK_REPRINT_WINDOW = timedelta(minutes=15)


def kiosk_reprint_refusal(kiosk_actor: str, ticket: Ticket, now: datetime) -> str | None:
    """None when the kiosk named `kiosk_actor` ("device:kiosk-lobi") may reprint `ticket`
    now; otherwise why not, in Indonesian, for the 403 answer."""
    if ticket.issued_by != kiosk_actor:
        return (f"Tiket {ticket.code} tidak diambil di kios ini; silakan minta cetak ulang "
                f"di loket.")
    if now - ticket.issued_at > KIOSK_REPRINT_WINDOW:
        minutes = int(KIOSK_REPRINT_WINDOW.total_seconds() // 60)
        return (f"Tiket {ticket.code} diambil lebih dari {minutes} menit yang lalu; silakan "
                f"minta cetak ulang di loket.")
    return None
