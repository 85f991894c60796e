"""The no-show rule: a skipped citizen who comes back late may still be served, but only
until N later tickets of the same service were called; after that the ticket is forfeit."""

from __future__ import annotations

from .errors import InvalidTransition


def recall_allowed(later_calls_of_service: int, forfeit_after: int) -> bool:
    """`later_calls_of_service`: calls of the ticket's service made after it was skipped."""
    return later_calls_of_service < forfeit_after


def ensure_recall_allowed(code: str, later_calls_of_service: int, forfeit_after: int) -> None:
    if not recall_allowed(later_calls_of_service, forfeit_after):
        raise InvalidTransition(
            f"Tiket {code} hangus: sudah {later_calls_of_service} nomor berikutnya dipanggil "
            f"(batas {forfeit_after}). Silakan ambil nomor baru.",
            field="status",
        )
