"""The `browser` and `redis` markers select for real: pytest in a subprocess, collecting only,
shows which tests `-m` keeps (tests/conftest.py's collection hook applies the markers)."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys

from tests.live_server import ROOT


@functools.cache
def collected(*args: str) -> tuple[frozenset[str], int]:
    """Test ids pytest collects under tests/ with these options, and how many it deselected.
    A module that fails to import is reported by the suite itself; here it only drops out
    of every selection alike."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--continue-on-collection-errors", *args, "tests"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
    )
    # 0, or 1 when some module did not import (collecting is all that ran)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    ids = frozenset(line for line in done.stdout.splitlines() if "::" in line)
    found = re.search(r"\((\d+) deselected\)", done.stdout)
    assert ids, done.stdout + done.stderr
    return ids, int(found[1]) if found else 0


def browser_tests(ids: frozenset[str]) -> set[str]:
    return {i for i in ids if i.startswith("tests/browser/")}


def test_not_browser_deselects_every_browser_test_and_nothing_else():
    everything, _ = collected()
    in_browser_folder = browser_tests(everything)
    assert len(in_browser_folder) >= 10  # the kiosk, display and console suites

    kept, deselected = collected("-m", "not browser")
    assert browser_tests(kept) == set()
    assert kept == everything - in_browser_folder
    assert deselected == len(in_browser_folder)


def test_browser_selects_exactly_the_browser_tests():
    everything, _ = collected()
    kept, deselected = collected("-m", "browser")
    assert kept == browser_tests(everything)
    assert deselected == len(everything) - len(kept)


def test_redis_selects_the_scale_out_tests_and_not_redis_leaves_them_out():
    needs_redis, _ = collected("-m", "redis")
    assert needs_redis
    assert "tests/web/test_scale_out.py::test_a_call_on_one_process_reaches_a_screen_on_the_other" \
        in needs_redis
    rest, deselected = collected("-m", "not redis")
    assert rest.isdisjoint(needs_redis)
    assert deselected == len(needs_redis)
