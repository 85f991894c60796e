"""The data folder on disk: private file modes, and the locks that say who works on it.

The folder holds the database (names and phone numbers of citizens), the web's secret key
and the backups: 0700 for the folder and 0600 for those files, whatever the umask of the
shell that started the server. SQLite gives `-wal` and `-shm` the mode of the database
file, so creating that one 0600 before SQLite does keeps all three private.

Locks are `flock`s on files in the folder: the kernel drops them when the process dies,
even by kill -9 or a power cut, so a stale lock never keeps a hall from starting."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600
SERVER_LOCK = "server.lock"  # held shared by every `serve`, exclusively by `restore`
BACKUP_LOCK = "backup.lock"  # held by whoever is making a backup of this folder


def private_folder(path: Path) -> Path:
    """Create `path` (and its parents) 0700, or tighten it when it exists looser."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    tighten(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 unless it exists (then tighten it)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    tighten(path, FILE_MODE)
    return path


def tighten(path: Path, mode: int) -> bool:
    """Take group and other rights away from an existing file or folder; logged, since a
    folder that was readable by everyone is something the IT officer should know."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if current & ~mode & 0o077 == 0:
        return False
    path.chmod(mode)
    log.warning("%s had mode %04o: now %04o (only the server's user may read it)", path,
                current, stat.S_IMODE(path.stat().st_mode))
    return True


def tighten_all(paths: Iterable[Path]) -> None:
    for path in paths:
        tighten(path, FOLDER_MODE if path.is_dir() else FILE_MODE)


def database_files(db: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


class FolderBusy(Exception):
    """Someone else holds the lock (a server on the folder, a backup being made)."""


class FolderLock:
    """An flock on `<folder>/<name>`, kept until `release()` or the process ends."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / name
        self._fd: int | None = None

    def acquire(self, *, shared: bool = False) -> FolderLock:
        """Take the lock without waiting; FolderBusy when another process holds it."""
        private_folder(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FolderBusy(str(self.path)) from None
        if not shared:  # who holds it, for the IT officer who looks
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @contextlib.contextmanager
    def held_for(self, *, shared: bool = False) -> Iterator[FolderLock]:
        self.acquire(shared=shared)
        try:
            yield self
        finally:
            self.release()
