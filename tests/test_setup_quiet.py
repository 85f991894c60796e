"""Issue 14: scripts/setup.sh (which scripts/start.sh runs before the banner) says one line
while it works and keeps pip's and npm's chatter to itself, unless a step fails: then it
shows what that step and the ones before it said, and stops with a non-zero status.

The script runs for real on a copy of itself in a scratch checkout whose `.venv/bin/python`
and `npm` are stand-ins that talk like pip and npm (so the shared virtualenv is untouched)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PIP_NOISE = """\
#!/usr/bin/env bash
echo "DEPRECATION: Legacy editable install of loket (setup.py develop) is deprecated."
echo "WARNING: setuptools: Installing 'queue-server' script to .venv/bin"
[ "$3" = "check" ] && echo "No broken requirements found."
exit 0
"""
NPM = """\
#!/usr/bin/env bash
echo "npm warn deprecated inflight@1.0.6: This module is not supported"
if [ -n "${FAIL_NPM:-}" ]; then echo "npm error network request to registry failed" >&2; exit 1; fi
echo "added 12 packages in 2s"
"""


def executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", repo / "scripts" / "setup.sh")
    (repo / "package.json").write_text("{}\n")
    executable(repo / ".venv" / "bin" / "python", PIP_NOISE)
    executable(tmp_path / "bin" / "npm", NPM)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
           "PYTHON": sys.executable, "TMPDIR": str(tmp_path)}
    env.pop("LOKET_SETUP_VERBOSE", None)
    return repo, env


def setup(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(repo / "scripts" / "setup.sh")], capture_output=True,
                          text=True, env=env, timeout=60)


def test_a_setup_that_works_says_one_line(tmp_path):
    repo, env = checkout(tmp_path)
    done = setup(repo, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Menyiapkan Loket (virtualenv, paket Python dan npm) / setting up Loket…"]
    assert done.stderr == ""
    assert not list(tmp_path.glob("loket-setup.*"))  # its log is removed


def test_a_failing_step_shows_its_output_and_stops(tmp_path):
    repo, env = checkout(tmp_path)
    done = setup(repo, {**env, "FAIL_NPM": "1"})
    assert done.returncode == 1
    assert "Persiapan gagal / setup failed at: npm ci" in done.stderr
    assert "npm error network request to registry failed" in done.stderr
    assert "DEPRECATION: Legacy editable install" in done.stderr  # the steps before it too
    assert not list(tmp_path.glob("loket-setup.*"))
