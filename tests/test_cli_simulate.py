"""`queue-server simulate` as an IT officer runs it: a real process on a tmp data folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONFIG, ROOT

PAST_MONDAY = "2026-02-23"  # before any day these tests run on


def simulate(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "simulate", "--config", str(CONFIG),
         "--data-dir", str(data_dir), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_fills_a_past_day_and_ends_with_the_summary_as_json(tmp_path):
    done = simulate(tmp_path / "data", "--date", PAST_MONDAY, "--tickets", "150",
                    "--seed", "4", "--verbose")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == f"{PAST_MONDAY} terisi: 150 tiket (1/1 hari)"  # --verbose
    summary = json.loads(lines[-1])
    assert set(summary) >= {"days", "issued", "served", "no_show", "cancelled",
                            "transferred", "by_service"}
    assert summary["days"] == 1 and summary["issued"] == 150
    assert summary["served"] + summary["no_show"] + summary["cancelled"] == 150
    quiet = simulate(tmp_path / "other", "--date", PAST_MONDAY, "--tickets", "150",
                     "--seed", "4")
    assert quiet.stdout.strip().splitlines() == [lines[-1]]  # same seed, same day, no chatter


def test_refuses_with_status_2_a_filled_day_a_closed_day_and_the_future(tmp_path):
    data = tmp_path / "data"
    assert simulate(data, "--date", PAST_MONDAY, "--tickets", "20").returncode == 0
    again = simulate(data, "--date", PAST_MONDAY)
    assert again.returncode == 2 and "sudah berisi tiket" in again.stderr
    saturday = simulate(data, "--date", "2026-02-28")
    assert saturday.returncode == 2 and "tutup" in saturday.stderr
    future = simulate(data, "--date", "2099-01-05")
    assert future.returncode == 2 and "sudah lewat" in future.stderr
    bad = simulate(data, "--date", "2026-02-30")
    assert bad.returncode == 2 and "--date" in bad.stderr
