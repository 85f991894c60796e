"""Backups of the SQLite file: SQLite's online backup API for the copy, `integrity_check`
and a ticket count for the proof, and the jump of today's numbering after a restore.

The copy is taken inside one read transaction of the source, so it is the database at one
moment even while kiosks issue (WAL readers never block writers), and the ticket count the
copy must hold is read in that very transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .database import OPEN_TIMEOUT_MS
from .folder import FILE_MODE, private_file
from .transaction import Transaction


class BadBackup(Exception):
    """A file that is not a sound Loket database; the message says why."""


@dataclass(frozen=True)
class Copied:
    tickets: int  # in the source at the copy's moment, and in the copy
    size_bytes: int


@dataclass(frozen=True)
class Jump:
    """One of today's sequences moved ahead after a restore."""

    service_id: str
    prefix: str
    last_known: int  # the highest number the backup (or the database set aside) knew
    last: int  # what the sequence holds now: the next ticket gets last + 1


def _open(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else str(path)
    conn = sqlite3.connect(uri, uri=readonly, timeout=OPEN_TIMEOUT_MS / 1000,
                           isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=2000")
    return conn


def copy_database(source: Path, target: Path) -> Copied:
    """Copy the live database `source` into the new file `target` (0600, one file: its
    journal mode is DELETE, no -wal beside it) and prove the copy; BadBackup if it fails."""
    if target.exists():
        raise FileExistsError(target)
    private_file(target)
    src = _open(source)
    try:
        src.execute("BEGIN")  # the snapshot the backup copies (see the module's docstring)
        tickets = src.execute("SELECT count(*) FROM tickets").fetchone()[0]
        dst = _open(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    dst = _open(target)
    try:
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
    target.chmod(FILE_MODE)
    copied = verify(target)
    if copied.tickets != tickets:
        raise BadBackup(f"the copy holds {copied.tickets} tickets, the database held "
                        f"{tickets} when it was copied")
    return copied


def verify(path: Path) -> Copied:
    """`integrity_check` and the ticket count of a backup file (opened read-only)."""
    if not path.is_file():
        raise BadBackup(f"{path} does not exist")
    try:
        conn = _open(path, readonly=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise BadBackup(f"integrity_check: {'; '.join(result[:5])}")
            tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # not a database, or no tickets table
        raise BadBackup(f"{path.name} is not a Loket database ({exc})") from None
    return Copied(tickets=tickets, size_bytes=path.stat().st_size)


def sequences_of(path: Path, day: str) -> dict[str, int]:
    """Today's last numbers per service in a database file; {} when it cannot be read
    (a damaged database is often the reason for a restore)."""
    try:
        conn = _open(path, readonly=True)
        try:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT service_id, last FROM sequences WHERE day = ?", (day,))}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}


def fold_wal(path: Path) -> None:
    """Move the WAL of a database nobody uses into its main file, so the file set aside
    on a restore is whole on its own; a damaged one is left as it is."""
    try:
        conn = _open(path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass


def skip_ahead(tx: Transaction, day: str, known: dict[str, int], margin: int) -> list[Jump]:
    """Inside the caller's write transaction: every service's sequence of `day` — also the
    services with no ticket in the backup, which may have issued some since — continues
    `margin` above the highest number known for it."""
    conn = tx.conn
    prefixes = {r[0]: r[1] for r in conn.execute("SELECT id, prefix FROM services")}
    current = {r[0]: r[1] for r in conn.execute(
        "SELECT service_id, last FROM sequences WHERE day = ?", (day,))}
    jumps = []
    for service_id, prefix in sorted(prefixes.items(), key=lambda item: item[1]):
        last_known = max(current.get(service_id, 0), known.get(service_id, 0))
        last = last_known + margin
        conn.execute(
            "INSERT INTO sequences (service_id, day, last) VALUES (?, ?, ?) "
            "ON CONFLICT(service_id, day) DO UPDATE SET last = excluded.last",
            (service_id, day, last))
        jumps.append(Jump(service_id, prefix, last_known, last))
    return jumps
