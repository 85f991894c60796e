"""[backup]: where the nightly and on-demand backups of the hall's database go, when the
server makes the nightly one, and how long they are kept (docs/backup.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .registry import INTEGER, STRING, Key, Table, between, dataclass_default


@dataclass(frozen=True)
class BackupSettings:
    """Backups of the database (`queue-server backup`, nightly, the admin status page)."""

    dir: str = ""  # empty: <data folder>/backups; a relative path is inside the data folder
    hour: int = 2  # local time of the nightly backup: the hall is closed, the PC is on
    keep_days: int = 14

    def folder(self, data_dir: Path) -> Path:
        """The backup folder of the hall whose data folder is `data_dir`."""
        if not self.dir:
            return data_dir / "backups"
        path = Path(self.dir)
        return path if path.is_absolute() else data_dir / path


def _backup(name: str) -> Any:
    return dataclass_default(BackupSettings, name)


BACKUP = Table("backup", "[backup]", "Backups of the database: one every night at `hour` "
               "and one whenever an admin asks for it (admin status page or "
               "`queue-server backup`); each is checked after it is made.", (
    Key("backup.dir", STRING, "Folder of the backup files; relative to the data folder. "
        "Best on another disk (a USB disk) than the data folder.", _backup("dir"),
        shown_default="<data folder>/backups"),
    Key("backup.hour", INTEGER, "Local hour (0-23) of the nightly backup; the server must "
        "be running then.", _backup("hour"), between(0, 23)),
    Key("backup.keep_days", INTEGER, "Days a backup file is kept; older ones are deleted "
        "after each new backup.", _backup("keep_days"), between(1, 3650), unit="days"),
))


def backup_settings(values: Mapping[str, Any]) -> BackupSettings:
    return BackupSettings(**values)
