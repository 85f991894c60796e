"""Printer errors and status: what a job or a status probe reports to the spooler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .config import PrinterConfig

ErrorKind = Literal["not_found", "refused", "timeout", "io", "paper_out", "config"]
PaperState = Literal["ok", "near_end", "out", "unknown"]


class PrinterError(Exception):
    """A job that did not (surely) print. `kind` says what to fix, `message` says it to
    a person; `maybe_printed` is True when the printer may already have taken some of
    the job (a retry should then carry the copy mark)."""

    def __init__(self, kind: ErrorKind, message: str, *, maybe_printed: bool = False) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message
        self.maybe_printed = maybe_printed

    def __repr__(self) -> str:
        return f"PrinterError({self.kind!r}, {self.message!r})"


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper: PaperState
    message: str


def connection_lost(config: PrinterConfig) -> PrinterError:
    """The link broke mid-job: some of the ticket may be on paper."""
    return PrinterError("io", f"Koneksi ke printer {config.label} terputus saat mengirim — "
                        "periksa kabel dan daya printer; tiket mungkin tercetak sebagian",
                        maybe_printed=True)
