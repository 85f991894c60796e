"""Every declared table and key of config.toml in one place: the whole file's shape, the
index the admin pages validate a single value through, and the source of docs/config.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .backup import BACKUP
from .catalog import AGENCIES, CATALOG_RULES, COUNTERS, SERVICES, WEIGHTS, ZONES
from .devices import PRINTER, PRINTERS, TTS
from .registry import (
    LIST,
    REQUIRED,
    TABLE,
    Key,
    Problem,
    Problems,
    Table,
    not_empty,
    read_table,
    read_value,
)
from .site import BOOKING, HOLIDAYS, HOURS, QUEUE, SERVER, SITE, SKM


def _section(table: Table, help_text: str) -> Key:
    return Key(table.name, TABLE, help_text, table=table)


CONFIG = Table("config", "config.toml", "The whole file.", (
    _section(SITE, "The hall."),
    _section(SERVER, "The server process."),
    _section(QUEUE, "Call-next rules."),
    _section(SKM, "The satisfaction survey."),
    _section(BOOKING, "Bookings."),
    _section(BACKUP, "Backups of the database."),
    _section(HOURS, "Weekly opening hours."),
    _section(HOLIDAYS, "Closed days."),
    _section(TTS, "The TV's voice."),
    Key("agencies", LIST, "The agencies and their services.", REQUIRED,
        not_empty("at least one [[agencies]] table is required"), table=AGENCIES),
    Key("counters", LIST, "The counters.", [], table=COUNTERS),
    Key("zones", LIST, "TV zones.", [], table=ZONES),
    _section(PRINTERS, "Ticket printers by name."),
), unknown="unknown section (known: {known})")

# In the order docs/config.md shows them.
TABLES: tuple[Table, ...] = (SITE, SERVER, QUEUE, SKM, BOOKING, BACKUP, HOURS, HOLIDAYS,
                             AGENCIES, SERVICES, COUNTERS, WEIGHTS, ZONES, PRINTER, TTS)
RULES = CATALOG_RULES


def _keys() -> dict[str, Key]:
    keys: dict[str, Key] = {}
    for table in TABLES:
        for key in (*table.keys, *([table.entries] if table.entries else [])):
            assert key.name not in keys, f"{key.name} is declared twice"
            keys[key.name] = key
    return keys


KEYS: dict[str, Key] = _keys()
TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}


@dataclass(frozen=True)
class Invalid:
    """A value the registry refused: the message to show at the field, and the key it is
    about (inside a table value, the table's own key: "services.hours.friday")."""

    message: str
    key: str


def validate_value(name: str, raw: Any) -> Any:
    """The clean value of one key ("services.daily_quota", 150), or Invalid. A name that is
    not declared is a KeyError: a programming mistake, not a user's."""
    key = KEYS[name]
    problems = Problems()
    value = read_value(key, raw, tuple(name.split(".")), problems)
    if problems.found:
        first = problems.found[0]
        return Invalid(first.message, first.key)
    return value


def validate_table(name: str, raw: Any) -> tuple[dict[str, Any], list[Problem]]:
    """One table (an admin form: "services", "counters" …): its clean values, with defaults
    for what was left out, and every problem, each with its path from the table's name."""
    problems = Problems()
    values = read_table(TABLES_BY_NAME[name], raw, (name,), problems)
    return values, problems.found
