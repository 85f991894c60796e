"""config.toml: read, validate and turn into typed settings.

Validation is strict on purpose: an unknown key, a wrong type, a duplicated prefix or a
counter that points to a service nobody defined stops the server with a message that names
the key and, where the file shows it, the line. A hall that starts with a typo in its
config would otherwise print wrong tickets all day.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .domain.errors import ConfigError
from .domain.models import NumberReading, PriorityMode
from .domain.numbering import PREFIX_PATTERN
from .domain.opening import WEEKDAYS, Span, parse_spans

Path_ = tuple[str | int, ...]
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


# ---------------------------------------------------------------- typed settings


@dataclass(frozen=True)
class SiteSettings:
    name: str
    short_name: str
    timezone: str
    public_url: str
    language: str = "id"
    running_text: str = ""
    ticket_footer: str = ""
    logo: str | None = None
    holidays: dict[date, str] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class ServerSettings:
    host: str = "0.0.0.0"
    port: int = 8080
    data_dir: Path = Path("data")
    async_mode: str = "gevent"
    message_queue: str | None = None
    log_level: str = "info"


@dataclass(frozen=True)
class QueueSettings:
    priority_mode: PriorityMode = PriorityMode.STRICT
    regular_per_priority: int = 3
    aging: bool = True
    forfeit_after: int = 5
    number_reading: NumberReading = NumberReading.WHOLE


@dataclass(frozen=True)
class ServiceSettings:
    id: str
    prefix: str
    name: str
    name_en: str
    daily_quota: int | None
    max_wait_minutes: int | None
    avg_service_minutes: float
    hours: dict[int, tuple[Span, ...]]


@dataclass(frozen=True)
class AgencySettings:
    id: str
    name: str
    short_name: str
    services: tuple[ServiceSettings, ...]


@dataclass(frozen=True)
class CounterSettings:
    id: str
    number: int
    name: str
    agency: str
    services: dict[str, float]


@dataclass(frozen=True)
class ZoneSettings:
    id: str
    name: str
    agencies: tuple[str, ...]
    counters: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    source: Path | None
    site: SiteSettings
    server: ServerSettings
    queue: QueueSettings
    hours: dict[int, tuple[Span, ...]]
    agencies: tuple[AgencySettings, ...]
    counters: tuple[CounterSettings, ...]
    zones: tuple[ZoneSettings, ...]
    # printer name -> printer.PrinterConfig; "default" serves kiosks without their own
    printers: dict[str, Any] = field(default_factory=dict)
    kiosk_printers: dict[str, str] = field(default_factory=dict)  # kiosk device -> printer
    tts: Any = None  # queue_server.voice.TtsSettings: voice engines in fallback order

    def service(self, service_id: str) -> ServiceSettings:
        for agency in self.agencies:
            for service in agency.services:
                if service.id == service_id:
                    return service
        raise KeyError(service_id)

    def services_with_agency(self) -> list[tuple[AgencySettings, ServiceSettings]]:
        return [(a, s) for a in self.agencies for s in a.services]


# ---------------------------------------------------------------- schema


@dataclass(frozen=True)
class Key:
    kind: type | tuple[type, ...]
    required: bool = False
    check: Callable[[Any], str | None] | None = None  # returns an error text or None


def _nonempty(v: str) -> str | None:
    return None if v.strip() else "must not be empty"


def _identifier(v: str) -> str | None:
    return None if _ID.match(v) else "must be lower-case letters, digits, - or _ (max 40)"


def _positive(v: float) -> str | None:
    return None if v > 0 else "must be greater than 0"


def _at_least(n: int) -> Callable[[int], str | None]:
    return lambda v: None if v >= n else f"must be at least {n}"


def _one_of(*choices: str) -> Callable[[str], str | None]:
    return lambda v: None if v in choices else f"must be one of {', '.join(choices)}"


def _timezone(v: str) -> str | None:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder: IsADirectoryError
        return f"unknown time zone {v!r} (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"
    return None


def _url(v: str) -> str | None:
    ok = re.match(r"^https?://[^/\s]+(/[^\s]*)?$", v)
    return None if ok else "must be an http(s) address such as http://192.168.1.10:8080"


def _spans(v: str) -> str | None:
    try:
        parse_spans(v)
    except ValueError as exc:
        return str(exc)
    return None


HOURS_SCHEMA = {day: Key(str, check=_spans) for day in WEEKDAYS}

SCHEMA: dict[str, dict[str, Key]] = {
    "site": {
        "name": Key(str, True, _nonempty),
        "short_name": Key(str, False, _nonempty),
        "timezone": Key(str, True, _timezone),
        "public_url": Key(str, True, _url),
        "language": Key(str, False, _one_of("id", "en")),
        "running_text": Key(str),
        "ticket_footer": Key(str),
        "logo": Key(str),
    },
    "server": {
        "host": Key(str),
        "port": Key(int, check=lambda v: None if 0 < v < 65536 else "must be 1-65535"),
        "data_dir": Key(str, check=_nonempty),
        "async_mode": Key(str, check=_one_of("threading", "gevent")),
        "message_queue": Key(str),
        "log_level": Key(str, check=_one_of("debug", "info", "warning", "error")),
    },
    "queue": {
        "priority_mode": Key(str, check=_one_of(*[m.value for m in PriorityMode])),
        "regular_per_priority": Key(int, check=_at_least(1)),
        "aging": Key(bool),
        "forfeit_after": Key(int, check=_at_least(1)),
        "number_reading": Key(str, check=_one_of(*[m.value for m in NumberReading])),
    },
    "hours": HOURS_SCHEMA,
}
AGENCY_SCHEMA = {
    "id": Key(str, True, _identifier),
    "name": Key(str, True, _nonempty),
    "short_name": Key(str, True, _nonempty),
    "services": Key(list, True),
}
SERVICE_SCHEMA = {
    "id": Key(str, True, _identifier),
    "prefix": Key(str, True, lambda v: None if PREFIX_PATTERN.match(v)
                  else "must be 1 to 3 capital letters (A, KK, SKC)"),
    "name": Key(str, True, _nonempty),
    "name_en": Key(str, False, _nonempty),
    "daily_quota": Key(int, False, _at_least(1)),
    "max_wait_minutes": Key(int, False, _at_least(1)),
    "avg_service_minutes": Key((int, float), True, _positive),
    "hours": Key(dict),
}
COUNTER_SCHEMA = {
    "id": Key(str, True, _identifier),
    "number": Key(int, True, _at_least(1)),
    "name": Key(str, False, _nonempty),
    "agency": Key(str, True),
    "services": Key(dict, True),
}
ZONE_SCHEMA = {
    "id": Key(str, True, _identifier),
    "name": Key(str, True, _nonempty),
    "agencies": Key(list),
    "counters": Key(list),
}
# Sections validated by the layers that own them (printer/, voice); listed so a typo in a
# top-level name is still caught here.
OWNED_ELSEWHERE: set[str] = {"printers", "tts", "holidays"}
TOP_LEVEL = {*SCHEMA, "agencies", "counters", "zones", *OWNED_ELSEWHERE}


# ---------------------------------------------------------------- line lookup


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEYLINE = re.compile(r"^\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_-]+)\s*=")


def key_lines(text: str) -> dict[Path_, int]:
    """Map each table header and key of a TOML text to its 1-based line number."""
    lines: dict[Path_, int] = {}
    counts: dict[Path_, int] = {}
    current: Path_ = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            names = [n.strip().strip("\"'") for n in header.group(2).split(".")]
            base: list[str | int] = []
            for name in names[:-1]:
                base.append(name)
                # a dotted header continues the latest element of an array of tables
                idx = counts.get(tuple(base))
                if idx is not None:
                    base.append(idx)
            base.append(names[-1])
            if header.group(1) == "[[":
                counts[tuple(base)] = counts.get(tuple(base), -1) + 1
                base.append(counts[tuple(base)])
            current = tuple(base)
            lines.setdefault(current, number)
            continue
        key = _KEYLINE.match(raw)
        if key:
            lines.setdefault((*current, key.group(1).strip("\"'")), number)
    return lines


# ---------------------------------------------------------------- loading


class _Checker:
    def __init__(self, source: Path | None, text: str) -> None:
        self.source = source
        self.lines = key_lines(text)
        self.errors: list[str] = []

    def where(self, path: Path_) -> str:
        name = _dotted(path)
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                file = self.source.name if self.source else "config"
                return f"{name} ({file} line {line})"
        return name

    def fail(self, path: Path_, message: str) -> None:
        self.errors.append(f"{self.where(path)}: {message}")

    def table(self, data: Any, schema: Mapping[str, Key], path: Path_) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(path, "must be a table")
            return {}
        for name in data:
            if name not in schema:
                known = ", ".join(sorted(schema))
                self.fail((*path, name), f"unknown key (known keys here: {known})")
        clean: dict[str, Any] = {}
        for name, key in schema.items():
            if name not in data:
                if key.required:
                    self.fail((*path, name), "is required")
                continue
            value = data[name]
            kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
            # bool is an int in Python; a config "port = true" is still a wrong type
            wrong = isinstance(value, bool) and bool not in kinds
            if wrong or not isinstance(value, kinds):
                self.fail((*path, name),
                          f"must be {_kind_name(kinds)}, not {_kind_name((type(value),))}")
                continue
            if key.check and (problem := key.check(value)):
                self.fail((*path, name), problem)
                continue
            clean[name] = value
        return clean


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _hours(checker: _Checker, raw: Any, path: Path_, base: dict[int, tuple[Span, ...]]):
    table = checker.table(raw or {}, HOURS_SCHEMA, path)
    hours = dict(base)
    for day, text in table.items():
        hours[WEEKDAYS.index(day)] = parse_spans(text)
    return hours


def load_settings(path: Path | str) -> Settings:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    return parse_settings(text, source=path)


def parse_settings(text: str, source: Path | None = None) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source or 'config'}: not valid TOML: {exc}") from exc
    check = _Checker(source, text)

    for name in data:
        if name not in TOP_LEVEL:
            check.fail((name,), f"unknown section (known: {', '.join(sorted(TOP_LEVEL))})")
    site = check.table(data.get("site", {}), SCHEMA["site"], ("site",))
    server = check.table(data.get("server", {}), SCHEMA["server"], ("server",))
    queue = check.table(data.get("queue", {}), SCHEMA["queue"], ("queue",))
    default_hours = _hours(check, data.get("hours"), ("hours",), {d: () for d in range(7)})
    holidays = _holidays(check, data.get("holidays", {}))

    agencies: list[AgencySettings] = []
    prefixes: dict[str, Path_] = {}
    service_ids: dict[str, Path_] = {}
    agency_ids: set[str] = set()
    raw_agencies = data.get("agencies", [])
    if not isinstance(raw_agencies, list) or not raw_agencies:
        check.fail(("agencies",), "at least one [[agencies]] table is required")
        raw_agencies = []
    for i, raw in enumerate(raw_agencies):
        a = check.table(raw, AGENCY_SCHEMA, ("agencies", i))
        if "id" in a:
            if a["id"] in agency_ids:
                check.fail(("agencies", i, "id"), f"duplicated agency id {a['id']!r}")
            agency_ids.add(a["id"])
        services: list[ServiceSettings] = []
        for j, raw_service in enumerate(a.get("services", [])):
            sp: Path_ = ("agencies", i, "services", j)
            s = check.table(raw_service, SERVICE_SCHEMA, sp)
            if "prefix" in s:
                if s["prefix"] in prefixes:
                    check.fail((*sp, "prefix"), f"duplicated prefix {s['prefix']!r}, already "
                               f"used by {check.where(prefixes[s['prefix']])}")
                prefixes.setdefault(s["prefix"], (*sp, "prefix"))
            if "id" in s:
                if s["id"] in service_ids:
                    check.fail((*sp, "id"), f"duplicated service id {s['id']!r}")
                service_ids.setdefault(s["id"], (*sp, "id"))
            hours = _hours(check, s.get("hours"), (*sp, "hours"), default_hours)
            if {"id", "prefix", "name", "avg_service_minutes"} <= s.keys():
                services.append(ServiceSettings(
                    id=s["id"], prefix=s["prefix"], name=s["name"],
                    name_en=s.get("name_en", s["name"]),
                    daily_quota=s.get("daily_quota"), max_wait_minutes=s.get("max_wait_minutes"),
                    avg_service_minutes=float(s["avg_service_minutes"]), hours=hours,
                ))
        if not a.get("services") and "services" in a:
            check.fail(("agencies", i, "services"), "an agency needs at least one service")
        if {"id", "name", "short_name"} <= a.keys():
            agencies.append(AgencySettings(a["id"], a["name"], a["short_name"], tuple(services)))

    counters: list[CounterSettings] = []
    counter_ids: set[str] = set()
    numbers: set[int] = set()
    for i, raw in enumerate(_tables(check, data, "counters")):
        cp: Path_ = ("counters", i)
        c = check.table(raw, COUNTER_SCHEMA, cp)
        if c.get("id") in counter_ids:
            check.fail((*cp, "id"), f"duplicated counter id {c['id']!r}")
        if c.get("number") in numbers:
            check.fail((*cp, "number"), f"duplicated counter number {c['number']}")
        if "agency" in c and c["agency"] not in agency_ids:
            check.fail((*cp, "agency"), f"unknown agency {c['agency']!r}")
        weights: dict[str, float] = {}
        for service_id, weight in c.get("services", {}).items():
            if service_id not in service_ids:
                check.fail((*cp, "services", service_id), f"unknown service {service_id!r}")
            elif isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                check.fail((*cp, "services", service_id), "weight must be a number > 0")
            else:
                weights[service_id] = float(weight)
        if "services" in c and not c["services"]:
            check.fail((*cp, "services"), "a counter must serve at least one service")
        if {"id", "number", "agency", "services"} <= c.keys():
            counter_ids.add(c["id"])
            numbers.add(c["number"])
            counters.append(CounterSettings(
                c["id"], c["number"], c.get("name", f"Loket {c['number']}"), c["agency"], weights
            ))

    zones: list[ZoneSettings] = []
    for i, raw in enumerate(_tables(check, data, "zones")):
        zp: Path_ = ("zones", i)
        z = check.table(raw, ZONE_SCHEMA, zp)
        if z.get("id") == "all":
            check.fail((*zp, "id"), "'all' is reserved for the whole hall")
        elif any(zone.id == z.get("id") for zone in zones):
            check.fail((*zp, "id"), f"duplicated zone id {z['id']!r}")
        for k, known in (("agencies", agency_ids), ("counters", counter_ids)):
            for item in z.get(k, []):
                if item not in known:
                    check.fail((*zp, k), f"unknown {k[:-1].replace('agencie', 'agency')} "
                               f"{item!r}")
        if {"id", "name"} <= z.keys():
            zones.append(ZoneSettings(z["id"], z["name"], tuple(z.get("agencies", [])),
                                      tuple(z.get("counters", []))))

    printers, kiosk_printers = _printers(check, data.get("printers", {}))
    tts = _tts(check, data.get("tts", {}), source)

    if check.errors:
        where = source or "config"
        raise ConfigError(f"{where} has {len(check.errors)} problem(s):\n  - "
                          + "\n  - ".join(check.errors))

    return Settings(
        source=source,
        site=SiteSettings(
            name=site["name"], short_name=site.get("short_name", site["name"]),
            timezone=site["timezone"], public_url=site["public_url"].rstrip("/"),
            language=site.get("language", "id"), running_text=site.get("running_text", ""),
            ticket_footer=site.get("ticket_footer", ""), logo=site.get("logo"),
            holidays=holidays,
        ),
        server=ServerSettings(
            host=server.get("host", "0.0.0.0"), port=server.get("port", 8080),
            data_dir=_relative(source, server.get("data_dir", "data")),
            async_mode=server.get("async_mode", "gevent"),
            message_queue=server.get("message_queue") or None,
            log_level=server.get("log_level", "info"),
        ),
        queue=QueueSettings(
            priority_mode=PriorityMode(queue.get("priority_mode", "strict")),
            regular_per_priority=queue.get("regular_per_priority", 3),
            aging=queue.get("aging", True),
            forfeit_after=queue.get("forfeit_after", 5),
            number_reading=NumberReading(queue.get("number_reading", "whole")),
        ),
        hours=default_hours,
        agencies=tuple(agencies),
        counters=tuple(counters),
        zones=tuple(zones),
        printers=printers,
        kiosk_printers=kiosk_printers,
        tts=tts,
    )


def _tables(check: _Checker, data: dict[str, Any], name: str) -> list[Any]:
    """An optional array of tables; `counters = 5` is a wrong type, not a crash."""
    raw = data.get(name, [])
    if not isinstance(raw, list):
        check.fail((name,), f"must be [[{name}]] tables")
        return []
    return raw


def _printers(check: _Checker, raw: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """[printers.NAME] tables: the connection keys are checked by printer/; `kiosks` binds
    kiosk devices to this printer (a kiosk not listed anywhere prints on "default")."""
    from printer import parse_printer_config

    if not isinstance(raw, dict):
        check.fail(("printers",), "must be [printers.NAME] tables")
        return {}, {}
    printers: dict[str, Any] = {}
    kiosk_printers: dict[str, str] = {}
    for name, table in raw.items():
        path: Path_ = ("printers", name)
        if not isinstance(table, dict):
            check.fail(path, "must be a table")
            continue
        kiosks = table.get("kiosks", [])
        if not isinstance(kiosks, list) or not all(isinstance(k, str) for k in kiosks):
            check.fail((*path, "kiosks"), "must be a list of kiosk device names")
            kiosks = []
        for kiosk in kiosks:
            if kiosk in kiosk_printers:
                check.fail((*path, "kiosks"), f"kiosk {kiosk!r} already prints on "
                           f"{kiosk_printers[kiosk]!r}")
            kiosk_printers[kiosk] = name
        try:
            printers[name] = parse_printer_config(
                name, {k: v for k, v in table.items() if k != "kiosks"})
        except ValueError as exc:
            check.fail(path, str(exc))
    return printers, kiosk_printers


def _tts(check: _Checker, raw: Any, source: Path | None) -> Any:
    """[tts]: checked by the voice package; its messages name `tts.KEY`, we add the line."""
    from queue_server.voice import TtsSettings, parse_tts_settings

    try:
        return parse_tts_settings(raw if isinstance(raw, dict) else {"": raw},
                                  source.parent if source else Path.cwd())
    except ConfigError as exc:
        for line in exc.message.splitlines():
            key = re.match(r"^\s*(?:- )?tts\.([A-Za-z0-9_]+)", line)
            problem = line.strip().removeprefix("- ")
            if key:
                where = check.where(("tts", key.group(1)))
                problem = problem.replace(f"tts.{key.group(1)}", where, 1)
            check.errors.append(problem)
        return TtsSettings()


def _holidays(check: _Checker, raw: Any) -> dict[date, str]:
    if not isinstance(raw, dict):
        check.fail(("holidays",), 'must be a table of "YYYY-MM-DD" = "name"')
        return {}
    holidays: dict[date, str] = {}
    for key, name in raw.items():
        try:
            day = date.fromisoformat(str(key))
        except ValueError:
            check.fail(("holidays", key), "the key must be a date YYYY-MM-DD")
            continue
        if not isinstance(name, str):
            check.fail(("holidays", key), "must be the holiday's name as a string")
            continue
        holidays[day] = name
    return holidays


def _relative(source: Path | None, value: str) -> Path:
    p = Path(value)
    if p.is_absolute() or source is None:
        return p
    return source.parent / p
