"""docs/config.md, generated from the settings registry: every key with its type, default
and help, and the whole-catalogue rules. A test fails when the committed file is stale.

    queue-server config doc            # rewrite docs/config.md
    queue-server config doc --check    # exit 1 when it is stale
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from .registry import Key, Table
from .schema import RULES, TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "config.md"
COMMAND = "queue-server config doc"


def toml_literal(value: Any) -> str:
    """A default as config.toml would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    return str(value)


def _default(key: Key) -> str:
    if key.required:
        return "**required**"
    if key.shown_default is not None:
        return key.shown_default
    if key.default is None:
        return "not set"
    return f"`{toml_literal(key.default)}`"


def _type(key: Key) -> str:
    if key.table is not None:
        return f"`{key.table.toml}`" + (" tables" if key.type.name == "list" else "")
    return key.type.name + (f" ({key.unit})" if key.unit else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(table: Table) -> list[str]:
    keys = (table.entries,) if table.entries is not None else table.keys
    lines = [f"## `{table.toml}`", "", table.help, "",
             "| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    lines += [f"| `{key.name}` | {_type(key)} | {_default(key)} | {_cell(key.help)} |"
              for key in keys if key is not None]
    return [*lines, ""]


def render() -> str:
    lines = [
        "# config.toml reference",
        "",
        f"<!-- Generated from queue_server/settings/ by `{COMMAND}`. Do not edit by hand. -->",
        "",
        "`config.toml` seeds the hall's settings into the database at every start. "
        "It is checked key by key: an unknown key, a wrong type or a broken rule stops the "
        "server with every problem listed, each with its key and its line, e.g. "
        "`agencies[2].services[1].prefix (config.toml line 88): duplicated prefix 'A'`. "
        "Keys are named by table: `services.prefix` is the `prefix` of any "
        "`[[agencies.services]]` table. Dotted keys (`site.name = \"…\"`) and inline tables "
        "(`hours = { friday = \"08:00-11:00\" }`) work as TOML defines them.",
        "",
    ]
    for table in TABLES:
        lines += _section(table)
    lines += ["## Rules over the whole catalogue", "",
              "Checked once every table is read; they are declared apart from the keys so an edit "
              "made outside the file is checked against the same rules.", "",
              "| key | must be |", "| --- | --- |"]
    lines += [f"| `{rule.key}` | {rule.help} |" for rule in RULES]
    return "\n".join(lines) + "\n"


def is_stale(path: Path | None = None) -> bool:
    path = path or DOC
    return not path.exists() or path.read_text(encoding="utf-8") != render()


def write(path: Path | None = None) -> Path:
    path = path or DOC
    path.write_text(render(), encoding="utf-8")
    return path
