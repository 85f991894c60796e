"""Data commands of `queue-server` (kept apart so cli.py stays one screenful of commands):
`simulate` fills past days with a realistic MPP day for demos, reports and benchmarks."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import click

from queue_server.domain.errors import QueueError

if TYPE_CHECKING:
    from queue_server.cli import Context
    from queue_server.services.simulation import Summary


def _day(_ctx: click.Context, _param: click.Parameter, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} bukan tanggal YYYY-MM-DD") from None


def register(main: click.Group, common: Callable) -> None:
    """Add the data commands to `main` with cli.py's --config/--data-dir handling (passed
    in, so `python -m queue_server.cli` does not import cli.py twice)."""

    @main.command()
    @common
    @click.option("--date", "first", required=True, callback=_day, metavar="YYYY-MM-DD",
                  help="the first past local day to fill")
    @click.option("--days", type=click.IntRange(1, 366), default=1, show_default=True,
                  help="how many days in a row")
    @click.option("--tickets", type=click.IntRange(1, 20000), default=600, show_default=True,
                  help="citizens who come on each day (quotas and hours may turn some away)")
    @click.option("--seed", type=int, default=1, show_default=True,
                  help="the same seed makes the same days")
    @click.option("--skm-rate", type=click.FloatRange(0, 1), default=0.3, show_default=True,
                  help="share of served citizens who answer the SKM survey (each service "
                       "with its own score distribution from the seed)")
    @click.option("--verbose", is_flag=True, help="a progress line per day before the summary")
    def simulate(ctx: Context, first: date, days: int, tickets: int, seed: int,
                 skm_rate: float, verbose: bool) -> None:
        """Fill past days with a realistic MPP day through the real use cases.

        Refuses (exit 2) a day that already holds tickets, is closed (holiday, no hours) or is
        not in the past. The last line printed is the summary as one JSON object."""
        from queue_server.domain.numbering import local_day
        from queue_server.services.simulation import simulate as fill

        hall = ctx.hall()  # a maintenance command: the catalogue stays as the hall has it
        today = date.fromisoformat(local_day(datetime.now(UTC), hall.config.site.zone))

        issued_before = [0]

        def progress(day: date, summary: Summary) -> None:
            if verbose:
                click.echo(f"{day} terisi: {summary.issued - issued_before[0]} tiket "
                           f"({summary.days}/{days} hari)")
            issued_before[0] = summary.issued

        try:
            summary = fill(hall.store, hall.config, first, today=today, days=days,
                           tickets_per_day=tickets, seed=seed, skm_rate=skm_rate,
                           progress=progress)
        except QueueError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(2)
        finally:
            hall.store.close()
        click.echo(json.dumps(summary.as_json(), ensure_ascii=False))
