"""Where a database file's schema stands against this Loket's migrations, read without
changing anything (for `queue-server upgrade-check`, before an upgrade migrates it).

The applied migration names are the database's version: no separate version number is kept,
because the same Loket version always brings the same migrations and a name this Loket does
not know can only come from a newer one."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from .migrations import migrations

MIGRATIONS_TABLE = "_sqlite_migrations"


class SchemaUnreadable(Exception):
    """The file is missing or is not a Loket database SQLite can read."""


@dataclass(frozen=True)
class AppliedMigration:
    name: str
    applied_at: str  # as sqlite-utils wrote it: "2026-07-04 12:00:00.000000+00:00"


@dataclass(frozen=True)
class SchemaStatus:
    applied: tuple[AppliedMigration, ...]  # in the order they were applied
    pending: tuple[str, ...]  # this Loket's migrations the database has not had yet
    unknown: tuple[str, ...]  # applied by a newer Loket: this one must not run on it


def known_migrations() -> tuple[str, ...]:
    """This Loket's migrations, oldest first (all pending on an empty database)."""
    return tuple(m.name for m in migrations.pending(Database(memory=True)))


def schema_status(path: Path) -> SchemaStatus:
    """The schema of the database at `path`, opened read-only (a running server may hold
    it; nothing is created when it is missing)."""
    if not path.is_file():
        raise SchemaUnreadable(f"no database at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                     "name = ?", (MIGRATIONS_TABLE,)).fetchone()
            rows = conn.execute(
                f"SELECT name, applied_at FROM {MIGRATIONS_TABLE} WHERE migration_set = ? "
                "ORDER BY rowid", (migrations.name,)).fetchall() if has_table else []
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise SchemaUnreadable(f"{path} cannot be read as a database: {exc}") from None
    applied = tuple(AppliedMigration(name, applied_at) for name, applied_at in rows)
    done = {m.name for m in applied}
    known = known_migrations()
    return SchemaStatus(applied=applied,
                        pending=tuple(name for name in known if name not in done),
                        unknown=tuple(m.name for m in applied if m.name not in known))
