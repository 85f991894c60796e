"""Upgrade command of `queue-server`: `upgrade-check` says whether migrations are pending
(the IT officer's upgrade = stop, backup, install the new version, migrate, start; see
docs/install.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from queue_server import __version__

if TYPE_CHECKING:
    from queue_server.cli import Context

EXIT_UP_TO_DATE, EXIT_PENDING, EXIT_ERROR = 0, 1, 2


def register(main: click.Group, common: Callable) -> None:
    """Add the commands to `main` with cli.py's --config/--data-dir handling."""

    @main.command("upgrade-check")
    @common
    def upgrade_check(ctx: Context) -> None:
        """Say whether the database needs migrations from this Loket, without changing it.

        Exit 0: nothing pending; 1: migrations pending (listed; `queue-server init` or the
        next server start applies them, after a backup); 2: no database, an unreadable one,
        or one migrated by a newer Loket."""
        from queue_server.store.schema_status import (
            SchemaUnreadable,
            known_migrations,
            schema_status,
        )

        path = ctx.data_dir / "loket.db"
        known = known_migrations()
        click.echo(f"Loket terpasang : {__version__} (skema sampai {known[-1]})")
        try:
            status = schema_status(path)
        except SchemaUnreadable as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        last = status.applied[-1] if status.applied else None
        click.echo(f"Basis data      : {path}, skema "
                   + (f"{last.name} (sejak {last.applied_at[:19]})" if last else "kosong"))
        if status.unknown:
            click.echo("Error: basis data ini dimigrasi oleh Loket yang lebih baru "
                       f"(the database is newer than Loket {__version__}): "
                       + ", ".join(status.unknown), err=True)
            click.echo("  pasang versi itu atau pulihkan cadangan dari sebelum pembaruan",
                       err=True)
            sys.exit(EXIT_ERROR)
        if not status.pending:
            click.echo("Tidak ada migrasi tertunda (no migrations pending).")
            sys.exit(EXIT_UP_TO_DATE)
        click.echo(f"Migrasi tertunda ({len(status.pending)}) (migrations pending):")
        for name in status.pending:
            click.echo(f"  {name}")
        click.echo("  buat cadangan dulu (`queue-server backup`), lalu `queue-server init` "
                   "atau mulai server untuk menerapkannya")
        sys.exit(EXIT_PENDING)
