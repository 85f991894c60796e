"""Backups over the API (common contract of issue 13): the list the admin status page shows,
the button that makes one now, and the server's nightly backup. Declared on the API
registry of web/api.py; the use cases are in services/backups.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import jsonify

from queue_server.boot import DB_FILE
from queue_server.services import backups
from queue_server.services.backups import BackupInfo
from queue_server.web.api import _ext, api
from queue_server.web.auth import current_principal
from queue_server.web.schema_parts import nullable
from queue_server.web.schemas import SCHEMAS

log = logging.getLogger(__name__)

NIGHTLY_CHECK_SECONDS = 60.0
AFTER_FAILURE_SECONDS = 15 * 60.0  # a full disk is not retried (and logged) every minute

_BACKUP = {
    "type": "object", "required": ["file", "made_at", "size_bytes", "tickets"],
    "properties": {
        "file": {"type": "string", "description": "file name in the backup folder"},
        "made_at": {"type": "string", "format": "date-time"},
        "size_bytes": {"type": "integer", "minimum": 0},
        "tickets": {"type": "integer", "minimum": 0,
                    "description": "tickets in the copy, counted when it was verified"},
    },
}
SCHEMAS.update({
    "Backup": _BACKUP,
    "Backups": {
        "type": "object", "required": ["backups", "last", "stale", "dir", "next_at"],
        "properties": {
            "backups": {"type": "array", "items": {"$ref": "#/components/schemas/Backup"},
                        "description": "verified backups, newest first"},
            "last": {"oneOf": [{"$ref": "#/components/schemas/Backup"}, {"type": "null"}]},
            "stale": {"type": "boolean",
                      "description": "no backup, or the last is older than a day"},
            "dir": {"type": "string", "description": "the backup folder on the server"},
            "next_at": nullable("string", format="date-time",
                                description="when the server makes its nightly backup"),
        },
    },
})


def _shape(info: BackupInfo) -> dict[str, Any]:
    return {"file": info.path.name, "made_at": _ext().serializer.time(info.made_at),
            "size_bytes": info.size_bytes, "tickets": info.tickets}


def off_event_loop(socketio: Any) -> backups.Runner:
    """Runs the copy in a real OS thread under gevent (SQLite's backup and integrity_check
    are C calls that would freeze every screen of the hall meanwhile), waiting for it
    cooperatively; in threading mode the request's own thread does it."""
    def run(work: Callable[[], BackupInfo | None]) -> BackupInfo | None:
        if socketio.async_mode != "gevent":
            return work()
        import gevent

        return gevent.get_hub().threadpool.apply(work)
    return run


@api.route("/admin/backups", "GET", summary="Verified backups of the database, the last "
           "one, whether it is stale (older than a day) and when the nightly one is made",
           who="admin", tag="administration", response="Backups", errors=(401, 403))
def backups_list() -> Any:
    ext = _ext()
    seen = backups.view(ext.hall, current_principal(), ext.data_dir)
    shaped = [_shape(b) for b in seen.backups]
    return jsonify({"backups": shaped, "last": shaped[0] if shaped else None,
                    "stale": seen.stale, "dir": str(seen.dir),
                    "next_at": ext.serializer.time(seen.next_at)})


@api.route("/admin/backups", "POST", summary="Make a backup now (online: the hall keeps "
           "running), verified before it is listed; 409 backup_running while one is made",
           who="admin", tag="administration", response="Backup", wrap="backup",
           status=201, errors=(401, 403, 409))
def backups_make() -> Any:
    ext = _ext()
    made = backups.back_up_now(ext.hall, current_principal(), ext.data_dir / DB_FILE,
                               run=off_event_loop(ext.socketio))
    log.info("backup made on request: %s (%d tickets)", made.path, made.tickets)
    return jsonify({"backup": _shape(made)}), 201


def health_of_backups() -> dict[str, Any]:
    """The `backup` part of /api/v1/health."""
    ext = _ext()
    last = backups.last_backup(ext.hall.settings.backup.folder(ext.data_dir))
    return {"last_at": ext.serializer.time(last.made_at) if last else None,
            "stale": backups.is_stale(last, ext.hall.now())}


def nightly_forever(loket: Any) -> None:
    """The server's nightly backup at [backup] hour (a background task of serving
    processes; with several on one data folder, one of them makes it)."""
    database = loket.data_dir / DB_FILE
    run = off_event_loop(loket.socketio)
    while True:
        loket.socketio.sleep(NIGHTLY_CHECK_SECONDS)
        try:
            made = backups.nightly_if_due(loket.hall, database, run=run)
        except Exception:  # the loop must outlive a full disk or a bad folder
            log.exception("nightly backup failed; next try in %d minutes",
                          AFTER_FAILURE_SECONDS // 60)
            loket.socketio.sleep(AFTER_FAILURE_SECONDS)
            continue
        if made is not None:
            log.info("nightly backup made: %s (%d tickets, %d bytes)", made.path,
                     made.tickets, made.size_bytes)
