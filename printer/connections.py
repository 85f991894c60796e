"""Printer connections: send a job and read status, every step bounded in time.

Status uses the ESC/POS real-time requests (DLE EOT n, answered with one byte whose bits
1 and 4 are set and bits 0 and 7 clear):

- DLE EOT 1, printer status: bit 3 set = offline.
- DLE EOT 2, offline cause: bit 2 cover open, bit 5 stopped by paper end, bit 6 error.
- DLE EOT 4, roll paper sensors: bits 2-3 near end, bits 5-6 paper end.

For connections that can read (network, USB, serial) a job is: status (1 and 4; paper end
→ `paper_out` and nothing is sent), the job, then status again. The printer answers
real-time requests on receipt, so the second answer proves it is alive after taking the
job; no answer means the outcome is unknown (`timeout`). CUPS and `file` connections
cannot read, so their paper state is "unknown".
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from .config import KINDS, PrinterConfig

ErrorKind = Literal["not_found", "refused", "timeout", "io", "paper_out", "config"]
PaperState = Literal["ok", "near_end", "out", "unknown"]

DLE_EOT = b"\x10\x04"
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_PAPER = 1, 2, 3, 4
OFFLINE = 0x08
COVER_OPEN, PAPER_END_STOP, ERROR_OCCURRED = 0x04, 0x20, 0x40
PAPER_NEAR_END, PAPER_END = 0x0C, 0x60


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


# ---------------------------------------------------------------- links


class _Link(Protocol):
    """A connection that can write and read single status bytes."""

    def write(self, data: bytes) -> None: ...

    def read_byte(self) -> int | None: ...  # None: no answer within the timeout

    def close(self) -> None: ...


def _io_lost(config: PrinterConfig) -> str:
    return (f"Koneksi ke printer {config.label} terputus saat mengirim — periksa kabel dan "
            "daya printer; tiket mungkin tercetak sebagian")


class _SocketLink:
    """Raw TCP to port 9100 (JetDirect / "RAW" printing)."""

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        where = config.label
        try:
            self.sock = socket.create_connection((config.host, config.port),
                                                 timeout=config.timeout)
        except ConnectionRefusedError:
            raise PrinterError("refused", f"Printer {where} menolak koneksi — periksa "
                               "kabel/daya printer dan nomor port (biasanya 9100)") from None
        except TimeoutError:
            raise PrinterError("timeout", f"Printer {where} tidak menjawab dalam "
                               f"{config.timeout:g} detik — periksa printer menyala, kabel "
                               "jaringan dan alamat IP") from None
        except socket.gaierror:
            raise PrinterError("not_found", f"Alamat printer {config.host!r} tidak dikenal "
                               "— periksa host di config.toml") from None
        except OSError as exc:
            if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
                raise PrinterError("not_found", f"Printer {where} tidak terjangkau di "
                                   "jaringan — periksa kabel jaringan dan alamat IP") from None
            raise PrinterError("io", f"Tidak bisa terhubung ke printer {where}: "
                               f"{exc.strerror or exc}") from None
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except TimeoutError:
            raise PrinterError("timeout", f"Printer {self.config.label} tidak menerima data "
                               f"dalam {self.config.timeout:g} detik — hasil cetak tidak pasti",
                               maybe_printed=True) from None
        except OSError:
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True) from None

    def read_byte(self) -> int | None:
        try:
            answer = self.sock.recv(1)
        except TimeoutError:
            return None
        except OSError:
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True) from None
        if not answer:  # the printer closed the connection
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True)
        return answer[0]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class _UsbLink:
    """USB through python-escpos (pyusb/libusb); writes and reads bounded in ms."""

    def __init__(self, config: PrinterConfig) -> None:
        import usb.core
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        self.config = config
        self.ms = max(1, int(config.timeout * 1000))
        ends = {k: v for k, v in (("in_ep", config.in_ep), ("out_ep", config.out_ep))
                if v is not None}
        self.printer = Usb(config.vendor_id, config.product_id, timeout=self.ms,
                           profile=config.profile or "default", **ends)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            detail = str(exc).splitlines()[-1] if str(exc).strip() else ""
            raise PrinterError("not_found", f"Printer {config.label} tidak ditemukan — "
                               "periksa kabel USB, daya printer dan vendor_id/product_id "
                               f"(lsusb); izin akses perangkat juga bisa kurang ({detail})"
                               ) from None
        except usb.core.NoBackendError:
            raise PrinterError("config", "Pustaka libusb tidak terpasang — pasang paket "
                               "Debian libusb-1.0-0") from None
        except usb.core.USBError as exc:
            raise PrinterError("io", f"Printer {config.label} tidak bisa dibuka: {exc}") \
                from None
        self.device: Any = self.printer.device

    def write(self, data: bytes) -> None:
        import usb.core

        try:
            self.device.write(self.printer.out_ep, data, self.ms)
        except usb.core.USBTimeoutError:
            raise PrinterError("timeout", f"Printer {self.config.label} tidak menerima data "
                               f"dalam {self.config.timeout:g} detik — hasil cetak tidak pasti",
                               maybe_printed=True) from None
        except usb.core.USBError:
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True) from None

    def read_byte(self) -> int | None:
        import usb.core

        try:
            answer = self.device.read(self.printer.in_ep, 64, self.ms)
        except usb.core.USBTimeoutError:
            return None
        except usb.core.USBError:
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True) from None
        return answer[0] if len(answer) else None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.printer.close()


class _SerialLink:
    """RS-232 / USB-serial through python-escpos (pyserial), with a write timeout too:
    with hardware flow control a switched-off printer would block a write forever."""

    def __init__(self, config: PrinterConfig) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Serial

        self.config = config
        self.printer = Serial(devfile=config.device, baudrate=config.baudrate,
                              timeout=config.timeout, profile=config.profile or "default")
        try:
            self.printer.open()
        except DeviceNotFoundError:
            raise PrinterError("not_found", f"Port serial {config.device} tidak ada atau tidak "
                               "bisa dibuka — periksa kabel serial/USB-serial, nama device "
                               "dan izin grup dialout") from None
        self.port: Any = self.printer.device
        self.port.write_timeout = config.timeout

    def write(self, data: bytes) -> None:
        import serial

        try:
            self.port.write(data)
        except serial.SerialTimeoutException:
            raise PrinterError("timeout", f"Printer {self.config.label} tidak menerima data "
                               f"dalam {self.config.timeout:g} detik — periksa daya printer",
                               maybe_printed=True) from None
        except (serial.SerialException, OSError):
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True) from None

    def read_byte(self) -> int | None:
        import serial

        try:
            answer = self.port.read(1)
        except (serial.SerialException, OSError):
            raise PrinterError("io", _io_lost(self.config), maybe_printed=True) from None
        return answer[0] if answer else None

    def close(self) -> None:
        # Not printer.close(): its flush() waits for the port to drain, possibly forever.
        with contextlib.suppress(Exception):
            self.port.reset_output_buffer()
            self.port.close()
        self.printer._device = False


def _open(config: PrinterConfig) -> _Link:
    if config.kind == "network":
        return _SocketLink(config)
    if config.kind == "usb":
        return _UsbLink(config)
    if config.kind == "serial":
        return _SerialLink(config)
    raise PrinterError("config", f"Printer {config.name}: jenis koneksi {config.kind!r} "
                       "tidak bisa membaca status")


# ---------------------------------------------------------------- status protocol


def _ask(link: _Link, config: PrinterConfig, n: int, *, after_job: bool) -> int:
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


def _read_status(link: _Link, config: PrinterConfig, *, after_job: bool) -> PaperState:
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


def _ready(config: PrinterConfig, paper: PaperState, done: str = "") -> PrinterStatus:
    message = f"Printer {config.label} siap{done}"
    if paper == "near_end":
        message += "; kertas hampir habis — siapkan gulungan baru"
    return PrinterStatus(True, paper, message)


# ---------------------------------------------------------------- cups and file


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


def _lp(config: PrinterConfig, data: bytes) -> PrinterStatus:
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


def _lpstat(config: PrinterConfig) -> PrinterStatus:
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


def _is_device(path: Path) -> bool:
    return path.is_char_device() or path.parts[:2] == ("/", "dev")


def _append(config: PrinterConfig, data: bytes) -> PrinterStatus:
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


def _file_status(config: PrinterConfig) -> PrinterStatus:
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


# ---------------------------------------------------------------- public


def send_job(config: PrinterConfig, data: bytes) -> PrinterStatus:
    """Send one job; returns the printer's status after it, or raises PrinterError."""
    if config.kind == "cups":
        return _lp(config, data)
    if config.kind == "file":
        return _append(config, data)
    if config.kind not in KINDS:
        raise PrinterError("config", f"Printer {config.name}: jenis {config.kind!r} tidak dikenal")
    link = _open(config)
    try:
        _read_status(link, config, after_job=False)
        link.write(data)
        paper = _read_status(link, config, after_job=True)
    finally:
        link.close()
    return _ready(config, paper, "; tiket terkirim")


def query_status(config: PrinterConfig) -> PrinterStatus:
    """The printer's state now. Never raises: a failure is online=False with its message."""
    try:
        if config.kind == "cups":
            return _lpstat(config)
        if config.kind == "file":
            return _file_status(config)
        link = _open(config)
        try:
            return _ready(config, _read_status(link, config, after_job=False))
        finally:
            link.close()
    except PrinterError as exc:
        return PrinterStatus(False, "out" if exc.kind == "paper_out" else "unknown", exc.message)
    except Exception as exc:  # a status probe must never take its caller down
        return PrinterStatus(False, "unknown", f"Status printer {config.name} tidak terbaca: "
                             f"{exc}")
