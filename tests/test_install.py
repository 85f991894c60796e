"""scripts/install.sh into a throwaway root (--prefix): no root, no systemctl, no network.
The installed venv reuses this checkout's libraries (--deps-from .venv) and pip builds Loket
from this machine's local package index only."""

from __future__ import annotations

import configparser
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from queue_server import __version__
from tests.conftest import CONFIG, ROOT

TV_URL = "http://127.0.0.1:8080/display?zone=zona-a&x=%41"
VENV = Path(sys.prefix)  # the venv running the tests: its libraries are Loket's
# what a release of Loket holds (the rest of the checkout is for developing it)
RELEASE = ("queue_server", "printer", "kiosk", "display", "node_modules", "docs", "scripts",
           "config.toml", "pyproject.toml", "README.md")


def offline_pip_env() -> dict[str, str]:
    """pip limited to the file:// package indexes configured on this machine."""
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                            capture_output=True, text=True, check=True).stdout
    local = re.findall(r"file://[^\s']+", listed)
    if not local:
        pytest.fail("the install test needs a local (file://) package index in pip's config: "
                    "it never lets pip reach the network")
    return {**os.environ, "PIP_INDEX_URL": local[0], "PIP_EXTRA_INDEX_URL": " ".join(local[1:]),
            "PIP_NO_INPUT": "1"}


def release(folder: Path) -> Path:
    """A still copy of this checkout to install from (the checkout itself may be edited
    while the tests run, and then two installs of it would rightly differ)."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in RELEASE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=skip, symlinks=True)
        else:
            shutil.copy2(source, folder / name)
    return folder


def install(source: Path, prefix: Path, *args: str) -> str:
    script = source / "scripts" / "install.sh"
    done = subprocess.run(["bash", str(script), "--prefix", str(prefix), "--deps-from",
                           str(VENV), *args], capture_output=True, text=True, timeout=240,
                          env=offline_pip_env(), cwd=prefix.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file under root: its mode and content (or link target); bytecode aside."""
    seen: dict[str, tuple] = {}
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        info = path.lstat()
        if path.is_symlink():
            seen[str(path.relative_to(root))] = ("link", str(path.readlink()))
        elif path.is_file():
            seen[str(path.relative_to(root))] = (stat.filemode(info.st_mode),
                                                 hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            seen[str(path.relative_to(root))] = (stat.filemode(info.st_mode),)
    return seen


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, str, dict[str, tuple]]:
    """One install with a TV screen; the first run's output and the tree it left. The tests
    share it in file order (an install takes ~30 s): each leaves the tree as it found it,
    but for the last two, which install again."""
    source = release(tmp_path_factory.mktemp("release"))
    prefix = tmp_path_factory.mktemp("install") / "root"
    output = install(source, prefix, "--tv-url", TV_URL)
    return source, prefix, output, snapshot(prefix)


def test_the_install_writes_a_server_unit_that_restarts_on_failure_and_starts_on_boot(
        installed):
    _, prefix, output, _ = installed
    units = prefix / "etc" / "systemd" / "system"
    service = unit(units / "loket.service")
    venv = prefix / "opt" / "loket" / "venv"
    assert service["Service"]["ExecStart"] == f"{venv}/bin/queue-server serve"
    assert service["Service"]["Restart"] == "on-failure"
    assert service["Service"]["User"] == "loket"
    assert service["Service"]["StandardError"] == "journal"
    assert service["Install"]["WantedBy"] == "multi-user.target"
    text = (units / "loket.service").read_text(encoding="utf-8")  # two Environment= lines
    assert f"Environment=LOKET_CONFIG={prefix}/etc/loket/config.toml\n" in text
    assert f"Environment=LOKET_DATA_DIR={prefix}/var/lib/loket\n" in text
    assert not (units / "loket-printer-emulator.service").exists()  # demo only
    assert "not enabled (--prefix: systemctl is never called)" in output
    assert "skipped: no loket system user" in output
    if shutil.which("systemd-analyze"):
        verified = subprocess.run(["systemd-analyze", "verify", str(units / "loket.service")],
                                  capture_output=True, text=True, timeout=60)
        assert verified.returncode == 0, verified.stderr


def test_the_config_is_copied_and_the_data_folder_is_private(installed):
    _, prefix, _, _ = installed
    config = prefix / "etc" / "loket" / "config.toml"
    assert config.read_bytes() == CONFIG.read_bytes()
    assert (prefix / "etc" / "loket" / "config.example.toml").read_bytes() == CONFIG.read_bytes()
    assert stat.S_IMODE((prefix / "var" / "lib" / "loket").stat().st_mode) == 0o700


def test_the_installed_venv_runs_its_own_copy_of_loket(installed, tmp_path):
    _, prefix, _, _ = installed
    app = prefix / "opt" / "loket" / "app"
    bin_dir = prefix / "opt" / "loket" / "venv" / "bin"
    version = subprocess.run([str(bin_dir / "queue-server"), "--version"], capture_output=True,
                             text=True, timeout=60, cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"queue-server, version {__version__}"
    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "import queue_server.web.surfaces as s; print(s.__file__, s.ROOT)"],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path)
    module, root = where.stdout.split()
    assert Path(module).is_relative_to(app) and Path(root) == app
    # the pages and browser libraries the web serves from beside the packages came along
    assert (app / "kiosk" / "kiosk.html").is_file() and (app / "display").is_dir()
    assert (app / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js").is_file()


def test_the_officers_command_works_on_the_installed_config_and_data_folder(installed,
                                                                              tmp_path):
    _, prefix, _, _ = installed
    loket = prefix / "opt" / "loket" / "bin" / "loket"
    data = prefix / "var" / "lib" / "loket"
    try:
        init = subprocess.run([str(loket), "init"], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert init.returncode == 0, init.stderr
        assert f"Database ready: {data / 'loket.db'}" in init.stdout
        check = subprocess.run([str(loket), "upgrade-check"], capture_output=True, text=True,
                               timeout=60, cwd=tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "Tidak ada migrasi tertunda" in check.stdout
    finally:  # the install tests below compare trees without a database
        for made in data.iterdir():
            shutil.rmtree(made) if made.is_dir() else made.unlink()


def test_the_tv_screen_opens_chromium_in_kiosk_mode_at_login(installed):
    _, prefix, _, _ = installed
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(prefix / "etc" / "xdg" / "autostart" / "loket-tv.desktop")
    assert entry["Desktop Entry"]["Exec"].startswith(
        "/usr/bin/chromium --kiosk --autoplay-policy=no-user-gesture-required ")
    # quoted (& is reserved in Exec), % doubled (a field code there)
    assert entry["Desktop Entry"]["Exec"].endswith(
        ' "http://127.0.0.1:8080/display?zone=zona-a&x=%%41"')
    assert not (prefix / "etc" / "xdg" / "autostart" / "loket-kiosk.desktop").exists()


def test_installing_again_changes_nothing_and_keeps_the_officers_config(installed):
    source, prefix, _, first = installed
    config = prefix / "etc" / "loket" / "config.toml"
    edited = config.read_text(encoding="utf-8").replace(
        '# public_url = "http://192.168.1.10:8080"', 'public_url = "http://10.0.0.5:8080"')
    config.write_text(edited, encoding="utf-8")
    before = snapshot(prefix)
    output = install(source, prefix, "--tv-url", TV_URL)
    assert snapshot(prefix) == before
    assert config.read_text(encoding="utf-8") == edited
    assert "kept" in output and "never overwritten" in output
    changed = {path for path in before if before[path] != first.get(path)}
    assert changed == {"etc/loket/config.toml"}


def test_a_demo_install_adds_the_printer_emulator_unit(installed):
    _, prefix, _, _ = installed
    install(installed[0], prefix, "--demo")
    units = prefix / "etc" / "systemd" / "system"
    venv = prefix / "opt" / "loket" / "venv"
    assert unit(units / "loket.service")["Service"]["ExecStart"] == \
        f"{venv}/bin/queue-server serve --demo"
    emulator = unit(units / "loket-printer-emulator.service")["Service"]
    assert emulator["ExecStart"].startswith(
        f"{venv}/bin/queue-server printer-emulator --host 127.0.0.1 --port 9100")
    assert emulator["Restart"] == "on-failure"
    if shutil.which("systemd-analyze"):
        verified = subprocess.run(["systemd-analyze", "verify", *map(str, units.iterdir())],
                                  capture_output=True, text=True, timeout=60)
        assert verified.returncode == 0, verified.stderr
