"""Dispatch by kind: a status probe never raises, an unknown kind is a config error."""

from __future__ import annotations

import pytest

from printer import PrinterConfig, PrinterError, query_status, send_job

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


def test_query_status_never_raises_even_for_a_broken_config():
    config = PrinterConfig(name="x", kind="telepathy")  # type: ignore[arg-type]
    status = query_status(config)
    assert not status.online and status.message
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "config"
