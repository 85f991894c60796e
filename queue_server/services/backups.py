"""Backups of the hall's database: made online (SQLite's backup API) by `queue-server
backup`, nightly by the server and on demand from the admin page; verified; kept for
[backup] keep_days; and restored with today's numbering moved past anything issued since."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path

from queue_server.domain import access
from queue_server.domain.errors import Conflict
from queue_server.domain.numbering import local_day, ticket_code
from queue_server.store import Store, migrate
from queue_server.store import backup as copies
from queue_server.store.folder import (
    BACKUP_LOCK,
    FILE_MODE,
    SERVER_LOCK,
    FolderBusy,
    FolderLock,
    database_files,
    private_folder,
)

from .hall import Hall, require

# The copy is long disk I/O in C: a server runs it through a runner that moves it off its
# event loop (web/api_backups.py); a command runs it directly.
Runner = Callable[[Callable[[], "BackupInfo | None"]], "BackupInfo | None"]
STALE_AFTER = timedelta(days=1)  # the health answer and the status page warn past this
DEFAULT_SKIP_AHEAD = 200  # numbers a restore leaves free per sequence (see restore)
_NAME = re.compile(r"^loket-(\d{4}-\d{2}-\d{2}T\d{4})(-\d+)?\.sqlite3$")


class BackupRunning(Conflict):
    code = "backup_running"


class BackupFailed(Conflict):  # 409: the disk or the file, not the request
    code = "backup_failed"


class ServerRunning(Conflict):
    code = "server_running"


@dataclass(frozen=True)
class BackupInfo:
    """One verified backup file, as the health answer and the admin status page show it."""

    path: Path
    made_at: datetime  # aware, UTC
    size_bytes: int
    tickets: int  # tickets in the copy, counted when it was verified


def _facts(path: Path) -> Path:
    """Beside each backup, what its verification found: written last, so a file without
    it is a copy that was never proven (or is still being made)."""
    return path.with_name(path.name + ".json")


def _read(path: Path) -> BackupInfo | None:
    try:
        facts = json.loads(_facts(path).read_text(encoding="utf-8"))
        return BackupInfo(path=path, made_at=datetime.fromisoformat(facts["made_at"]),
                          size_bytes=int(facts["size_bytes"]), tickets=int(facts["tickets"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Every verified backup in `backup_dir`, newest first."""
    try:
        names = [path for path in backup_dir.iterdir() if _NAME.match(path.name)]
    except OSError:  # no folder yet, or one the server may not read: no backup it can use
        return []
    found = [info for path in names if path.is_file() if (info := _read(path)) is not None]
    return sorted(found, key=lambda info: info.made_at, reverse=True)


def last_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest verified backup in `backup_dir`, None when there is none."""
    backups = list_backups(backup_dir)
    return backups[0] if backups else None


def is_stale(last: BackupInfo | None, now: datetime) -> bool:
    return last is None or now - last.made_at > STALE_AFTER


def _file_name(backup_dir: Path, now: datetime, zone: tzinfo) -> Path:
    stem = f"loket-{now.astimezone(zone):%Y-%m-%dT%H%M}"
    path, n = backup_dir / f"{stem}.sqlite3", 1
    while path.exists():  # two in one minute (a click right after the nightly one)
        n += 1
        path = backup_dir / f"{stem}-{n}.sqlite3"
    return path


def make_backup(database: Path, backup_dir: Path, *, now: datetime, zone: tzinfo,
                keep_days: int) -> BackupInfo:
    """Copy the database online into `backup_dir`, prove the copy, then delete backups
    older than `keep_days`. One at a time per data folder (BackupRunning otherwise)."""
    made = _make_backup(database, backup_dir, now=now, zone=zone, keep_days=keep_days)
    assert made is not None
    return made


def _make_backup(database: Path, backup_dir: Path, *, now: datetime, zone: tzinfo,
                 keep_days: int, unless_made_since: datetime | None = None
                 ) -> BackupInfo | None:
    if not database.is_file():
        raise BackupFailed(f"Tidak ada database di {database}.")
    lock = FolderLock(database.parent, BACKUP_LOCK)
    try:
        lock.acquire()
    except FolderBusy:
        raise BackupRunning("Pencadangan lain sedang berjalan; coba lagi sebentar lagi.") \
            from None
    try:
        last = last_backup(backup_dir)
        if unless_made_since is not None and last is not None \
                and last.made_at >= unless_made_since:
            return None  # another server process on this folder made it meanwhile
        private_folder(backup_dir)
        target = _file_name(backup_dir, now, zone)
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)  # left by a backup killed halfway
        try:
            copied = copies.copy_database(database, partial)
        except (copies.BadBackup, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise BackupFailed(f"Cadangan gagal diperiksa: {exc}") from exc
        partial.replace(target)
        info = BackupInfo(path=target, made_at=now.astimezone(UTC),
                          size_bytes=copied.size_bytes, tickets=copied.tickets)
        _write_facts(info)
        prune(backup_dir, keep_days, now)
        return info
    finally:
        lock.release()


def _write_facts(info: BackupInfo) -> None:
    path = _facts(info.path)
    partial = path.with_name(f".{path.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"made_at": info.made_at.isoformat(), "size_bytes": info.size_bytes,
                   "tickets": info.tickets, "integrity_check": "ok"}, f)
    partial.replace(path)


def prune(backup_dir: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete the verified backups older than `keep_days`, never the newest one (a PC
    switched off for a month keeps its last backup). Other files are left alone."""
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for info in list_backups(backup_dir)[1:]:
        if info.made_at < cutoff:
            info.path.unlink(missing_ok=True)
            _facts(info.path).unlink(missing_ok=True)
            removed.append(info.path)
    return removed


# ---------------------------------------------------------------- the server's nightly one


def nightly_moment(now: datetime, zone: tzinfo, hour: int) -> datetime:
    """Today's (local) moment of the nightly backup, in UTC."""
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(hour), zone).astimezone(UTC)


def next_at(now: datetime, zone: tzinfo, hour: int, last: BackupInfo | None) -> datetime:
    """When the server makes its next nightly backup: tonight's, or now when it is due."""
    moment = nightly_moment(now, zone, hour)
    if last is not None and last.made_at >= moment:
        return nightly_moment(now + timedelta(days=1), zone, hour)
    return moment


def _direct(work: Callable[[], BackupInfo | None]) -> BackupInfo | None:
    return work()


def nightly_if_due(hall: Hall, database: Path, run: Runner = _direct) -> BackupInfo | None:
    """The nightly backup, when its hour has come and no backup was made since (a server
    started later in the day makes it then). Several server processes on one data folder
    may call this: the backup lock, and the check made again under it, let one do it."""
    now, config = hall.now(), hall.settings.backup
    zone = hall.config.site.zone
    backup_dir = config.folder(database.parent)
    due = next_at(now, zone, config.hour, last_backup(backup_dir))
    if now < due:
        return None
    try:
        return run(lambda: _make_backup(database, backup_dir, now=now, zone=zone,
                                        keep_days=config.keep_days, unless_made_since=due))
    except BackupRunning:
        return None


# ---------------------------------------------------------------- the admin's view


@dataclass(frozen=True)
class BackupsView:
    backups: list[BackupInfo]
    stale: bool
    dir: Path
    next_at: datetime


def view(hall: Hall, principal: access.Principal, data_dir: Path) -> BackupsView:
    require(principal.is_admin, principal.kind == "anonymous", "melihat cadangan database")
    config = hall.settings.backup
    backup_dir = config.folder(data_dir)
    backups = list_backups(backup_dir)
    last = backups[0] if backups else None
    now = hall.now()
    return BackupsView(backups=backups, stale=is_stale(last, now), dir=backup_dir,
                       next_at=next_at(now, hall.config.site.zone, config.hour, last))


def back_up_now(hall: Hall, principal: access.Principal, database: Path,
                run: Runner = _direct) -> BackupInfo:
    """An admin's backup (the status page's button): BackupRunning while one is made."""
    require(principal.is_admin, principal.kind == "anonymous", "membuat cadangan database")
    config, now, zone = hall.settings.backup, hall.now(), hall.config.site.zone
    made = run(lambda: make_backup(database, config.folder(database.parent), now=now,
                                   zone=zone, keep_days=config.keep_days))
    assert made is not None
    return made


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    tickets: int  # in the restored copy
    set_aside: Path | None  # the database that was replaced, renamed, never deleted
    migrations: list[str]
    jumps: list[copies.Jump]

    def lines(self) -> list[str]:
        """What `queue-server restore` prints for each of today's sequences."""
        return [f"{j.prefix}: lanjut dari {ticket_code(j.prefix, j.last_known + 1)} → "
                f"{ticket_code(j.prefix, j.last + 1)}" for j in self.jumps]


def restore(database: Path, backup: Path, *, now: datetime, zone: tzinfo,
            margin: int = DEFAULT_SKIP_AHEAD, actor: str = "cli") -> Restored:
    """Put the backup file in place of `database` while no server runs on its folder.

    Tickets issued between the backup and the restore are gone from the database, but
    citizens hold them on paper: every one of today's sequences continues `margin` above
    the highest number the backup or the replaced database (when it can still be read)
    knew, so no code is printed twice."""
    data_dir = database.parent
    lock = FolderLock(data_dir, SERVER_LOCK)
    try:
        lock.acquire()
    except FolderBusy:
        raise ServerRunning(
            f"Server masih berjalan pada folder data {data_dir}: hentikan dulu (mis. "
            "`systemctl stop loket`), lalu ulangi restore.") from None
    try:
        try:
            copied = copies.verify(backup)
        except copies.BadBackup as exc:
            raise BackupFailed(f"Berkas cadangan tidak bisa dipakai: {exc}") from None
        day = local_day(now, zone)
        known = copies.sequences_of(backup, day)
        set_aside = None
        if database.exists():
            # a server killed by a power cut leaves its last tickets in the WAL
            copies.fold_wal(database)
            for service_id, last in copies.sequences_of(database, day).items():
                known[service_id] = max(last, known.get(service_id, 0))
            set_aside = _set_aside(database, now, zone)
        incoming = database.with_name(f".{database.name}.restoring")
        shutil.copyfile(backup, incoming)
        incoming.chmod(FILE_MODE)
        incoming.replace(database)
        store = Store(database)
        try:
            with store.database() as db:
                migrated = migrate(db)  # a backup made by an older version
            with store.write() as tx:
                jumps = copies.skip_ahead(tx, day, known, margin)
                # in the restored file's own log, so the audit page says when its history
                # was replaced and which numbers were left free
                tx.events.append("database_restored", now, actor, data={
                    "backup": backup.name, "tickets": copied.tickets,
                    "set_aside": set_aside.name if set_aside else None,
                    "jumps": [{"service_id": j.service_id,
                               "from": ticket_code(j.prefix, j.last_known + 1),
                               "to": ticket_code(j.prefix, j.last + 1)} for j in jumps]})
        finally:
            store.close()
        return Restored(tickets=copied.tickets, set_aside=set_aside, migrations=migrated,
                        jumps=jumps)
    finally:
        lock.release()


def _set_aside(database: Path, now: datetime, zone: tzinfo) -> Path:
    stamp = f"{now.astimezone(zone):%Y-%m-%dT%H%M%S}"
    aside = database.with_name(f"{database.stem}-before-restore-{stamp}{database.suffix}")
    for path, target in zip(database_files(database), database_files(aside), strict=True):
        if path.exists():
            path.replace(target)
    return aside
