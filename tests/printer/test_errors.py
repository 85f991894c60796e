"""The printer error type."""

from __future__ import annotations

from printer import PrinterError


def test_printer_error_carries_kind_and_message():
    error = PrinterError("refused", "Printer 192.168.1.50:9100 menolak koneksi")
    assert (error.kind, error.message, str(error)) == (
        "refused", "Printer 192.168.1.50:9100 menolak koneksi",
        "Printer 192.168.1.50:9100 menolak koneksi")
    assert not error.maybe_printed
    assert "refused" in repr(error)
