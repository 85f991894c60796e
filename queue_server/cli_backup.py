"""Backup commands of `queue-server`: `backup` (online, verified, kept for [backup]
keep_days) and `restore FILE` (refuses while a server holds the data folder; resumes today's
numbering above anything issued since the backup)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from queue_server.cli import Context

DB_FILE = "loket.db"  # boot.DB_FILE, without importing the hall's boot for a file copy


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def register(main: click.Group, common: Callable) -> None:
    """Add the commands to `main` with cli.py's --config/--data-dir handling."""

    @main.command()
    @common
    @click.option("--to", "to_dir", type=click.Path(file_okay=False, path_type=Path),
                  default=None, help="folder for the backup file (default: [backup] dir, "
                  "else backups/ in the data folder)")
    def backup(ctx: Context, to_dir: Path | None) -> None:
        """Copy the database while the hall runs, check the copy, and delete backups
        older than [backup] keep_days in that folder.

        The file is named by local date and time: loket-2026-12-02T0215.sqlite3. Exit 1
        when the copy fails its check, 2 when another backup is being made."""
        from queue_server.services import backups

        settings = ctx.settings
        folder = (to_dir or settings.backup.folder(ctx.data_dir)).resolve()
        try:
            made = backups.make_backup(ctx.data_dir / DB_FILE, folder,
                                       now=datetime.now(UTC), zone=settings.site.zone,
                                       keep_days=settings.backup.keep_days)
        except backups.BackupRunning as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(2)
        click.echo(f"Cadangan dibuat: {made.path} ({made.tickets} tiket, "
                   f"{_megabytes(made.size_bytes)}); integrity_check ok, jumlah tiket cocok.")

    @main.command()
    @common
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--skip-ahead", type=click.IntRange(1, 100_000),
                  default=200, show_default=True,
                  help="numbers left free in each of today's sequences, for tickets "
                       "issued after the backup was made")
    def restore(ctx: Context, file: Path, skip_ahead: int) -> None:
        """Put a backup in place of the database (the server must be stopped).

        The current database is kept beside it, renamed with the time. Today's numbering
        continues SKIP_AHEAD above the last number known, so a citizen who holds a ticket
        issued after the backup never meets a second one with the same code."""
        from queue_server.services import backups

        settings = ctx.settings
        try:
            done = backups.restore(ctx.data_dir / DB_FILE, file.resolve(),
                                   now=datetime.now(UTC), zone=settings.site.zone,
                                   margin=skip_ahead)
        except (backups.ServerRunning, backups.BackupFailed) as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(2)
        click.echo(f"Dipulihkan dari {file} ({done.tickets} tiket).")
        if done.set_aside is not None:
            click.echo(f"Database sebelumnya disimpan sebagai {done.set_aside}.")
        if done.migrations:
            click.echo(f"Migrasi: {', '.join(done.migrations)}.")
        click.echo(f"Penomoran hari ini dilompati {skip_ahead} nomor:")
        for line in done.lines():
            click.echo(f"  {line}")
