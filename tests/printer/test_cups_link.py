"""CUPS printers through fake `lp` and `lpstat` commands on PATH."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from printer import PrinterConfig, PrinterError, query_status, send_job
from tests.printer.conftest import TIMEOUT

pytestmark = pytest.mark.timeout(30)

JOB = b"\x1b@\x1bt\x00halo\n\x1dV\x00"


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
    config = PrinterConfig(name="c", kind="cups", queue="kiosk1")
    status = send_job(config, JOB)
    assert (tmp_path / "args").read_text().split() == ["-d", "kiosk1", "-o", "raw"]
    assert (tmp_path / "data").read_bytes() == JOB
    assert status.online and status.paper == "unknown" and "kiosk1" in status.message


def test_cups_unknown_queue_is_not_found(fake_bin):
    fake_command(fake_bin, "lp", 'cat > /dev/null\n'
                                 'echo "lp: The printer or class does not exist." >&2\n'
                                 "exit 1\n")
    with pytest.raises(PrinterError) as error:
        send_job(PrinterConfig(name="c", kind="cups", queue="nope"), JOB)
    assert error.value.kind == "not_found" and "nope" in error.value.message


def test_cups_other_failures_are_io_with_lps_words(fake_bin):
    fake_command(fake_bin, "lp", 'cat > /dev/null\necho "lp: scheduler not responding" >&2\n'
                                 "exit 1\n")
    with pytest.raises(PrinterError) as error:
        send_job(PrinterConfig(name="c", kind="cups", queue="q"), JOB)
    assert error.value.kind == "io" and "scheduler not responding" in error.value.message


def test_cups_without_lp_installed_is_not_found(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    config = PrinterConfig(name="c", kind="cups", queue="q")
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "not_found" and "lp" in error.value.message
    assert not query_status(config).online


def test_a_hanging_lp_is_killed_at_the_timeout(fake_bin):
    fake_command(fake_bin, "lp", "sleep 20\n")  # a child that outlives its shell if let be
    config = PrinterConfig(name="c", kind="cups", queue="q", timeout=TIMEOUT)
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(config, JOB)
    assert error.value.kind == "timeout"
    assert time.monotonic() - started < TIMEOUT + 2


def test_cups_status_comes_from_lpstat(fake_bin):
    config = PrinterConfig(name="c", kind="cups", queue="kiosk1")
    fake_command(fake_bin, "lpstat", 'echo "printer kiosk1 is idle.  enabled since Mon"\n')
    assert query_status(config).online
    fake_command(fake_bin, "lpstat", 'echo "printer kiosk1 disabled since Mon -"\n')
    assert not query_status(config).online
