"""Backups of the hall's database: made online (SQLite's backup API) by `queue-server
backup`, nightly by the server and on demand from the admin page; verified; kept for
[backup] keep_days; and restored with today's numbering moved past anything issued since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class BackupInfo:
    """One verified backup file, as the health answer and the admin status page show it."""

    path: Path
    made_at: datetime  # aware, UTC
    size_bytes: int
    tickets: int  # tickets in the copy, counted when it was verified


def last_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest verified backup in `backup_dir`, None when there is none."""
    raise NotImplementedError  # issue 13: the backup helper implements this
