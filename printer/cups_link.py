"""CUPS printers: raw jobs through `lp`, status from `lpstat`. CUPS cannot read the
printer's paper sensors, so the paper state is "unknown"."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess

from .config import PrinterConfig
from .errors import PrinterError, PrinterStatus


def _run(command: list[str], data: bytes, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run a CUPS client with a hard deadline. Its own process group is killed on timeout,
    so a child it left behind cannot keep the pipes (and us) waiting."""
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, start_new_session=True) as process:
        try:
            out, err = process.communicate(data, timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        return subprocess.CompletedProcess(command, process.returncode, out, err)


def send_to_cups(config: PrinterConfig, data: bytes) -> PrinterStatus:
    try:
        done = _run(["lp", "-d", str(config.queue), "-o", "raw"], data, config.timeout)
    except FileNotFoundError:
        raise PrinterError("not_found", "Perintah lp (CUPS) tidak ada — pasang paket "
                           "cups-client atau gunakan koneksi network/usb") from None
    except subprocess.TimeoutExpired:
        raise PrinterError("timeout", f"CUPS tidak menerima tiket untuk antrian {config.queue} "
                           f"dalam {config.timeout:g} detik — periksa layanan cups",
                           maybe_printed=True) from None
    said = (done.stderr or done.stdout).decode(errors="replace").strip()
    if done.returncode != 0:
        if "not exist" in said or "tidak ada" in said or "Unknown destination" in said:
            raise PrinterError("not_found", f"Antrian CUPS {config.queue!r} tidak ada — "
                               f"periksa nama antrian (lpstat -p): {said}")
        raise PrinterError("io", f"CUPS menolak tiket untuk antrian {config.queue}: {said}")
    return PrinterStatus(True, "unknown", f"Tiket diterima antrian CUPS {config.queue}")


def cups_status(config: PrinterConfig) -> PrinterStatus:
    try:
        done = _run(["lpstat", "-p", str(config.queue)], b"", config.timeout)
    except FileNotFoundError:
        return PrinterStatus(False, "unknown", "Perintah lpstat (CUPS) tidak ada — pasang "
                             "paket cups-client")
    except subprocess.TimeoutExpired:
        return PrinterStatus(False, "unknown", f"CUPS tidak menjawab dalam {config.timeout:g} "
                             "detik")
    said = (done.stdout or done.stderr).decode(errors="replace").strip()
    if done.returncode != 0:
        return PrinterStatus(False, "unknown", f"Antrian CUPS {config.queue!r} tidak ada: "
                             f"{said}")
    if "disabled" in said:
        return PrinterStatus(False, "unknown", f"Antrian CUPS {config.queue} nonaktif: {said}")
    return PrinterStatus(True, "unknown", f"Antrian CUPS {config.queue} siap")
