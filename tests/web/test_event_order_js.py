"""The live pages' event order rule (static/js/event_order.js) under node's test runner:
out-of-order, duplicate, gap and a heartbeat ahead (tests/js/event_order.test.mjs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_event_order_rule_holds_under_node(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed for the JS unit tests"
    # node loads ES modules by the .mjs name; the browser gets the same file as .js
    shutil.copy(ROOT / "queue_server/web/static/js/event_order.js", tmp_path / "event_order.mjs")
    shutil.copy(ROOT / "tests/js/event_order.test.mjs", tmp_path / "event_order.test.mjs")
    run = subprocess.run([node, "--test", str(tmp_path / "event_order.test.mjs")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "# pass 7" in run.stdout and "# fail 0" in run.stdout, run.stdout
