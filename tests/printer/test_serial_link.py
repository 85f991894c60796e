"""Serial printers: a missing port is reported quickly."""

from __future__ import annotations

import time

import pytest

from printer import PrinterConfig, PrinterError, query_status, send_job
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


def test_serial_printer_without_its_port_is_not_found_quickly(tmp_path):
    config = PrinterConfig(name="s", kind="serial", device=str(tmp_path / "ttyUSB9"),
                           timeout=TIMEOUT)
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "not_found" and "ttyUSB9" in error.value.message
    assert time.monotonic() - started < 5
    assert not query_status(config).online
