"""The settings registry's machinery: how a key is declared, checked and reported.

Every key of config.toml is one `Key` (dotted name, type, default, help, check) inside a
`Table`; `read_table` checks a raw TOML table against its declaration and collects every
problem in a `Problems` list instead of stopping at the first, so a config with three
mistakes names all three, each with its key and line. The admin pages use the same
declarations for one value at a time (see `schema.validate_value`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from queue_server.domain.errors import ConfigError, InvalidValue

Path_ = tuple[str | int, ...]
# A check takes a value of the key's type and returns it clean (possibly converted: a
# string of opening hours becomes spans); a bad value raises ValueError with the message.
Check = Callable[[Any], Any]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


# ---------------------------------------------------------------- types


@dataclass(frozen=True)
class ValueType:
    name: str  # in docs/config.md
    phrase: str  # in messages: "must be an integer"
    kinds: tuple[type, ...]
    phrase_id: str = ""  # the same in Bahasa Indonesia: "harus bilangan bulat"

    def accepts(self, value: Any) -> bool:
        # bool is an int in Python; a config "port = true" is still a wrong type
        if isinstance(value, bool) and bool not in self.kinds:
            return False
        return isinstance(value, self.kinds)


STRING = ValueType("string", "a string", (str,), "teks")
INTEGER = ValueType("integer", "an integer", (int,), "bilangan bulat")
NUMBER = ValueType("number", "a number", (int, float), "angka")
BOOLEAN = ValueType("boolean", "true or false", (bool,), "ya/tidak (true/false)")
LIST = ValueType("list", "a list", (list,), "daftar")
TABLE = ValueType("table", "a table", (dict,), "tabel")
_PHRASES = {bool: BOOLEAN, int: INTEGER, float: NUMBER, str: STRING, list: LIST, dict: TABLE}


def phrase_of(value: Any, indonesian: bool = False) -> str:
    known = _PHRASES.get(type(value))
    if value is None:
        return "kosong" if indonesian else "empty"
    if known is None:
        return type(value).__name__
    return known.phrase_id if indonesian else known.phrase


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Key:
    name: str  # dotted registry name, "services.prefix": its table's name and the key
    type: ValueType
    help: str
    default: Any = None  # REQUIRED: must be given; None: may be left out
    check: Check | None = None
    unit: str = ""  # "seconds": said in type errors and docs
    table: Table | None = None  # a TABLE, or a LIST of tables, checked key by key
    shown_default: str | None = None  # docs, when the default is derived ("same as name")

    @property
    def field(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def wrong_type(self, value: Any) -> InvalidValue | None:
        """What is wrong with the value's type, or None when the check may look at it."""
        if self.type.accepts(value):
            return None
        unit = f" ({self.unit})" if self.unit else ""
        return InvalidValue(f"must be {self.type.phrase}{unit}, not {phrase_of(value)}",
                            f"harus {self.type.phrase_id}, bukan {phrase_of(value, True)}")


# A rule over a whole table (its raw TOML and its clean values): what one key alone cannot
# see, such as the keys a printer's kind uses or a kiosk bound to two printers.
TableRule = Callable[[Mapping[str, Any], dict[str, Any], Path_], "list[Problem]"]


@dataclass(frozen=True)
class Table:
    name: str  # registry name: "services"
    toml: str  # how config.toml writes it: "[[agencies.services]]"
    help: str
    keys: tuple[Key, ...] = ()
    # a table whose key names are data ("2026-12-25" = "Hari Raya Natal"): every entry is
    # checked by `entries`, its name by `entry_name`
    entries: Key | None = None
    entry_name: Check | None = None
    rules: tuple[TableRule, ...] = ()
    unknown: str = "unknown key (known keys here: {known})"


def dataclass_default(cls: type, name: str) -> Any:
    """A field's default, so a declaration never restates the domain object's default."""
    spec = next(f for f in fields(cls) if f.name == name)
    if spec.default is not MISSING:
        return spec.default
    if spec.default_factory is not MISSING:
        return spec.default_factory()
    raise LookupError(f"{cls.__name__}.{name} has no default")


# ---------------------------------------------------------------- checks


def nonempty(value: str) -> str:
    if not value.strip():
        raise InvalidValue("must not be empty", "wajib diisi")
    return value


def stripped(value: str) -> str:
    return nonempty(value).strip()


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def identifier(value: str) -> str:
    if not _ID.match(value):
        raise InvalidValue("must be lower-case letters, digits, - or _ (max 40)",
                           "hanya huruf kecil, angka, - atau _ (maks. 40), tanpa spasi")
    return value


def at_least(low: float) -> Check:
    def check(value: float) -> float:
        if value < low:
            raise InvalidValue(f"must be at least {low:g}", f"minimal {low:g}")
        return value
    return check


def greater_than(low: float) -> Check:
    def check(value: float) -> float:
        if value <= low:
            raise InvalidValue(f"must be greater than {low:g}", f"harus lebih dari {low:g}")
        return value
    return check


def between(low: float, high: float, unit: str = "", *, low_open: bool = False) -> Check:
    """low <= value <= high, or low < value <= high with low_open."""
    unit = f" {unit}" if unit else ""

    def check(value: float) -> float:
        if (low_open and low < value <= high) or (not low_open and low <= value <= high):
            return value
        if low_open:
            raise InvalidValue(f"must be more than {low:g} and at most {high:g}{unit}, "
                               f"not {value!r}",
                               f"harus lebih dari {low:g} dan paling banyak {high:g}{unit}")
        raise InvalidValue(f"must be between {low:g} and {high:g}{unit}, not {value!r}",
                           f"harus antara {low:g} dan {high:g}{unit}")
    return check


def one_of(*choices: Any) -> Check:
    def check(value: Any) -> Any:
        if value not in choices:
            listed = ", ".join(map(str, choices))
            raise InvalidValue(f"must be one of {listed}, not {value!r}",
                               f"harus salah satu dari {listed}")
        return value
    return check


def not_empty(message: str, indonesian: str = "wajib diisi, paling sedikit satu") -> Check:
    """A list or table with at least one item."""
    def check(value: Any) -> Any:
        if not value:
            raise InvalidValue(message, indonesian)
        return value
    return check


def strings(what: str) -> Check:
    """A list of strings ("kiosk device names")."""
    def check(values: list[Any]) -> list[Any]:
        if not all(isinstance(v, str) for v in values):
            raise InvalidValue(f"must be a list of {what}", "harus daftar teks")
        return values
    return check


def then(*checks: Check) -> Check:
    """Checks in order, each fed the previous one's clean value."""
    def run(value: Any) -> Any:
        for check in checks:
            value = check(value)
        return value
    return run


# ---------------------------------------------------------------- problems


def dotted(path: Path_) -> str:
    """("agencies", 0, "services", 1, "prefix") -> "agencies[1].services[2].prefix"."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class Problem:
    path: Path_
    message: str
    see: Path_ | None = None  # the first place of a duplicate, named with its line
    message_id: str | None = None  # in Bahasa Indonesia, for the admin pages

    @property
    def indonesian(self) -> str:
        return self.message_id or self.message

    @property
    def key(self) -> str:
        return dotted(self.path)


@dataclass
class Problems:
    """The one error list of a config text (with its key lines) or of a single table."""

    lines: Mapping[Path_, int] = field(default_factory=dict)
    file: str = "config"
    found: list[Problem] = field(default_factory=list)

    def add(self, path: Path_, message: str | ValueError, see: Path_ | None = None,
            message_id: str | None = None) -> None:
        if isinstance(message, ValueError):
            message_id = getattr(message, "indonesian", None)
            message = str(message)
        self.found.append(Problem(path, message, see, message_id))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.found.extend(problems)

    def line(self, path: Path_) -> int | None:
        """The line of the key, else of the nearest table that holds it."""
        for end in range(len(path), 0, -1):
            if (line := self.lines.get(path[:end])) is not None:
                return line
        return None

    def where(self, path: Path_) -> str:
        line = self.line(path)
        return dotted(path) if line is None else f"{dotted(path)} ({self.file} line {line})"

    def in_file_order(self) -> list[Problem]:
        return sorted(self.found, key=lambda p: self.line(p.path) or 0)  # stable

    def render(self) -> list[str]:
        """One line per problem, in file order."""
        return [f"{self.where(p.path)}: {p.message}"
                + (f", already used by {self.where(p.see)}" if p.see else "")
                for p in self.in_file_order()]

    def raise_if_any(self, header: str | None = None) -> None:
        if not self.found:
            return
        lines = self.render()
        message = "\n".join(lines) if header is None else (
            f"{header} has {len(lines)} problem(s):\n  - " + "\n  - ".join(lines))
        ordered = self.in_file_order()
        raise InvalidSettings(message, ordered, field=ordered[0].key)


class InvalidSettings(ConfigError, ValueError):
    """Every problem of a config text or of one table. `problems` carry their paths for
    callers that show each at its field; `field` (also `key`) names the first. A ValueError
    too, as for any other bad value."""

    def __init__(self, message: str, problems: list[Problem], *, field: str) -> None:
        super().__init__(message, field=field)
        self.problems = problems

    @property
    def key(self) -> str:
        return self.field or ""


# ---------------------------------------------------------------- reading


def read_table(table: Table, raw: Any, path: Path_, problems: Problems) -> dict[str, Any]:
    """The clean values of one TOML table. A key left out, or wrong, gets its default; a
    required key that is missing or wrong is absent from the result."""
    if not isinstance(raw, dict):
        problems.add(path, InvalidValue("must be a table", "harus tabel"))
        return {}
    if table.entries is not None:
        return _read_entries(table, raw, path, problems)
    known = {k.field for k in table.keys}
    for name in raw:
        if name not in known:
            problems.add((*path, name), InvalidValue(
                table.unknown.format(known=", ".join(sorted(known))), "kolom tidak dikenal"))
    values: dict[str, Any] = {}
    for key in table.keys:
        where = (*path, key.field)
        if key.field in raw:
            value = read_value(key, raw[key.field], where, problems)
        elif key.required:
            problems.add(where, InvalidValue("is required", "wajib diisi"))
            value = _INVALID
        elif key.table is not None and key.type is TABLE:
            # an absent section still has its defaults and its required keys
            value = read_value(key, {}, where, problems)
        else:
            value = key.default
        if value is not _INVALID:
            values[key.field] = value
        elif not key.required:
            values[key.field] = key.default
    for rule in table.rules:
        problems.extend(rule(raw, values, path))
    return values


_INVALID: Any = object()


def read_value(key: Key, raw: Any, path: Path_, problems: Problems) -> Any:
    """One key's clean value (a nested table read key by key), or _INVALID once reported."""
    if (wrong := key.wrong_type(raw)) is not None:
        problems.add(path, wrong)
        return _INVALID
    if key.table is not None:  # problems inside are reported at their own keys
        raw = ([read_table(key.table, item, (*path, i), problems) for i, item in enumerate(raw)]
               if key.type is LIST else read_table(key.table, raw, path, problems))
    try:
        return key.check(raw) if key.check else raw
    except ValueError as exc:
        problems.add(path, exc)
        return _INVALID


def _read_entries(table: Table, raw: dict[str, Any], path: Path_,
                  problems: Problems) -> dict[str, Any]:
    assert table.entries is not None
    values: dict[str, Any] = {}
    for name, item in raw.items():
        entry_path = (*path, name)
        clean_name: Any = name
        if table.entry_name is not None:
            try:
                clean_name = table.entry_name(name)
            except ValueError as exc:
                problems.add(entry_path, exc)
                continue
        value = read_value(table.entries, item, entry_path, problems)
        if value is not _INVALID:
            values[clean_name] = value
    for rule in table.rules:
        problems.extend(rule(raw, values, path))
    return values
