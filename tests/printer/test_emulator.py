"""The emulator: tickets written as PNG and text, numbering, and each fault over real TCP."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from printer import (
    PrinterEmulator,
    PrinterError,
    query_status,
    render_ticket,
    send_job,
)
from printer.emulator import serve
from printer.paper import INCOMPLETE_MARK
from tests.printer.conftest import TIMEOUT, TRACK_URL, make_ticket, scanned

pytestmark = pytest.mark.timeout(30)


def test_a_job_becomes_1_png_and_1_txt_with_code_and_url(emulator, network):
    status = send_job(network, render_ticket(make_ticket()))
    assert status.online and status.paper == "ok"
    [png] = emulator.wait_for(1, timeout=5)
    assert png.name == "1.png"
    text = png.with_suffix(".txt").read_text(encoding="utf-8")
    assert "A012" in text and TRACK_URL in text
    assert scanned(png) == [TRACK_URL]


def test_tickets_are_numbered_on_after_files_already_there(tmp_path):
    out = tmp_path / "printed"
    out.mkdir()
    (out / "7.png").write_bytes(b"")
    (out / "7.txt").write_text("")
    (out / "notes.txt").write_text("")
    with PrinterEmulator(out_dir=out) as emulator:
        config = _config(emulator)
        send_job(config, render_ticket(make_ticket(code="A001")))
        send_job(config, render_ticket(make_ticket(code="A002")))
        assert [p.name for p in emulator.wait_for(2, timeout=5)] == ["8.png", "9.png"]
    assert "A002" in (out / "9.txt").read_text()


def test_several_tickets_on_one_connection(emulator, network):
    send_job(network, render_ticket(make_ticket(code="A001")) +
             render_ticket(make_ticket(code="A002")))
    assert len(emulator.wait_for(2, timeout=5)) == 2


def test_wait_for_times_out_with_a_clear_error(emulator):
    with pytest.raises(TimeoutError, match="0 of 1"):
        emulator.wait_for(1, timeout=0.2)


def test_refuse_fault_refuses_promptly_and_recovers_on_the_same_port(emulator, network):
    port = emulator.port
    emulator.set_fault("refuse")
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(network, render_ticket(make_ticket()))
    assert error.value.kind == "refused"
    assert "menolak koneksi" in error.value.message and str(port) in error.value.message
    assert time.monotonic() - started < TIMEOUT
    emulator.set_fault(None)
    assert emulator.port == port
    assert send_job(network, render_ticket(make_ticket())).online
    assert len(emulator.wait_for(1, timeout=5)) == 1


def test_hang_fault_times_out_within_the_configured_timeout(emulator, network):
    emulator.set_fault("hang")
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        send_job(network, render_ticket(make_ticket()))
    elapsed = time.monotonic() - started
    assert error.value.kind == "timeout"
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT * 2
    assert emulator.printed() == []
    emulator.set_fault(None)
    assert send_job(network, render_ticket(make_ticket())).online


def test_close_mid_job_fault_gives_io_error_and_an_incomplete_ticket(emulator, network):
    emulator.set_fault("close-mid-job")
    with pytest.raises(PrinterError) as error:
        send_job(network, render_ticket(make_ticket()))
    assert error.value.kind == "io" and error.value.maybe_printed
    [png] = emulator.wait_for(1, timeout=5)
    text = png.with_suffix(".txt").read_text(encoding="utf-8")
    assert INCOMPLETE_MARK in text
    assert "Mal Pelayanan Publik" in text and TRACK_URL not in text  # only the first half
    emulator.set_fault(None)
    send_job(network, render_ticket(make_ticket(copy_mark="ULANG")))
    _, retry = emulator.wait_for(2, timeout=5)
    assert "ULANG" in retry.with_suffix(".txt").read_text()


def test_paper_out_fault_stops_before_sending_and_prints_nothing(emulator, network):
    emulator.set_fault("paper-out")
    with pytest.raises(PrinterError) as error:
        send_job(network, render_ticket(make_ticket()))
    assert error.value.kind == "paper_out" and not error.value.maybe_printed
    assert "Kertas" in error.value.message
    time.sleep(0.2)
    assert emulator.printed() == []
    emulator.set_fault(None)
    send_job(network, render_ticket(make_ticket()))
    assert [p.name for p in emulator.wait_for(1, timeout=5)] == ["1.png"]


def test_paper_out_emulator_discards_print_data_sent_anyway(emulator):
    emulator.set_fault("paper-out")
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04")
        answers = b""
        while len(answers) < 4:
            answers += sock.recv(4)
        sock.sendall(render_ticket(make_ticket()) + b"\x10\x04\x04")
        assert sock.recv(1) == b"\x7e"  # so the job before it was processed too
    # offline; stopped by paper end; no error; both roll sensors report paper end
    assert answers == bytes((0x1A, 0x32, 0x12, 0x7E))
    emulator.stop()  # writes out anything still queued
    assert emulator.printed() == []


def test_healthy_emulator_answers_all_four_status_requests_as_ready(emulator):
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04")
        answers = b""
        while len(answers) < 4:
            answers += sock.recv(4)
    assert answers == b"\x12\x12\x12\x12"


def test_query_status_reports_each_state(emulator, network):
    ready = query_status(network)
    assert (ready.online, ready.paper) == (True, "ok")
    emulator.set_fault("paper-out")
    out = query_status(network)
    assert (out.online, out.paper) == (False, "out") and "Kertas" in out.message
    emulator.set_fault("hang")
    hung = query_status(network)
    assert not hung.online and "tidak menjawab" in hung.message
    emulator.set_fault("refuse")
    refused = query_status(network)
    assert not refused.online and "menolak" in refused.message
    emulator.set_fault("close-mid-job")  # status still answered: the fault hits jobs
    assert query_status(network).online
    emulator.set_fault(None)
    assert query_status(network).online
    assert emulator.printed() == []


def test_a_client_that_connects_and_closes_leaves_nothing(emulator):
    socket.create_connection(("127.0.0.1", emulator.port), timeout=TIMEOUT).close()
    time.sleep(0.2)
    assert emulator.printed() == []


def test_a_job_without_cut_is_written_as_incomplete_when_the_client_closes(emulator):
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"\x1b@halo tanpa potong\n")
    [png] = emulator.wait_for(1, timeout=5)
    assert INCOMPLETE_MARK in png.with_suffix(".txt").read_text()


def test_hang_fault_releases_the_connection_when_the_client_gives_up(emulator):
    emulator.set_fault("hang")
    sock = socket.create_connection(("127.0.0.1", emulator.port), timeout=TIMEOUT)
    deadline = time.monotonic() + 2
    while not emulator._connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert emulator._connections
    sock.close()
    while emulator._connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not emulator._connections


def test_unknown_faults_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown fault"):
        PrinterEmulator(out_dir=tmp_path, fault="on-fire")  # type: ignore[arg-type]


def test_starting_in_refuse_mode_owns_a_port_and_listens_when_cleared(tmp_path):
    with PrinterEmulator(out_dir=tmp_path, fault="refuse") as emulator:
        assert emulator.port != 0
        with pytest.raises(PrinterError) as error:
            send_job(_config(emulator), b"x\x1dV\x00")
        assert error.value.kind == "refused"
        emulator.set_fault(None)
        send_job(_config(emulator), b"x\x1dV\x00")
        assert len(emulator.wait_for(1, timeout=5)) == 1


def test_serve_prints_one_line_per_ticket(tmp_path, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = threading.Event()
    runner = threading.Thread(target=serve, args=("127.0.0.1", port, tmp_path, None),
                              kwargs={"stop": stop}, daemon=True)
    runner.start()
    try:
        config = _config_for_port(port)
        deadline = time.monotonic() + 5
        while True:
            try:
                send_job(config, render_ticket(make_ticket()))
                break
            except PrinterError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        send_job(config, render_ticket(make_ticket(code="B007")))
    finally:
        stop.set()
        runner.join(timeout=5)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "A012" in lines[0] and TRACK_URL in lines[0] and "1.png" in lines[0]
    assert "B007" in lines[1] and "2.png" in lines[1]


def _config(emulator: PrinterEmulator):
    return _config_for_port(emulator.port)


def _config_for_port(port: int):
    from printer import PrinterConfig

    return PrinterConfig(name="test", kind="network", host="127.0.0.1", port=port,
                         timeout=TIMEOUT)
