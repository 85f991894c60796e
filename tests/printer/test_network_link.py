"""Network printers that close the connection or accept nothing: bounded, never hanging."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from printer import PrinterConfig, PrinterError, query_status, send_job
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


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
