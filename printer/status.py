"""The ESC/POS real-time status protocol over a link that can read.

Status uses the ESC/POS real-time requests (DLE EOT n, answered with one byte whose bits
1 and 4 are set and bits 0 and 7 clear):

- DLE EOT 1, printer status: bit 3 set = offline.
- DLE EOT 2, offline cause: bit 2 cover open, bit 5 stopped by paper end, bit 6 error.
- DLE EOT 4, roll paper sensors: bits 2-3 near end, bits 5-6 paper end.

A job is: status (1 and 4; paper end → `paper_out` and nothing is sent), the job, then
status again. The printer answers real-time requests on receipt, so the second answer
proves it is alive after taking the job; no answer means the outcome is unknown
(`timeout`).
"""

from __future__ import annotations

from typing import Protocol

from .config import PrinterConfig
from .errors import PaperState, PrinterError, PrinterStatus

DLE_EOT = b"\x10\x04"
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_PAPER = 1, 2, 3, 4
OFFLINE = 0x08
COVER_OPEN, PAPER_END_STOP, ERROR_OCCURRED = 0x04, 0x20, 0x40
PAPER_NEAR_END, PAPER_END = 0x0C, 0x60


class Link(Protocol):
    """A connection that can write and read single status bytes."""

    def write(self, data: bytes) -> None: ...

    def read_byte(self) -> int | None: ...  # None: no answer within the timeout

    def close(self) -> None: ...


def _ask(link: Link, config: PrinterConfig, n: int, *, after_job: bool) -> int:
    link.write(DLE_EOT + bytes((n,)))
    answer = link.read_byte()
    if answer is None:
        if after_job:
            raise PrinterError("timeout", f"Printer {config.label} tidak menjawab dalam "
                               f"{config.timeout:g} detik setelah tiket dikirim — hasil cetak "
                               "tidak pasti; periksa printer", maybe_printed=True)
        raise PrinterError("timeout", f"Printer {config.label} terhubung tetapi tidak menjawab "
                           f"permintaan status dalam {config.timeout:g} detik — matikan lalu "
                           "nyalakan printer")
    if answer & 0x93 != 0x12:  # not a real-time status byte
        raise PrinterError("io", f"Printer {config.label} menjawab status dengan byte tak "
                           f"dikenal 0x{answer:02x} — apakah ini printer ESC/POS?",
                           maybe_printed=after_job)
    return answer


def read_status(link: Link, config: PrinterConfig, *, after_job: bool) -> PaperState:
    """Status 1 and 4 (and 2 when offline). Paper end raises paper_out; other offline
    causes raise io (the job would wait inside the printer, unseen)."""
    printer_status = _ask(link, config, STATUS_PRINTER, after_job=after_job)
    paper_status = _ask(link, config, STATUS_PAPER, after_job=after_job)
    cause = 0
    if printer_status & OFFLINE:
        cause = _ask(link, config, STATUS_OFFLINE_CAUSE, after_job=after_job)
    if paper_status & PAPER_END or cause & PAPER_END_STOP:
        if after_job:
            raise PrinterError("paper_out", f"Kertas printer {config.label} habis saat "
                               "mencetak — ganti gulungan kertas; tiket mungkin terpotong",
                               maybe_printed=True)
        raise PrinterError("paper_out", f"Kertas printer {config.label} habis — ganti "
                           "gulungan kertas")
    if printer_status & OFFLINE:
        if cause & COVER_OPEN:
            why = "tutup printer terbuka — tutup rapat"
        elif cause & ERROR_OCCURRED:
            why = "printer melaporkan kesalahan (mis. pemotong kertas macet) — periksa printer"
        else:
            why = "printer offline — periksa tombol/lampu printer"
        raise PrinterError("io", f"Printer {config.label}: {why}", maybe_printed=after_job)
    return "near_end" if paper_status & PAPER_NEAR_END else "ok"


def ready_status(config: PrinterConfig, paper: PaperState, done: str = "") -> PrinterStatus:
    message = f"Printer {config.label} siap{done}"
    if paper == "near_end":
        message += "; kertas hampir habis — siapkan gulungan baru"
    return PrinterStatus(True, paper, message)


def send_over(link: Link, config: PrinterConfig, data: bytes) -> PrinterStatus:
    """Status, the job, status again; the link is closed afterwards either way."""
    try:
        read_status(link, config, after_job=False)
        link.write(data)
        paper = read_status(link, config, after_job=True)
    finally:
        link.close()
    return ready_status(config, paper, "; tiket terkirim")


def probe_over(link: Link, config: PrinterConfig) -> PrinterStatus:
    """The printer's state now (raises PrinterError); the link is closed afterwards."""
    try:
        return ready_status(config, read_status(link, config, after_job=False))
    finally:
        link.close()
