"""Backup commands of `queue-server`: `backup` (online, verified, kept for [backup]
keep_days) and `restore FILE` (refuses while a server holds the data folder; resumes today's
numbering above anything issued since the backup)."""

from __future__ import annotations

from collections.abc import Callable

import click


def register(main: click.Group, common: Callable) -> None:
    """Add the commands to `main` with cli.py's --config/--data-dir handling."""
