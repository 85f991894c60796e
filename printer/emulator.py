"""A TCP thermal printer for development, demo mode and tests.

It listens like a network printer on port 9100, answers real-time status requests
(DLE EOT n) the way an Epson printer does, decodes each job with `EscPosDecoder` and
writes every cut ticket to `out_dir/<n>.png` (what the paper would look like, drawn by
`paper`) and `out_dir/<n>.txt`.

Faults, switchable at run time, reproduce what goes wrong in a hall:
- "refuse": the listening socket is closed, so connections are refused (printer off);
  clearing the fault listens again on the same port.
- "hang": connections are accepted but nothing is read or answered (a frozen printer).
- "close-mid-job": the first half of the job is printed, written out as an incomplete
  ticket, then the connection is reset (cable pulled mid-ticket).
- "paper-out": status says paper end and offline; print data is discarded.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import re
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from .escpos_decoder import DecodedTicket, EscPosDecoder, StatusRequest, decode
from .paper import PAPER, columns_for, render_png, render_text, ticket_summary

log = logging.getLogger(__name__)

Fault = Literal["refuse", "hang", "close-mid-job", "paper-out"]
FAULTS: tuple[str, ...] = ("refuse", "hang", "close-mid-job", "paper-out")

# Real-time status answers (DLE EOT n). Fixed bits 1 and 4 set = 0x12 means "all well".
STATUS_READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
# Paper end: the printer goes offline (n=1 bit 3), the offline cause is paper end (n=2
# bit 5), and both roll sensors report it (n=4: near-end bits 2-3, end bits 5-6).
STATUS_PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}


_NUMBERED = re.compile(r"^(\d+)\.(png|txt)$")
_TCP_CLOSE_WAIT, _TCP_CLOSE = 8, 7


def _peer_gone(conn: socket.socket) -> bool:
    """Has the client closed or reset, without reading its data? (Linux TCP_INFO state,
    else a peek that finds end-of-stream.)"""
    tcp_info = getattr(socket, "TCP_INFO", None)
    if tcp_info is not None:
        with contextlib.suppress(OSError):
            return conn.getsockopt(socket.IPPROTO_TCP, tcp_info, 1)[0] in (
                _TCP_CLOSE_WAIT, _TCP_CLOSE)
    try:
        return conn.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _close_listener(listener: socket.socket) -> None:
    """Stop listening now. close() alone is not enough: while the accept thread's select()
    still holds the socket, the kernel keeps accepting connections that are then reset
    instead of refused. shutdown() takes a Linux listening socket out of LISTEN at once."""
    with contextlib.suppress(OSError):
        listener.shutdown(socket.SHUT_RDWR)
    listener.close()


def _reset(conn: socket.socket) -> None:
    """Close with RST instead of FIN, as a printer losing power mid-job does."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class PrinterEmulator:
    """A network ESC/POS printer in a background thread; see the module docstring."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0,
                 out_dir: Path | str = "printed", fault: Fault | None = None, *,
                 paper_mm: int = 80,
                 on_ticket: Callable[[int, Path, DecodedTicket], None] | None = None,
                 idle_timeout: float = 60.0) -> None:
        _check_fault(fault)
        self.host = host
        self.port = port
        self.out_dir = Path(out_dir)
        self.paper_mm = paper_mm if paper_mm in PAPER else 80
        self.on_ticket = on_ticket
        self.idle_timeout = idle_timeout  # a silent client is dropped, as printers do
        self._fault: Fault | None = fault
        self._lock = threading.Lock()
        self._written = threading.Condition()
        self._printed: list[Path] = []
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # Rendering a PNG takes a while; a printer answers status requests at once, so
        # connections hand tickets to one writer thread (which also keeps their order).
        self._to_write: queue.Queue[DecodedTicket | None] = queue.Queue()
        self._writer: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> PrinterEmulator:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if self._fault != "refuse":
                self._listener = self._listen()
            elif self.port == 0:  # "refuse" from the start still needs a port to own
                self._listen().close()
        self._writer = threading.Thread(target=self._write_loop,
                                        name="printer-emulator-writer", daemon=True)
        self._writer.start()
        self._thread = threading.Thread(target=self._accept_loop, name="printer-emulator",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            if self._listener is not None:
                _close_listener(self._listener)
                self._listener = None
            for conn in list(self._connections):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._writer is not None:  # tickets already received are still written out
            self._to_write.put(None)
            self._writer.join(timeout=10)

    def __enter__(self) -> PrinterEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def fault(self) -> Fault | None:
        return self._fault

    def set_fault(self, fault: Fault | None) -> None:
        """Switch the fault for new connections ("refuse" acts at once)."""
        _check_fault(fault)
        with self._lock:
            self._fault = fault
            if self._thread is None or self._stopping.is_set():
                return
            if fault == "refuse" and self._listener is not None:
                _close_listener(self._listener)
                self._listener = None
            elif fault != "refuse" and self._listener is None:
                self._listener = self._listen()

    # -- what came out

    def printed(self) -> list[Path]:
        """PNG files written by this emulator, in ticket order."""
        with self._written:
            return sorted(self._printed, key=lambda p: int(p.stem))

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Path]:
        """Block until at least `count` tickets were written; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        with self._written:
            while len(self._printed) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(self._printed)} of {count} tickets printed "
                                       f"after {timeout:g} s")
                self._written.wait(remaining)
        return self.printed()

    # -- sockets

    def _listen(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listener = socket.create_server((self.host, self.port), family=family, backlog=16)
        listener.setblocking(False)
        self.port = listener.getsockname()[1]
        return listener

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            listener = self._listener
            if listener is None:
                self._stopping.wait(0.05)
                continue
            try:
                ready, _, _ = select.select([listener], [], [], 0.1)
            except (OSError, ValueError):  # closed by set_fault or stop meanwhile
                continue
            if not ready:
                continue
            with self._lock:
                if listener is not self._listener:
                    continue
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                fault = self._fault
                self._connections.add(conn)
            threading.Thread(target=self._serve_connection, args=(conn, fault),
                             name="printer-emulator-conn", daemon=True).start()

    def _serve_connection(self, conn: socket.socket, fault: Fault | None) -> None:
        try:
            if fault == "hang":
                self._hold(conn)
            elif fault == "close-mid-job":
                self._close_mid_job(conn)
            else:
                self._print(conn, paper_out=fault == "paper-out")
        except Exception:  # one bad connection must not take the emulator down
            log.exception("printer emulator: connection failed")
        finally:
            with self._lock:
                self._connections.discard(conn)
            with contextlib.suppress(OSError):
                conn.close()

    def _chunks(self, conn: socket.socket, timeout: float) -> Iterator[bytes]:
        conn.settimeout(timeout)
        while not self._stopping.is_set():
            try:
                chunk = conn.recv(65536)
            except (TimeoutError, OSError):
                return
            if not chunk:
                return
            yield chunk

    def _print(self, conn: socket.socket, *, paper_out: bool) -> None:
        answers = STATUS_PAPER_OUT if paper_out else STATUS_READY
        decoder = EscPosDecoder()
        for chunk in self._chunks(conn, self.idle_timeout):
            for event in decoder.feed(chunk):
                if isinstance(event, StatusRequest):
                    if event.n in answers:
                        conn.sendall(bytes((answers[event.n],)))
                elif not paper_out:  # with no paper, print data goes nowhere
                    self._write(event)
        tail = decoder.finish()
        if tail is not None and not paper_out:
            self._write(tail)

    def _hold(self, conn: socket.socket) -> None:
        """Accept, never read nor answer, until the client gives up (or we stop)."""
        while not self._stopping.wait(0.1):
            if _peer_gone(conn):
                return

    def _close_mid_job(self, conn: socket.socket) -> None:
        """Answer the status check, take the job until it pauses or is cut, print its
        first half as an incomplete ticket, then reset the connection."""
        job = bytearray()
        watcher = EscPosDecoder()
        for chunk in self._chunks(conn, self.idle_timeout):
            if not job:
                while chunk[:2] == b"\x10\x04" and len(chunk) >= 3:
                    conn.sendall(bytes((STATUS_READY.get(chunk[2], 0x12),)))
                    chunk = chunk[3:]
                if not chunk:
                    continue
                conn.settimeout(0.2)  # from here on, a pause ends the job
            job += chunk
            if any(isinstance(e, DecodedTicket) for e in watcher.feed(chunk)):
                break
        if job:
            for ticket in decode(bytes(job[: len(job) // 2])):
                self._write(ticket)
        _reset(conn)

    # -- files

    def _next_number(self) -> int:
        numbers = [int(m.group(1)) for path in self.out_dir.iterdir()
                   if (m := _NUMBERED.match(path.name))]
        return max(numbers, default=0) + 1

    def _write(self, ticket: DecodedTicket) -> None:
        if ticket.has_content:
            self._to_write.put(ticket)

    def _write_loop(self) -> None:
        while (ticket := self._to_write.get()) is not None:
            try:
                self._store(ticket)
            except Exception:  # a ticket that cannot be drawn must not stop the others
                log.exception("printer emulator: could not write a ticket")

    def _store(self, ticket: DecodedTicket) -> None:
        with self._written:
            n = self._next_number()
            png = render_png(ticket, self.out_dir / f"{n}.png", paper_mm=self.paper_mm)
            columns = columns_for(self.paper_mm)
            (self.out_dir / f"{n}.txt").write_text(render_text(ticket, columns=columns),
                                                  encoding="utf-8")
            self._printed.append(png)
            self._written.notify_all()
        log.info("printer emulator: ticket %d %s", n, ticket_summary(ticket))
        if self.on_ticket is not None:
            self.on_ticket(n, png, ticket)


def _check_fault(fault: str | None) -> None:
    if fault is not None and fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r} (one of: {', '.join(FAULTS)})")


def serve(host: str = "127.0.0.1", port: int = 9100, out_dir: Path | str = "printed",
          fault: Fault | None = None, *, paper_mm: int = 80,
          stop: threading.Event | None = None) -> None:
    """Run the emulator in the foreground until Ctrl-C (or `stop` is set), printing one
    line per ticket written."""

    def announce(n: int, path: Path, ticket: DecodedTicket) -> None:
        print(f"tiket {n}: {ticket_summary(ticket)} -> {path}", flush=True)

    # The caller prints the banner (it knows how it was started); we print the tickets.
    emulator = PrinterEmulator(host, port, out_dir, fault, paper_mm=paper_mm,
                               on_ticket=announce).start()
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
