"""Runs a browser module's unit tests under node's test runner (`node --test`): the module
and its tests are copied as .mjs, the name node loads ES modules by (the browser gets the
same file as .js), and the run must pass exactly `passes` tests with none failing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_node_tests(module: str, tests: str, folder: Path, passes: int) -> None:
    """`module` and `tests` are paths from the repository root; `folder` a scratch folder."""
    node = shutil.which("node")
    assert node, "node is needed for the JS unit tests"
    shutil.copy(ROOT / module, folder / f"{Path(module).stem}.mjs")
    test_file = folder / Path(tests).name
    shutil.copy(ROOT / tests, test_file)
    run = subprocess.run([node, "--test", str(test_file)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"# pass {passes}" in run.stdout and "# fail 0" in run.stdout, run.stdout
