"""The site's values and the schedule as the API shows them (`SiteConfig`, `Schedule`)
and the checks an admin's body goes through: every value by its settings-registry key, the
same rules as config.toml, refused in Bahasa Indonesia at its field ("public_url",
"hours.friday", "holidays[3].date"; holidays[1] is the first, as the registry counts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, time
from typing import Any

from queue_server.domain.errors import BadRequest, Conflict
from queue_server.domain.holidays import NAME_MAX, ClosedDay
from queue_server.domain.opening import END_OF_DAY, HARI, WEEKDAYS, Span
from queue_server.settings import KEYS, Settings, validate_table
from queue_server.settings.registry import Problem, Problems, read_value
from queue_server.store.site_settings import SITE_FIELDS, SITE_KEYS

WEEK = dict[int, tuple[Span, ...]]

# what each field is called beside its input, in front of the registry's message
LABELS = {
    "name": "Nama gedung", "short_name": "Nama singkat", "running_text": "Teks berjalan",
    "running_text_en": "Teks berjalan (bahasa Inggris)", "ticket_footer": "Catatan kaki tiket",
    "public_url": "Alamat publik",
}
# the registry key that checks each field; the English running text follows the rules of
# the Indonesian one until config.toml declares its own key
_REGISTRY_KEY = {name: key if key in KEYS else "site.running_text"
                 for name, key in SITE_KEYS.items()}
_TRIMMED = {"name", "short_name", "public_url"}  # one-line values: no stray spaces


@dataclass(frozen=True, slots=True)
class SiteConfig:
    name: str
    short_name: str
    running_text: str
    running_text_en: str
    ticket_footer: str
    public_url: str

    def shape(self) -> dict[str, Any]:
        """The API's shape, which the site's events carry too."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Schedule:
    hours: WEEK  # every weekday, () = closed
    holidays: dict[date, str]

    def shape(self) -> dict[str, Any]:
        return {
            "hours": {day: describe(self.hours.get(i, ())) for i, day in enumerate(WEEKDAYS)},
            "holidays": [{"date": d.isoformat(), "name": self.holidays[d]}
                         for d in sorted(self.holidays)],
        }


@dataclass(frozen=True, slots=True)
class ScheduleView:
    schedule: Schedule
    next_closed: list[ClosedDay]

    def shape(self) -> dict[str, Any]:
        return {**self.schedule.shape(), "next_closed": [
            {"date": c.date.isoformat(), "name": c.name, "reason": c.reason}
            for c in self.next_closed]}


def describe(spans: tuple[Span, ...]) -> str:
    """Spans as config.toml writes them: "08:00-11:30, 13:30-15:00", or "closed"."""
    if not spans:
        return "closed"
    return ", ".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in spans)


def _hhmm(moment: time) -> str:
    return "24:00" if moment == END_OF_DAY else f"{moment:%H:%M}"


def site_of(settings: Settings) -> SiteConfig:
    """The site's values in (live) settings; config.toml has no English running text."""
    site = settings.site
    own = {f.name: getattr(site, f.name) for f in fields(site)}
    return SiteConfig(**{name: own.get(name, "") for name in SITE_FIELDS})


def schedule_of(settings: Settings) -> Schedule:
    return Schedule({day: tuple(settings.hours.get(day, ())) for day in range(7)},
                    dict(settings.site.holidays))


# ---------------------------------------------------------------- checking


def _refuse(label: str, problem: Problem, field: str) -> BadRequest:
    return BadRequest(f"{label} {problem.indonesian}.", field=field)


def _checked(key: str, raw: Any, field: str, label: str) -> Any:
    """One value through its registry key, or 400 at `field` in Bahasa Indonesia."""
    problems = Problems()
    value = read_value(KEYS[key], raw, (field,), problems)
    if problems.found:
        raise _refuse(label, problems.found[0], field)
    return value


def clean_site(body: Mapping[str, Any]) -> SiteConfig:
    """Every field of the site checked; the first refusal is the answer (nothing saved)."""
    values: dict[str, str] = {}
    for name in SITE_FIELDS:
        if name not in body:
            raise BadRequest(f"{LABELS[name]} wajib diisi.", field=name)
        raw = body[name]
        if name in _TRIMMED and isinstance(raw, str):
            raw = raw.strip()
        values[name] = _checked(_REGISTRY_KEY[name], raw, name, LABELS[name])
    return SiteConfig(**values)


def clean_schedule(body: Mapping[str, Any]) -> Schedule:
    unknown = sorted(set(body) - {"hours", "holidays", "next_closed"})  # next_closed: derived
    if unknown:
        raise BadRequest(f"Kolom tidak dikenal: {', '.join(unknown)}.", field=unknown[0])
    for name in ("hours", "holidays"):
        if name not in body:
            raise BadRequest(f"Kolom '{name}' wajib diisi.", field=name)
    return Schedule(clean_hours(body["hours"]), clean_holidays(body["holidays"]))


def clean_hours(raw: Any) -> WEEK:
    """The week as [hours] of config.toml reads it: a day left out is closed."""
    if not isinstance(raw, dict):
        raise BadRequest('Jam layanan harus objek {"monday": "08:00-15:00", …}.',
                         field="hours")
    values, problems = validate_table("hours", raw)
    for problem in problems:
        day = problem.path[-1]
        if day not in WEEKDAYS:
            raise BadRequest(f"Hari {day!r} tidak dikenal: pakai monday, tuesday, wednesday, "
                             "thursday, friday, saturday atau sunday.", field=problem.key)
        raise _refuse(f"Jam layanan hari {HARI[WEEKDAYS.index(str(day))]}", problem,
                      problem.key)
    return {i: tuple(values.get(day) or ()) for i, day in enumerate(WEEKDAYS)}


def clean_holidays(raw: Any) -> dict[date, str]:
    if not isinstance(raw, list):
        raise BadRequest('Hari libur harus daftar [{"date": "2026-12-25", "name": "…"}].',
                         field="holidays")
    out: dict[date, str] = {}
    first: dict[date, int] = {}
    for n, item in enumerate(raw, start=1):  # holidays[1] is the first, as in the registry
        where = f"holidays[{n}]"
        if not isinstance(item, dict):
            raise BadRequest(f"Hari libur ke-{n} harus objek {{\"date\", \"name\"}}.",
                             field=where)
        if extra := sorted(set(item) - {"date", "name"}):
            raise BadRequest(f"Kolom tidak dikenal: {', '.join(extra)}.",
                             field=f"{where}.{extra[0]}")
        day = _holiday_date(item.get("date"), n, f"{where}.date")
        name = _checked("holidays.<YYYY-MM-DD>", item.get("name"), f"{where}.name",
                        f"Nama hari libur ke-{n}").strip()
        if not name:
            raise BadRequest(f"Nama hari libur ke-{n} wajib diisi.", field=f"{where}.name")
        if len(name) > NAME_MAX:
            raise BadRequest(f"Nama hari libur ke-{n} terlalu panjang (maks {NAME_MAX}).",
                             field=f"{where}.name")
        if day in out:
            raise Conflict(f"Tanggal {day.isoformat()} sudah ada di hari libur ke-"
                           f"{first[day]}.", field=f"{where}.date")
        out[day], first[day] = name, n
    return out


def _holiday_date(raw: Any, n: int, field: str) -> date:
    label = f"Tanggal hari libur ke-{n}"
    if not isinstance(raw, str):
        raise BadRequest(f"{label} wajib diisi sebagai teks TTTT-BB-HH.", field=field)
    values, problems = validate_table("holidays", {raw: ""})
    if problems:  # the registry's date rule; said here with the holiday's place
        raise BadRequest(f"{label} harus tanggal yang ada, berbentuk TTTT-BB-HH "
                         f"(misalnya 2026-12-25), bukan {raw!r}.", field=field)
    return next(iter(values))
