"""The DLE EOT status protocol against scripted printers: status, the job, status again."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from printer import PrinterConfig, PrinterError, PrinterStatus, send_job
from printer.escpos_decoder import EscPosDecoder, StatusRequest
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


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
