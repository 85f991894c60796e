"""File printers: append to a file or a printer device node (/dev/usb/lp0). A file
cannot be read back, so the paper state is "unknown"."""

from __future__ import annotations

import os
import select
import time
from pathlib import Path

from .config import PrinterConfig
from .errors import PrinterError, PrinterStatus


def _is_device(path: Path) -> bool:
    return path.is_char_device() or path.parts[:2] == ("/", "dev")


def append_to_file(config: PrinterConfig, data: bytes) -> PrinterStatus:
    """Append to a file or a printer device node (/dev/usb/lp0). Device nodes are never
    created (a regular file there would swallow tickets), and writes to them are
    non-blocking with a deadline: a switched-off printer must not hang the spooler."""
    path = Path(str(config.path))
    device = _is_device(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOCTTY
    if not device:
        flags |= os.O_CREAT
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:
        what = ("tidak ada — periksa kabel USB dan daya printer" if device
                else "tidak bisa dibuat: foldernya tidak ada")
        raise PrinterError("not_found", f"{path} {what}") from None
    except PermissionError:
        raise PrinterError("config", f"Tidak ada izin menulis ke {path} — tambahkan user "
                           "layanan ke grup lp") from None
    except OSError as exc:
        raise PrinterError("io", f"{path} tidak bisa dibuka: {exc.strerror}") from None
    deadline = time.monotonic() + config.timeout
    view = memoryview(data)
    try:
        while view:
            try:
                written = os.write(fd, view)
            except BlockingIOError:
                written = 0
            except OSError as exc:
                raise PrinterError("io", f"Menulis ke {path} gagal: {exc.strerror} — "
                                   "tiket mungkin tercetak sebagian", maybe_printed=True) from None
            view = view[written:]
            if view:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PrinterError("timeout", f"{path} tidak menerima data dalam "
                                       f"{config.timeout:g} detik — periksa printer",
                                       maybe_printed=True)
                select.select([], [fd], [], min(remaining, 0.2))
    finally:
        os.close(fd)
    return PrinterStatus(True, "unknown", f"Tiket ditulis ke {path}")


def file_status(config: PrinterConfig) -> PrinterStatus:
    path = Path(str(config.path))
    if _is_device(path):
        if not path.exists():
            return PrinterStatus(False, "unknown", f"{path} tidak ada — periksa kabel USB dan "
                                 "daya printer")
        ok = os.access(path, os.W_OK)
    else:
        ok = os.access(path, os.W_OK) if path.exists() else os.access(path.parent, os.W_OK)
    if not ok:
        return PrinterStatus(False, "unknown", f"Tidak bisa menulis ke {path}")
    return PrinterStatus(True, "unknown", f"{path} siap ditulisi")
