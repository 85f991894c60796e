"""What the IT officer's status page shows (GET /api/v1/admin/status, /admin/status): is the
PC and the server well, is there a recent backup, which printer or screen needs a visit."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from queue_server import __version__
from queue_server.domain import access
from queue_server.domain.alarms import screen_is_silent
from queue_server.store.folder import database_files
from queue_server.store.heartbeats import DeviceBeat

from . import backups
from .backups import BackupInfo
from .hall import Hall, require
from .log_tail import LogRecord, recent_errors

_STARTED = time.monotonic()  # this process began serving about when it imported this
REDIS_TIMEOUT_SECONDS = 0.5  # the page refreshes every 10 s: a dead Redis must not stall it


@dataclass(frozen=True)
class Disk:
    free_bytes: int
    total_bytes: int


@dataclass(frozen=True)
class MessageQueue:
    url: str  # without its password
    ok: bool
    error: str | None = None


@dataclass(frozen=True)
class DeviceStatus:
    beat: DeviceBeat
    silent: bool  # never beat, or not for longer than the screen_offline alarm waits


@dataclass(frozen=True)
class SystemStatus:
    version: str
    now: datetime
    uptime_seconds: int
    data_dir: Path
    disk: Disk | None  # None: the folder cannot be measured
    database_bytes: int
    wal_bytes: int
    last_backup: BackupInfo | None
    backup_stale: bool
    backup_dir: Path
    printers: dict[str, dict[str, Any]]
    devices: list[DeviceStatus]
    message_queue: MessageQueue | None  # None: one process, no Redis in use
    errors: list[LogRecord]


def uptime_seconds() -> int:
    return int(time.monotonic() - _STARTED)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _disk(folder: Path) -> Disk | None:
    try:
        usage = shutil.disk_usage(folder)
    except OSError:
        return None
    return Disk(free_bytes=usage.free, total_bytes=usage.total)


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def ping_message_queue(url: str, timeout: float = REDIS_TIMEOUT_SECONDS) -> MessageQueue:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return MessageQueue(without_password(url), ok=False,
                            error=f"{exc.__class__.__name__}: {exc}"[:300])
    finally:
        client.close()
    return MessageQueue(without_password(url), ok=True)


def system_status(hall: Hall, principal: access.Principal, data_dir: Path,
                  printers: dict[str, dict[str, Any]]) -> SystemStatus:
    """Admins only. `printers`: the print spooler's report (as /api/v1/health shows it)."""
    require(principal.is_admin, principal.kind == "anonymous", "melihat status sistem")
    now = hall.now()
    database, wal, _ = database_files(Path(hall.store.path))
    backup_dir = hall.settings.backup.folder(data_dir)
    last = backups.last_backup(backup_dir)
    with hall.store.read() as tx:
        beats = tx.heartbeats.of_every_device()
    url = hall.settings.server.message_queue
    return SystemStatus(
        version=__version__, now=now, uptime_seconds=uptime_seconds(), data_dir=data_dir,
        disk=_disk(data_dir), database_bytes=_size(database), wal_bytes=_size(wal),
        last_backup=last, backup_stale=backups.is_stale(last, now), backup_dir=backup_dir,
        printers=printers,
        devices=[DeviceStatus(beat, screen_is_silent(beat.last_seen_at, now)) for beat in beats],
        message_queue=ping_message_queue(url) if url else None,
        errors=recent_errors(data_dir))


def started_at(status: SystemStatus) -> datetime:
    return status.now - timedelta(seconds=status.uptime_seconds)
