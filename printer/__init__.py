"""Thermal ticket printing: ESC/POS layout, bounded connections, status, and an emulator.

No Flask here: queue_server's spooler calls `render_ticket` and `send_job` from a
background task, and `PrinterEmulator` stands in for a real printer in demo and tests.
"""

from __future__ import annotations

from .config import PrinterConfig
from .connections import query_status, send_job
from .emulator import FAULTS, PrinterEmulator, serve
from .errors import PaperState, PrinterError, PrinterStatus
from .escpos_decoder import DecodedLine, DecodedQr, DecodedTicket, decode
from .paper import render_png, render_text
from .ticket_layout import TicketPrint, printable, render_ticket

__all__ = [
    "FAULTS",
    "DecodedLine",
    "DecodedQr",
    "DecodedTicket",
    "PaperState",
    "PrinterConfig",
    "PrinterEmulator",
    "PrinterError",
    "PrinterStatus",
    "TicketPrint",
    "decode",
    "printable",
    "query_status",
    "render_png",
    "render_text",
    "render_ticket",
    "send_job",
    "serve",
]
