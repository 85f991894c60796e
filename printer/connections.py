"""Printer connections: send a job and read status over the configured kind, every
step bounded in time. Network, USB and serial links read the printer's status (see
`status`); CUPS and file connections cannot read, so their paper state is "unknown"."""

from __future__ import annotations

from .config import KINDS, PrinterConfig
from .cups_link import cups_status, send_to_cups
from .errors import PrinterError, PrinterStatus
from .file_link import append_to_file, file_status
from .network_link import NetworkLink
from .serial_link import SerialLink
from .status import Link, probe_over, send_over
from .usb_link import UsbLink


def open_link(config: PrinterConfig) -> Link:
    """A reading link for a network, USB or serial printer."""
    if config.kind == "network":
        return NetworkLink(config)
    if config.kind == "usb":
        return UsbLink(config)
    if config.kind == "serial":
        return SerialLink(config)
    raise PrinterError("config", f"Printer {config.name}: jenis koneksi {config.kind!r} "
                       "tidak bisa membaca status")


def send_job(config: PrinterConfig, data: bytes) -> PrinterStatus:
    """Send one job; returns the printer's status after it, or raises PrinterError."""
    if config.kind == "cups":
        return send_to_cups(config, data)
    if config.kind == "file":
        return append_to_file(config, data)
    if config.kind not in KINDS:
        raise PrinterError("config", f"Printer {config.name}: jenis {config.kind!r} tidak dikenal")
    return send_over(open_link(config), config, data)


def query_status(config: PrinterConfig) -> PrinterStatus:
    """The printer's state now. Never raises: a failure is online=False with its message."""
    try:
        if config.kind == "cups":
            return cups_status(config)
        if config.kind == "file":
            return file_status(config)
        return probe_over(open_link(config), config)
    except PrinterError as exc:
        return PrinterStatus(False, "out" if exc.kind == "paper_out" else "unknown", exc.message)
    except Exception as exc:  # a status probe must never take its caller down
        return PrinterStatus(False, "unknown", f"Status printer {config.name} tidak terbaca: "
                             f"{exc}")
