"""Booting a hall from its settings and data folder: open and migrate the database, seed
the config into it, and keep the secret key. Shared by the CLI and the app factory; no
Flask here, so every command can boot without the web."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from queue_server.domain.errors import ConfigError
from queue_server.services.hall import Clock, Hall, system_clock
from queue_server.services.seeding import seed_catalog
from queue_server.settings import Settings
from queue_server.store import Store, open_store
from queue_server.store.folder import (
    SERVER_LOCK,
    FolderBusy,
    FolderLock,
    database_files,
    private_folder,
    tighten_all,
)

log = logging.getLogger(__name__)

DB_FILE = "loket.db"
SECRET_FILE = "secret_key"


def load_or_create_secret(data_dir: Path) -> str:
    """The web's secret key lives in the data folder, made on first start, never in git."""
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    private_folder(data_dir)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def secure_data_folder(data_dir: Path) -> None:
    """The folder 0700 and its secrets 0600 (issue 13, defect 10): a folder made by an
    older version, or by hand with a loose umask, is tightened here and logged."""
    private_folder(data_dir)
    tighten_all([*database_files(data_dir / DB_FILE), data_dir / SECRET_FILE])


_server_lock: FolderLock | None = None


def hold_server_lock(data_dir: Path) -> None:
    """Mark the data folder as served by this process until it ends (even by kill -9):
    `queue-server restore` refuses while any server holds it. Several servers may share
    one folder (a shared lock each); a restore under way keeps them from starting."""
    global _server_lock
    lock = FolderLock(data_dir, SERVER_LOCK)
    try:
        lock.acquire(shared=True)
    except FolderBusy:
        raise ConfigError(f"a restore is running on the data folder {data_dir}; start the "
                          "server once it has finished") from None
    _server_lock = lock


def prepare_data(settings: Settings, data_dir: Path, *,
                 apply_config: bool = True) -> tuple[Store, list[str]]:
    """Migrate the database and seed the config into it (idempotent).

    `apply_config=False` (every command but `serve` and `init`) leaves an existing
    catalogue alone: a `token create` run with another config file than the one the hall
    is served with must not re-seed it (it once brought back quotas the served config had
    removed). A database with no catalogue yet is still seeded: there is nothing to undo."""
    secure_data_folder(data_dir)
    # with a message queue, other server processes commit into the same file
    store = open_store(data_dir / DB_FILE, shared=bool(settings.server.message_queue))
    if not apply_config:
        with store.read() as tx:
            if tx.catalog.version() > 0:
                return store, []
    report = seed_catalog(store, settings)
    if report.changes:
        log.info("config %s seeded into the database: %d change(s)", settings.source,
                 len(report.changes))
    for change in report.changes:
        log.debug("config: %s", change)
    for kept in report.kept:  # the admin pages are the truth once they edited a value
        log.info("config: %s", kept)
    return store, report.changes


def open_hall(settings: Settings, data_dir: Path, *, clock: Clock = system_clock,
              demo: bool = False, apply_config: bool = True) -> Hall:
    """The hall on its migrated (and, see prepare_data, seeded) database: what every use
    case runs against."""
    store, _ = prepare_data(settings, data_dir, apply_config=apply_config)
    return Hall(store, settings, clock=clock, demo=demo)
