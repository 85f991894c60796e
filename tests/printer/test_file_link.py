"""File and device-node printers: appended bytes, missing paths, a device that stops taking data."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from printer import PrinterConfig, PrinterError, query_status, send_job
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)


def test_file_connection_appends_the_bytes(tmp_path):
    target = tmp_path / "tickets.bin"
    config = PrinterConfig(name="f", kind="file", path=str(target))
    status = send_job(config, b"one")
    send_job(config, b"two")
    assert target.read_bytes() == b"onetwo"
    assert status.online and status.paper == "unknown"
    assert query_status(config).online


def test_file_in_a_missing_folder_is_not_found(tmp_path):
    config = PrinterConfig(name="f", kind="file", path=str(tmp_path / "no" / "x"))
    with pytest.raises(PrinterError) as error:
        send_job(config, b"x")
    assert error.value.kind == "not_found"


def test_a_missing_device_node_is_not_found_and_never_created():
    path = "/dev/loket-test-no-such-printer"
    config = PrinterConfig(name="f", kind="file", path=path)
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
        config = PrinterConfig(name="f", kind="file", path=str(fifo), timeout=TIMEOUT)
        started = time.monotonic()
        with pytest.raises(PrinterError) as error:
            send_job(config, b"x" * (4 * 1024 * 1024))
        assert error.value.kind == "timeout" and error.value.maybe_printed
        assert time.monotonic() - started < TIMEOUT * 3
    finally:
        os.close(reader)
