"""Connections: the status protocol against scripted printers, and the
file, CUPS, USB and serial paths. Nothing here may hang: every step has a short timeout."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
from pathlib import Path

import pytest

from printer import (
    PrinterConfig,
    PrinterError,
    PrinterStatus,
    parse_printer_config,
    query_status,
    send_job,
)
from printer.escpos_decoder import EscPosDecoder, StatusRequest
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


# ---------------------------------------------------------------- status protocol


class ScriptedPrinter:
    """A TCP printer that answers each status request with the next scripted byte; None
    means it goes silent from then on (but keeps reading)."""

    def __init__(self, *answers: int | None) -> None:
        self.answers = list(answers)
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.server.settimeout(5)
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        decoder = EscPosDecoder()
        silent = False
        with conn:
            conn.settimeout(5)
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.received += chunk
                for event in decoder.feed(chunk):
                    if isinstance(event, StatusRequest) and not silent:
                        answer = self.answers.pop(0) if self.answers else None
                        if answer is None:
                            silent = True
                        else:
                            conn.sendall(bytes((answer,)))

    def config(self) -> PrinterConfig:
        return PrinterConfig(name="scripted", kind="network", host="127.0.0.1",
                             port=self.port, timeout=TIMEOUT)

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=6)


@pytest.fixture
def scripted():
    made: list[ScriptedPrinter] = []

    def make(*answers: int | None) -> ScriptedPrinter:
        made.append(ScriptedPrinter(*answers))
        return made[-1]

    yield make
    for printer in made:
        printer.close()


def test_a_job_is_status_then_data_then_status(scripted):
    printer = scripted(0x12, 0x12, 0x12, 0x12)
    status = send_job(printer.config(), JOB)
    assert status == PrinterStatus(True, "ok", f"Printer 127.0.0.1:{printer.port} siap; "
                                               "tiket terkirim")
    printer.close()
    assert bytes(printer.received) == b"\x10\x04\x01\x10\x04\x04" + JOB + \
        b"\x10\x04\x01\x10\x04\x04"


def test_no_answer_after_the_job_means_the_outcome_is_unknown(scripted):
    printer = scripted(0x12, 0x12, None)
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(printer.config(), JOB)
    assert error.value.kind == "timeout" and error.value.maybe_printed
    assert "setelah tiket dikirim" in error.value.message
    assert time.monotonic() - started < TIMEOUT * 2
    printer.close()
    assert JOB in printer.received


def test_paper_end_before_the_job_sends_nothing(scripted):
    printer = scripted(0x1A, 0x72, 0x32)
    with pytest.raises(PrinterError) as error:
        send_job(printer.config(), JOB)
    assert error.value.kind == "paper_out" and not error.value.maybe_printed
    printer.close()
    assert JOB not in printer.received


def test_paper_end_after_the_job_may_have_cut_the_ticket_short(scripted):
    printer = scripted(0x12, 0x12, 0x1A, 0x7E, 0x32)
    with pytest.raises(PrinterError) as error:
        send_job(printer.config(), JOB)
    assert error.value.kind == "paper_out" and error.value.maybe_printed
    assert "terpotong" in error.value.message


def test_paper_near_end_is_reported_but_prints(scripted):
    printer = scripted(0x12, 0x1E, 0x12, 0x1E)
    status = send_job(printer.config(), JOB)
    assert status.online and status.paper == "near_end"
    assert "hampir habis" in status.message


def test_an_open_cover_is_reported_and_nothing_is_sent(scripted):
    printer = scripted(0x1A, 0x12, 0x16)
    with pytest.raises(PrinterError) as error:
        send_job(printer.config(), JOB)
    assert error.value.kind == "io" and "tutup" in error.value.message
    printer.close()
    assert JOB not in printer.received


def test_a_byte_that_is_not_a_status_is_an_io_error(scripted):
    printer = scripted(0x41)
    with pytest.raises(PrinterError) as error:
        send_job(printer.config(), JOB)
    assert error.value.kind == "io" and "0x41" in error.value.message


def test_a_printer_that_closes_the_connection_is_an_io_error():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def close_at_once() -> None:
        conn, _ = server.accept()
        conn.close()

    thread = threading.Thread(target=close_at_once, daemon=True)
    thread.start()
    try:
        with pytest.raises(PrinterError) as error:
            send_job(PrinterConfig(name="p", kind="network", host="127.0.0.1", port=port,
                                   timeout=TIMEOUT), JOB)
        assert error.value.kind == "io" and "terputus" in error.value.message
    finally:
        thread.join(timeout=2)
        server.close()


def test_connect_timeout_when_the_printer_accepts_nothing():
    # a listener whose backlog is full drops new connection attempts: like a dead host
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    config = PrinterConfig(name="p", kind="network", host="127.0.0.1", port=port,
                           timeout=TIMEOUT)
    try:
        started = time.monotonic()
        with pytest.raises(PrinterError) as error:
            send_job(config, JOB)
        assert error.value.kind == "timeout" and not error.value.maybe_printed
        assert time.monotonic() - started < TIMEOUT * 3
        status = query_status(config)
        assert not status.online and "tidak menjawab" in status.message
    finally:
        filler.close()
        server.close()


# ---------------------------------------------------------------- file


def test_file_connection_appends_the_bytes(tmp_path):
    target = tmp_path / "tickets.bin"
    config = parse_printer_config("f", {"kind": "file", "path": str(target)})
    status = send_job(config, b"one")
    send_job(config, b"two")
    assert target.read_bytes() == b"onetwo"
    assert status.online and status.paper == "unknown"
    assert query_status(config).online


def test_file_in_a_missing_folder_is_not_found(tmp_path):
    config = parse_printer_config("f", {"kind": "file", "path": str(tmp_path / "no" / "x")})
    with pytest.raises(PrinterError) as error:
        send_job(config, b"x")
    assert error.value.kind == "not_found"


def test_a_missing_device_node_is_not_found_and_never_created():
    path = "/dev/loket-test-no-such-printer"
    config = parse_printer_config("f", {"kind": "file", "path": path})
    with pytest.raises(PrinterError) as error:
        send_job(config, b"x")
    assert error.value.kind == "not_found" and "kabel USB" in error.value.message
    assert not Path(path).exists()
    assert not query_status(config).online


def test_a_device_that_stops_taking_data_times_out(tmp_path):
    # a FIFO nobody reads behaves like a printer device whose buffer is full
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        config = parse_printer_config("f", {"kind": "file", "path": str(fifo),
                                            "timeout": TIMEOUT})
        started = time.monotonic()
        with pytest.raises(PrinterError) as error:
            send_job(config, b"x" * (4 * 1024 * 1024))
        assert error.value.kind == "timeout" and error.value.maybe_printed
        assert time.monotonic() - started < TIMEOUT * 3
    finally:
        os.close(reader)


# ---------------------------------------------------------------- cups


def fake_command(bin_dir: Path, name: str, body: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / name
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)


@pytest.fixture
def fake_bin(tmp_path, monkeypatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("LP_SEEN", str(tmp_path))
    return bin_dir


def test_cups_sends_the_bytes_raw_to_the_queue_through_lp(fake_bin, tmp_path):
    fake_command(fake_bin, "lp", 'printf "%s\\n" "$@" > "$LP_SEEN/args"\n'
                                 'cat > "$LP_SEEN/data"\n'
                                 'echo "request id is $2-7 (1 file(s))"\n')
    config = parse_printer_config("c", {"kind": "cups", "queue": "kiosk1"})
    status = send_job(config, JOB)
    assert (tmp_path / "args").read_text().split() == ["-d", "kiosk1", "-o", "raw"]
    assert (tmp_path / "data").read_bytes() == JOB
    assert status.online and status.paper == "unknown" and "kiosk1" in status.message


def test_cups_unknown_queue_is_not_found(fake_bin):
    fake_command(fake_bin, "lp", 'cat > /dev/null\n'
                                 'echo "lp: The printer or class does not exist." >&2\n'
                                 "exit 1\n")
    with pytest.raises(PrinterError) as error:
        send_job(parse_printer_config("c", {"kind": "cups", "queue": "nope"}), JOB)
    assert error.value.kind == "not_found" and "nope" in error.value.message


def test_cups_other_failures_are_io_with_lps_words(fake_bin):
    fake_command(fake_bin, "lp", 'cat > /dev/null\necho "lp: scheduler not responding" >&2\n'
                                 "exit 1\n")
    with pytest.raises(PrinterError) as error:
        send_job(parse_printer_config("c", {"kind": "cups", "queue": "q"}), JOB)
    assert error.value.kind == "io" and "scheduler not responding" in error.value.message


def test_cups_without_lp_installed_is_not_found(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    config = parse_printer_config("c", {"kind": "cups", "queue": "q"})
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "not_found" and "lp" in error.value.message
    assert not query_status(config).online


def test_a_hanging_lp_is_killed_at_the_timeout(fake_bin):
    fake_command(fake_bin, "lp", "sleep 20\n")  # a child that outlives its shell if let be
    config = parse_printer_config("c", {"kind": "cups", "queue": "q", "timeout": TIMEOUT})
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "timeout"
    assert time.monotonic() - started < TIMEOUT + 2


def test_cups_status_comes_from_lpstat(fake_bin):
    config = parse_printer_config("c", {"kind": "cups", "queue": "kiosk1"})
    fake_command(fake_bin, "lpstat", 'echo "printer kiosk1 is idle.  enabled since Mon"\n')
    assert query_status(config).online
    fake_command(fake_bin, "lpstat", 'echo "printer kiosk1 disabled since Mon -"\n')
    assert not query_status(config).online


# ---------------------------------------------------------------- usb and serial


def test_usb_printer_that_is_not_plugged_in_is_not_found_quickly():
    config = parse_printer_config("u", {"kind": "usb", "vendor_id": "0x1234",
                                        "product_id": "0x5678", "timeout": TIMEOUT})
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "not_found"
    assert "USB 1234:5678" in error.value.message and "kabel USB" in error.value.message
    assert time.monotonic() - started < 5
    status = query_status(config)
    assert not status.online and "tidak ditemukan" in status.message


def test_serial_printer_without_its_port_is_not_found_quickly(tmp_path):
    config = parse_printer_config("s", {"kind": "serial", "device": str(tmp_path / "ttyUSB9"),
                                        "timeout": TIMEOUT})
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "not_found" and "ttyUSB9" in error.value.message
    assert time.monotonic() - started < 5
    assert not query_status(config).online


# ---------------------------------------------------------------- the error type


def test_printer_error_carries_kind_and_message():
    error = PrinterError("refused", "Printer 192.168.1.50:9100 menolak koneksi")
    assert (error.kind, error.message, str(error)) == (
        "refused", "Printer 192.168.1.50:9100 menolak koneksi",
        "Printer 192.168.1.50:9100 menolak koneksi")
    assert not error.maybe_printed
    assert "refused" in repr(error)


def test_query_status_never_raises_even_for_a_broken_config():
    config = PrinterConfig(name="x", kind="telepathy")  # type: ignore[arg-type]
    status = query_status(config)
    assert not status.online and status.message
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "config"
