"""USB printers: one that is not plugged in is reported quickly."""

from __future__ import annotations

import time

import pytest

from printer import PrinterConfig, PrinterError, query_status, send_job
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


def test_usb_printer_that_is_not_plugged_in_is_not_found_quickly():
    config = PrinterConfig(name="u", kind="usb", vendor_id=0x1234, product_id=0x5678,
                           timeout=TIMEOUT)
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "not_found"
    assert "USB 1234:5678" in error.value.message and "kabel USB" in error.value.message
    assert time.monotonic() - started < 5
    status = query_status(config)
    assert not status.online and "tidak ditemukan" in status.message
