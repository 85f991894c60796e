"""The data folder holds citizens' names and phone numbers, the web's secret key and the
backups: 0700 for the folders and 0600 for those files whatever the umask (issue 13, defect
10), and a folder left readable by an older version is tightened at start, with a log line."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from queue_server.boot import DB_FILE, SECRET_FILE, load_or_create_secret, prepare_data
from queue_server.services import backups, tickets
from queue_server.services.hall import Hall
from tests.conftest import KIOSK


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # what a shell or systemd gives by default
    yield
    os.umask(previous)


def test_a_new_data_folder_and_its_database_files_are_private(loose_umask, settings, clock,
                                                              tmp_path):
    data = tmp_path / "var" / "lib" / "loket"
    store, _ = prepare_data(settings, data)
    try:
        load_or_create_secret(data)
        # the hall's connection pool keeps -wal and -shm beside the database
        tickets.issue_ticket(Hall(store, settings, clock=clock), KIOSK, "skck")
        files = [data / DB_FILE, data / f"{DB_FILE}-wal", data / f"{DB_FILE}-shm",
                 data / SECRET_FILE]
        assert mode(data) == 0o700
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
        made = backups.make_backup(data / DB_FILE, data / "backups", now=clock(),
                                   zone=settings.site.zone, keep_days=14)
        assert mode(data / "backups") == 0o700
        assert mode(made.path) == 0o600 and mode(Path(f"{made.path}.json")) == 0o600
        assert mode(data / "backup.lock") == 0o600
    finally:
        store.close()


def test_an_existing_loose_data_folder_is_tightened_at_start_and_logged(
        loose_umask, settings, tmp_path, caplog):
    data = tmp_path / "data"
    store, _ = prepare_data(settings, data)
    store.close()
    load_or_create_secret(data)
    data.chmod(0o755)  # as an older version (or `mkdir` by hand) left it
    (data / DB_FILE).chmod(0o644)
    (data / SECRET_FILE).chmod(0o644)

    with caplog.at_level(logging.WARNING, logger="queue_server.store.folder"):
        store, _ = prepare_data(settings, data)
    store.close()

    assert mode(data) == 0o700
    assert mode(data / DB_FILE) == 0o600 and mode(data / SECRET_FILE) == 0o600
    tightened = [r.getMessage() for r in caplog.records]
    assert any(str(data) in m and "0755" in m and "0700" in m for m in tightened)
    assert any(SECRET_FILE in m and "0644" in m for m in tightened)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="queue_server.store.folder"):
        store, _ = prepare_data(settings, data)  # already private: nothing to say
    store.close()
    assert caplog.records == []
