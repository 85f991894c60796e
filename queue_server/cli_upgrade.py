"""Upgrade command of `queue-server`: `upgrade-check` says whether migrations are pending
(the IT officer's upgrade = stop, backup, install the new version, migrate, start)."""

from __future__ import annotations

from collections.abc import Callable

import click


def register(main: click.Group, common: Callable) -> None:
    """Add the commands to `main` with cli.py's --config/--data-dir handling."""
