"""`queue-server upgrade-check`: before an upgrade migrates the database, the IT officer
learns whether it will (exit 1, the migrations listed), need not (0) or must not (2)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from queue_server import __version__
from queue_server.cli import main
from queue_server.store.schema_status import known_migrations
from tests.conftest import CONFIG


@pytest.fixture
def run(tmp_path: Path):
    def invoke(*args: str):
        return CliRunner().invoke(main, [*args, "--config", str(CONFIG), "--data-dir",
                                         str(tmp_path / "data")])

    return invoke


@pytest.fixture
def database(run, tmp_path) -> Path:
    assert run("init").exit_code == 0
    return tmp_path / "data" / "loket.db"


def forget_migrations(database: Path, *names: str) -> None:
    """The database as an older Loket left it (as far as the check can see)."""
    with sqlite3.connect(database) as db:
        db.executemany("DELETE FROM _sqlite_migrations WHERE name = ?", [(n,) for n in names])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_freshly_migrated_database_has_nothing_pending(run, database):
    result = run("upgrade-check")
    assert result.exit_code == 0, result.output
    assert f"Loket terpasang : {__version__} (skema sampai {known_migrations()[-1]})" \
        in result.output
    assert f"skema {known_migrations()[-1]} (sejak " in result.output
    assert "Tidak ada migrasi tertunda" in result.output


def test_migrations_an_older_database_lacks_are_listed_and_exit_1(run, database):
    older, newest = known_migrations()[-2:]
    forget_migrations(database, newest)
    result = run("upgrade-check")
    assert result.exit_code == 1, result.output
    assert f"skema {older} (sejak " in result.output
    assert "Migrasi tertunda (1)" in result.output
    assert f"\n  {newest}\n" in result.output


def test_the_check_changes_nothing_in_the_database(run, database):
    forget_migrations(database, known_migrations()[-1])
    before = digest(database)
    assert run("upgrade-check").exit_code == 1
    assert run("upgrade-check").exit_code == 1  # still pending: the check migrated nothing
    assert digest(database) == before


def test_a_database_from_a_newer_loket_is_an_error(run, database):
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('loket', '0099_from_the_future', '2030-01-01 00:00:00')")
    result = run("upgrade-check")
    assert result.exit_code == 2, result.output
    assert "0099_from_the_future" in result.output and "lebih baru" in result.output


def test_no_database_is_an_error_and_creates_nothing(run, tmp_path):
    result = run("upgrade-check")
    assert result.exit_code == 2
    assert "no database at" in result.output
    assert not (tmp_path / "data" / "loket.db").exists()


def test_a_file_that_is_not_a_database_is_an_error(run, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "loket.db").write_bytes(b"not sqlite at all" * 100)
    result = run("upgrade-check")
    assert result.exit_code == 2
    assert "cannot be read as a database" in result.output
