"""The hold over real TCP: the server's spooler against the project's ESC/POS emulator. A
printer that keeps cutting jobs off leaves two partial slips, not five, raises the printer
alarm, and the held ticket prints once after the printer is healthy again."""

from __future__ import annotations

import sqlite3
import time

import pytest
import requests

from tests.web.test_printing_live import event_types, issue, print_state, wait_for

API = "/api/v1"


@pytest.fixture
def server(printing_server):
    return printing_server


def query(server, sql: str, *args) -> list[tuple]:
    db = sqlite3.connect(server.data_dir / "loket.db")
    try:
        return list(db.execute(sql, args))
    finally:
        db.close()


def held(server, ticket: dict) -> bool:
    return bool(query(server, "SELECT 1 FROM print_jobs WHERE ticket_id = ? AND held_at IS "
                              "NOT NULL AND status = 'pending'", ticket["id"]))


def printer_alarm_open(server) -> bool:
    return bool(query(server, "SELECT 1 FROM alarms WHERE kind = 'printer_down' AND "
                              "subject = 'printer:default' AND cleared_at IS NULL"))


def printer_health(server) -> dict:
    return requests.get(f"{server.url}{API}/health", timeout=10).json()["printers"]["default"]


def texts(emulator) -> list[str]:
    return [p.with_suffix(".txt").read_text(encoding="utf-8") for p in emulator.printed()]


def test_a_printer_that_keeps_cutting_jobs_off_is_held_after_two_slips(server, emulator):
    emulator.set_fault("close-mid-job")  # status answers OK, every job is cut half-way
    try:
        ticket = issue(server)
        assert ticket["status"] == "waiting"  # the citizen has the number at once
        assert wait_for(lambda: held(server, ticket), timeout=30)
        assert wait_for(lambda: printer_alarm_open(server), timeout=15)
        emulator.wait_for(2, timeout=10)
        # several probes later (one every 5 s) nothing more came out: the OK the printer
        # answers proved nothing before each half slip
        time.sleep(12)
        assert len(emulator.printed()) == 2
        assert all("TIDAK LENGKAP" in text for text in texts(emulator))
        state = print_state(server, ticket)
        assert state["status"] == "pending" and state["attempts"] == 2
        health = printer_health(server)
        assert health["ok"] is False and health["held_jobs"] == 1
        assert "matikan lalu nyalakan" in health["message"]
        # the officer turns the printer off ...
        emulator.set_fault("refuse")
        assert wait_for(lambda: "sekarang" in printer_health(server)["message"], timeout=20)
    finally:
        emulator.set_fault(None)  # ... and on again, mended
    assert wait_for(lambda: (print_state(server, ticket) or {}).get("status") == "sent",
                    timeout=30)
    assert wait_for(lambda: not printer_alarm_open(server), timeout=15)
    printed = texts(emulator)
    assert len(printed) == 3  # the held ticket printed once
    assert ticket["code"] in printed[-1] and "ULANG" in printed[-1]
    assert "TIDAK LENGKAP" not in printed[-1]
    kinds = event_types(server, ticket)
    assert kinds == ["issued", "print_failed", "print_failed", "print_released", "printed"]


def test_a_held_job_prints_once_as_soon_as_the_printer_reports_paper_again(server,
                                                                            emulator):
    emulator.set_fault("paper-out")
    try:
        ticket = issue(server)
        assert wait_for(lambda: held(server, ticket), timeout=30)
        assert wait_for(lambda: printer_alarm_open(server), timeout=15)
        time.sleep(7)  # a probe or more: still no paper, still held
        assert held(server, ticket) and emulator.printed() == []
        assert printer_health(server)["paper"] == "out"
    finally:
        emulator.set_fault(None)  # a new roll: the status answers OK
    assert wait_for(lambda: (print_state(server, ticket) or {}).get("status") == "sent",
                    timeout=30)
    assert wait_for(lambda: not printer_alarm_open(server), timeout=15)
    printed = texts(emulator)
    assert len(printed) == 1 and ticket["code"] in printed[0]
    assert "ULANG" not in printed[0]  # no paper had come out before
    assert printer_health(server)["held_jobs"] == 0
