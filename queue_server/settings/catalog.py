"""The catalogue: [[agencies]] with their [[agencies.services]], [[counters]], [[zones]].

Each table is read into the domain's own objects (Agency, Service, Counter, Zone); what one
table cannot see (unique prefixes, a counter serving a service nobody defined) is a
`CatalogRule` over the whole catalogue, so the admin pages can run the same rules on the
catalogue in the database with one edited object in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from queue_server.domain.badges import valid_badge
from queue_server.domain.errors import InvalidValue
from queue_server.domain.models import WHOLE_HALL, Agency, Counter, Service, Zone
from queue_server.domain.numbering import PREFIX_PATTERN

from .registry import (
    BOOLEAN,
    INTEGER,
    LIST,
    NUMBER,
    REQUIRED,
    STRING,
    TABLE,
    Key,
    Path_,
    Problem,
    Table,
    at_least,
    between,
    greater_than,
    identifier,
    nonempty,
    not_empty,
    strings,
    then,
)
from .site import HOURS, WeeklyHours, weekly_hours


def _prefix(value: str) -> str:
    if not PREFIX_PATTERN.match(value):
        raise InvalidValue("must be 1 to 3 capital letters (A, KK, SKC)",
                           "harus 1 sampai 3 huruf kapital (A, KK, SKC)")
    if {"I", "O"} & set(value):  # on a ticket and on the TV they read as 1 and 0
        raise InvalidValue("must not contain I or O, which read as 1 and 0",
                           "tidak boleh memuat huruf I atau O (terbaca 1 dan 0)")
    return value


MAX_REQUIREMENTS = 12
MAX_REQUIREMENT_LENGTH = 120


def _requirements(values: list[Any]) -> tuple[str, ...]:
    """Persyaratan: a short list the kiosk shows in large type, one document a line."""
    if not all(isinstance(v, str) for v in values):
        raise InvalidValue("must be a list of strings (one document each)",
                           "harus daftar teks (satu dokumen per baris)")
    items = tuple(v.strip() for v in values)
    if any(not v for v in items):
        raise InvalidValue("must not contain an empty line", "tidak boleh ada baris kosong")
    if len(items) > MAX_REQUIREMENTS:
        raise InvalidValue(f"at most {MAX_REQUIREMENTS} documents (the kiosk shows them all)",
                           f"paling banyak {MAX_REQUIREMENTS} dokumen")
    if any(len(v) > MAX_REQUIREMENT_LENGTH for v in items):
        raise InvalidValue(f"each at most {MAX_REQUIREMENT_LENGTH} characters",
                           f"setiap dokumen paling banyak {MAX_REQUIREMENT_LENGTH} karakter")
    return items


def _not_whole_hall(value: str) -> str:
    if value == WHOLE_HALL:
        raise InvalidValue(f"{WHOLE_HALL!r} is reserved for the whole hall",
                           f"{WHOLE_HALL!r} dipakai untuk seluruh aula")
    return value


def _online_within_daily(raw: Mapping[str, Any], values: dict[str, Any],
                         path: Path_) -> list[Problem]:
    online, daily = values.get("online_quota"), values.get("daily_quota")
    if online is None or daily is None or online <= daily:
        return []
    return [Problem((*path, "online_quota"), f"must not be more than daily_quota ({daily})",
                    message_id=f"tidak boleh melebihi kuota harian ({daily})")]


SLOT_KEYS = ("slot_minutes", "slot_capacity", "booking_days_ahead")


def _slots_together(raw: Mapping[str, Any], values: dict[str, Any],
                    path: Path_) -> list[Problem]:
    """A service takes bookings with all three slot keys, or none of them."""
    given = [k for k in SLOT_KEYS if raw.get(k) is not None]
    if not given or len(given) == len(SLOT_KEYS):
        return []
    return [Problem((*path, k), "slot_minutes, slot_capacity and booking_days_ahead go "
                    "together: set all three or none",
                    message_id="panjang slot, kapasitas slot dan hari pemesanan diisi "
                    "bersama: ketiganya atau tidak sama sekali")
            for k in SLOT_KEYS if k not in given]


# ---------------------------------------------------------------- declarations

SERVICES = Table(
    "services", "[[agencies.services]]", "A service of an agency: one queue with its own "
    "ticket prefix and numbers (A001, A002 … from 1 every day).", (
        Key("services.id", STRING, "Identifier, lower-case letters, digits, - or _ (ktp-el).",
            REQUIRED, identifier),
        Key("services.prefix", STRING, "Ticket prefix, 1 to 3 capital letters, unique in the "
            "hall; never I or O, which read as 1 and 0.", REQUIRED, _prefix),
        Key("services.name", STRING, "Name in Bahasa Indonesia, on the kiosk and the ticket.",
            REQUIRED, nonempty),
        Key("services.name_en", STRING, "Name in English.", None, nonempty,
            shown_default="same as name"),
        Key("services.daily_quota", INTEGER, "Tickets per day; the kiosk stops issuing at the "
            "quota.", None, at_least(1), shown_default="no limit"),
        Key("services.online_quota", INTEGER, "The part of daily_quota kept for online "
            "bookings (0 to daily_quota).", None, at_least(0), shown_default="none"),
        Key("services.max_wait_minutes", INTEGER, "Longest acceptable wait; past it a ticket "
            "goes ahead (queue.aging) and raises an alarm.", None, at_least(1),
            shown_default="no limit"),
        Key("services.avg_service_minutes", NUMBER, "Expected minutes per citizen, the seed "
            "of the waiting-time estimate.", REQUIRED, then(greater_than(0), float),
            unit="minutes"),
        Key("services.hours", TABLE, "Opening hours of this service, day by day like [hours] "
            '(hours = { friday = "08:00-11:00" }).', None, table=HOURS,
            shown_default="the hall's [hours]"),
        Key("services.requirements", LIST, "Persyaratan: the documents a citizen must bring, "
            "one string each; shown on the kiosk after the service is tapped and on the "
            f"phone page (at most {MAX_REQUIREMENTS}, {MAX_REQUIREMENT_LENGTH} characters "
            "each).", None, _requirements, shown_default="none"),
        Key("services.slot_minutes", INTEGER, "Bookings: minutes of one booking slot "
            "(slots fill the service's hours). With slot_capacity and booking_days_ahead; "
            "all three or none.", None, between(5, 240), unit="minutes",
            shown_default="no bookings"),
        Key("services.slot_capacity", INTEGER, "Bookings: citizens one slot takes.", None,
            between(1, 500), shown_default="no bookings"),
        Key("services.booking_days_ahead", INTEGER, "Bookings: how many days ahead a "
            "citizen may book (0: today only).", None, between(0, 90), unit="days",
            shown_default="no bookings"),
        Key("services.active", BOOLEAN, "false: deactivated; the kiosk does not offer it, "
            "tickets already waiting stay callable.", True),
    ), rules=(_online_within_daily, _slots_together))

def _badge(value: str) -> str:
    badge = value.strip().upper()
    if not valid_badge(badge):
        raise InvalidValue("must be 2-3 letters or digits (BKS)", "harus 2–3 huruf atau angka "
                           "(BKS)")
    return badge


LOGO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(png|jpe?g|svg)$", re.IGNORECASE)


def _logo(value: str) -> str:
    """A file name in the data folder's logos/ (no folder: it cannot point elsewhere)."""
    if not LOGO_NAME.fullmatch(value.strip()):
        raise InvalidValue("must be a .png, .jpg or .svg file name in the data folder's "
                           "logos/ (bpjs-tk.png)", "harus nama berkas .png, .jpg atau .svg di "
                           "folder logos/ data (bpjs-tk.png)")
    return value.strip()


AGENCIES = Table("agencies", "[[agencies]]", "An agency (instansi) with counters in the hall.", (
    Key("agencies.id", STRING, "Identifier, lower-case letters, digits, - or _ (dukcapil).",
        REQUIRED, identifier),
    Key("agencies.name", STRING, "Full name of the agency.", REQUIRED, nonempty),
    Key("agencies.name_en", STRING, "Name in English.", None, nonempty,
        shown_default="same as name"),
    Key("agencies.short_name", STRING, "Short name on the kiosk tiles and the TV.", REQUIRED,
        nonempty),
    Key("agencies.services", LIST, "Its services, at least one.", REQUIRED,
        not_empty("an agency needs at least one service",
                  "instansi perlu paling sedikit satu layanan"), table=SERVICES),
    Key("agencies.active", BOOLEAN, "false: deactivated; none of its services is offered.",
        True),
    Key("agencies.badge", STRING, "Its 2-3 letter badge on the kiosk's agency tiles "
        "(BKS), unique in the hall.", None, _badge,
        shown_default="from short_name, distinct in the hall"),
    Key("agencies.logo", STRING, "Its logo: a PNG, JPEG or SVG file name in the data "
        "folder's logos/ (bpjs-tk.png), shown instead of the badge.", None, _logo,
        shown_default="none: the badge"),
))

WEIGHTS = Table(
    "counters.services", "services = { SERVICE_ID = WEIGHT }", "The services a counter calls "
    "from, each with a weight: with weight 2 a minute of waiting counts double.",
    entries=Key("counters.services.<service id>", NUMBER, "Weight of the service at this "
                "counter.", check=then(greater_than(0), float)))

COUNTERS = Table("counters", "[[counters]]", "A counter (loket) where an officer calls.", (
    Key("counters.id", STRING, "Identifier (loket-1).", REQUIRED, identifier),
    Key("counters.number", INTEGER, "Number called out and shown on the TV, unique.", REQUIRED,
        at_least(1)),
    Key("counters.name", STRING, "Name on the TV and the console.", None, nonempty,
        shown_default="Loket {number}"),
    Key("counters.agency", STRING, "Id of the agency that staffs it.", REQUIRED),
    Key("counters.services", TABLE, "Services it calls from, with weights.", REQUIRED,
        not_empty("a counter must serve at least one service",
                  "loket harus melayani paling sedikit satu layanan"), table=WEIGHTS),
    Key("counters.active", BOOLEAN, "false: deactivated; not shown, calls nobody.", True),
))

ZONES = Table("zones", "[[zones]]", "A part of the hall with its own TV: the calls of some "
              "agencies or counters. The id all is the whole hall.", (
                  Key("zones.id", STRING, "Identifier (zona-a); not all.", REQUIRED,
                      then(identifier, _not_whole_hall)),
                  Key("zones.name", STRING, "Name shown on the TV.", REQUIRED, nonempty),
                  Key("zones.agencies", LIST, "Agency ids whose calls this zone shows.", (),
                      then(strings("agency ids"), tuple)),
                  Key("zones.counters", LIST, "Counter ids whose calls this zone shows.", (),
                      then(strings("counter ids"), tuple)),
              ))


# ---------------------------------------------------------------- objects


@dataclass
class CatalogDraft:
    """The catalogue with where each object was written, for the whole-catalogue rules."""

    agencies: list[tuple[Path_, Agency]] = field(default_factory=list)
    services: list[tuple[Path_, Service]] = field(default_factory=list)
    counters: list[tuple[Path_, Counter]] = field(default_factory=list)
    zones: list[tuple[Path_, Zone]] = field(default_factory=list)


def read_catalog(values: Mapping[str, Any], hall_hours: WeeklyHours) -> CatalogDraft:
    """Domain objects from the clean [[agencies]], [[counters]] and [[zones]] values. A table
    with problems still makes its object, with None where a value is missing or wrong, so
    the catalogue rules see every table; such a draft never leaves parse_settings, which
    raises its problems."""
    draft = CatalogDraft()
    for i, agency in enumerate(values.get("agencies") or []):
        draft.agencies.append((("agencies", i), Agency(
            agency.get("id"), agency.get("name"), agency.get("short_name"), position=i,
            name_en=agency.get("name_en") or "", active=agency.get("active", True),
            badge=agency.get("badge") or "", logo=agency.get("logo") or "")))
        for j, service in enumerate(agency.get("services") or []):
            draft.services.append((("agencies", i, "services", j), Service(
                id=service.get("id"), agency_id=agency.get("id"),
                prefix=service.get("prefix"), name=service.get("name"),
                name_en=service.get("name_en") or service.get("name"),
                daily_quota=service.get("daily_quota"),
                max_wait_minutes=service.get("max_wait_minutes"),
                avg_service_minutes=service.get("avg_service_minutes"),
                position=len(draft.services),
                hours=weekly_hours(service.get("hours") or {}, hall_hours),
                own_hours=weekly_hours(service.get("hours") or {}, {}) or None,
                requirements=tuple(service.get("requirements") or ()),
                online_quota=service.get("online_quota"),
                active=service.get("active", True),
                slot_minutes=service.get("slot_minutes"),
                slot_capacity=service.get("slot_capacity"),
                booking_days_ahead=service.get("booking_days_ahead"))))
    for i, counter in enumerate(values.get("counters") or []):
        draft.counters.append((("counters", i), Counter(
            counter.get("id"), counter.get("name") or f"Loket {counter.get('number')}",
            counter.get("number"), counter.get("agency"), dict(counter.get("services") or {}),
            active=counter.get("active", True))))
    for i, zone in enumerate(values.get("zones") or []):
        draft.zones.append((("zones", i), Zone(
            zone.get("id"), zone.get("name"), zone.get("agencies", ()), zone.get("counters", ()))))
    return draft


# ---------------------------------------------------------------- whole-catalogue rules


def unique(what: str, items: Iterable[tuple[Path_, Hashable]]) -> list[Problem]:
    """Every value but the first of each kind is a duplicate that names the first."""
    first: dict[Hashable, Path_] = {}
    problems = []
    for path, value in items:
        if value is None:  # missing or wrong: reported at its key already
            continue
        if value in first:
            problems.append(Problem(path, f"duplicated {what} {value!r}", see=first[value],
                                    message_id=f"{value!r} sudah dipakai"))
        first.setdefault(value, path)
    return problems


def known(what: str, items: Iterable[tuple[Path_, str]], ids: Iterable[str]) -> list[Problem]:
    ids = set(ids)
    return [Problem(path, f"unknown {what} {value!r}",
                    message_id=f"{_WHAT_ID.get(what, what)} {value!r} tidak dikenal")
            for path, value in items if value is not None and value not in ids]


_WHAT_ID = {"agency": "instansi", "service": "layanan", "counter": "loket"}


@dataclass(frozen=True)
class CatalogRule:
    key: str  # the key it guards, as in docs/config.md
    help: str
    check: Callable[[CatalogDraft], list[Problem]]


def _ids(located: Iterable[tuple[Path_, Any]]) -> list[str]:
    return [thing.id for _, thing in located if thing.id is not None]


CATALOG_RULES: tuple[CatalogRule, ...] = (
    CatalogRule("agencies.id", "unique in the hall", lambda d: unique(
        "agency id", (((*p, "id"), a.id) for p, a in d.agencies))),
    CatalogRule("agencies.badge", "unique in the hall", lambda d: unique(
        "badge", (((*p, "badge"), a.badge or None) for p, a in d.agencies))),
    CatalogRule("services.id", "unique in the hall", lambda d: unique(
        "service id", (((*p, "id"), s.id) for p, s in d.services))),
    CatalogRule("services.prefix", "unique in the hall", lambda d: unique(
        "prefix", (((*p, "prefix"), s.prefix) for p, s in d.services))),
    CatalogRule("counters.id", "unique in the hall", lambda d: unique(
        "counter id", (((*p, "id"), c.id) for p, c in d.counters))),
    CatalogRule("counters.number", "unique in the hall", lambda d: unique(
        "counter number", (((*p, "number"), c.number) for p, c in d.counters))),
    CatalogRule("counters.agency", "an agency of [[agencies]]", lambda d: known(
        "agency", (((*p, "agency"), c.agency_id) for p, c in d.counters), _ids(d.agencies))),
    CatalogRule("counters.services", "services of [[agencies.services]]", lambda d: known(
        "service", (((*p, "services", s), s) for p, c in d.counters for s in c.service_ids),
        _ids(d.services))),
    CatalogRule("zones.id", "unique in the hall", lambda d: unique(
        "zone id", (((*p, "id"), z.id) for p, z in d.zones))),
    CatalogRule("zones.agencies", "agencies of [[agencies]]", lambda d: known(
        "agency", (((*p, "agencies"), a) for p, z in d.zones for a in z.agencies),
        _ids(d.agencies))),
    CatalogRule("zones.counters", "counters of [[counters]]", lambda d: known(
        "counter", (((*p, "counters"), c) for p, z in d.zones for c in z.counters),
        _ids(d.counters))),
)


def check_catalog(draft: CatalogDraft) -> list[Problem]:
    """Every whole-catalogue problem, for config.toml and for an admin edit alike."""
    return [problem for rule in CATALOG_RULES for problem in rule.check(draft)]
