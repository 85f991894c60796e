"""The data folder's locks are flocks: several servers share `server.lock`, a restore needs
it alone, and a server killed with SIGKILL (or a power cut) leaves no stale lock behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from queue_server.boot import hold_server_lock
from queue_server.domain.errors import ConfigError
from queue_server.store.folder import SERVER_LOCK, FolderBusy, FolderLock

HOLDER = """
import sys, time
from pathlib import Path
from queue_server.store.folder import FolderLock
FolderLock(Path(sys.argv[1]), "server.lock").acquire(shared=True)
print("held", flush=True)
time.sleep(60)
"""


def test_servers_share_the_lock_and_a_restore_needs_it_alone(tmp_path):
    first = FolderLock(tmp_path, SERVER_LOCK).acquire(shared=True)
    second = FolderLock(tmp_path, SERVER_LOCK).acquire(shared=True)
    with pytest.raises(FolderBusy):
        FolderLock(tmp_path, SERVER_LOCK).acquire()
    first.release()
    second.release()
    restore = FolderLock(tmp_path, SERVER_LOCK).acquire()
    with pytest.raises(FolderBusy):  # a server starting during a restore is refused
        FolderLock(tmp_path, SERVER_LOCK).acquire(shared=True)
    restore.release()


def test_a_server_killed_with_sigkill_leaves_no_stale_lock(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(FolderBusy):
            FolderLock(tmp_path, SERVER_LOCK).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    deadline = time.monotonic() + 5
    while True:
        try:
            FolderLock(tmp_path, SERVER_LOCK).acquire().release()
            break
        except FolderBusy:
            assert time.monotonic() < deadline, "the lock outlived its process"
            time.sleep(0.05)


def test_serve_refuses_to_start_while_a_restore_holds_the_folder(tmp_path):
    with FolderLock(tmp_path, SERVER_LOCK).held_for(), \
            pytest.raises(ConfigError, match="a restore is running"):
        hold_server_lock(tmp_path)
