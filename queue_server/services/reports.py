"""Reports (API.md "Reports"): the summary of some local days grouped one way, and the
daily report. The figures come from the tickets and their events (store/report_queries.py)
folded into legs and rows by the domain (report_legs, report_figures); the pages, the JSON,
the CSV and the XLSX all show what this returns (services/report_files.py formats it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from operator import itemgetter

from queue_server.domain import access
from queue_server.domain.errors import BadRequest, Forbidden, NotFound
from queue_server.domain.models import Role
from queue_server.domain.report_figures import Figures, Tally, grouped
from queue_server.domain.report_legs import MS_PER_MINUTE, Leg, fold_legs

from .hall import Hall, require
from .local_days import day_range, local_day

GROUPINGS = ("agency", "service", "counter", "officer", "day", "hour")
# sheet names and CSV labels, Indonesian first
GROUP_LABELS = {"agency": "Instansi", "service": "Layanan", "counter": "Loket",
                "officer": "Petugas", "day": "Hari", "hour": "Jam"}
_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")


@dataclass(frozen=True, slots=True)
class Summary:
    first: date
    last: date
    by: str
    rows: list[Figures]
    total: Figures
    site_name: str
    # bookings of the period per service in scope: booked, checked_in, missed, cancelled
    bookings: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Daily:
    day: date
    services: Summary  # the day by service
    counters: list[Figures]


def local_date_name(day: date) -> str:
    """"Senin, 2 Maret 2026"."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year}"


def period_name(first: date, last: date) -> str:
    if first == last:
        return local_date_name(first)
    return f"{local_date_name(first)} – {local_date_name(last)}"


def _allowed(principal: access.Principal) -> None:
    require(principal.is_admin or principal.role is Role.SUPERVISOR,
            principal.kind == "anonymous", "melihat laporan")


@dataclass(frozen=True, slots=True)
class _Read:
    """The legs in the caller's scope and the names to show them by."""

    legs: list[Leg]
    max_wait: dict[str, int | None]
    names: dict[str, dict[str, str]]  # grouping -> key -> name, in display order
    agency_of: dict[str, str]  # service -> agency
    zone: tzinfo
    bookings: dict[str, dict[str, int]]  # service -> booking counts, in scope


def _read(hall: Hall, principal: access.Principal, first: date, last: date, *,
          agency_id: str | None = None, service_id: str | None = None,
          officers: bool = False) -> _Read:
    with hall.store.read() as tx:
        # deactivated ones too: their history is still reported
        agencies = tx.catalog.all_agencies()
        services = tx.catalog.all_services()
        counters = tx.catalog.all_counters()
        people = tx.accounts.users() if officers else []
        agency_of = {s.id: s.agency_id for s in services}
        if agency_id:
            if agency_id not in {a.id for a in agencies}:
                raise NotFound(f"Instansi {agency_id!r} tidak ditemukan.", field="agency_id")
            if not access.supervises(principal, agency_id):
                raise Forbidden("Anda tidak berwenang melihat laporan instansi ini.",
                                field="agency_id")
        if service_id:
            if service_id not in agency_of:
                raise NotFound(f"Layanan {service_id!r} tidak ditemukan.", field="service_id")
            if not access.supervises(principal, agency_of[service_id]):
                raise Forbidden("Anda tidak berwenang melihat laporan layanan ini.",
                                field="service_id")

        tickets, events = tx.reports.tickets_and_events(first.isoformat(), last.isoformat())
        booked = tx.bookings.counts(first, last)
    legs = fold_legs(tickets, events)

    def in_scope(sid: str) -> bool:
        agency = agency_of.get(sid)
        if not principal.is_admin and agency not in principal.agencies:
            return False
        if agency_id and agency != agency_id:
            return False
        return not service_id or sid == service_id

    if not principal.is_admin or agency_id or service_id:
        legs = [leg for leg in legs if in_scope(leg.service_id)]
        booked = {sid: n for sid, n in booked.items() if in_scope(sid)}
    names = {
        "agency": {a.id: a.name for a in agencies},
        "service": {s.id: s.name for s in services},
        "counter": {c.id: c.name for c in counters},
        "officer": {f"user:{p.name}": p.display_name or p.name for p in people},
    }
    return _Read(legs, {s.id: s.max_wait_minutes for s in services}, names, agency_of,
                 hall.settings.site.zone, booked)


def _local_key(zone: tzinfo, shape: str) -> Callable[[Leg], str]:
    """The local day or hour a leg joined its queue; cached per minute (a month's legs
    fall in a few thousand minutes)."""
    seen: dict[int, str] = {}

    def key(leg: Leg) -> str:
        minute = leg.joined_ms // MS_PER_MINUTE
        found = seen.get(minute)
        if found is None:
            found = seen[minute] = format(
                datetime.fromtimestamp(minute * 60, zone), shape)
        return found

    return key


def _key_of(by: str, read: _Read) -> Callable[[Leg], str | None]:
    if by == "agency":
        return lambda leg: read.agency_of.get(leg.service_id)
    if by == "day":
        return _local_key(read.zone, "%Y-%m-%d")
    if by == "hour":
        return _local_key(read.zone, "%H:00")
    # positions of Leg's service_id, counter_id, officer: itemgetter runs in C
    return itemgetter({"service": 1, "counter": 6, "officer": 7}[by])


def _name(by: str, key: str, read: _Read) -> str:
    if by == "day":
        return local_date_name(date.fromisoformat(key))
    if by == "hour":
        hour = int(key[:2])
        return f"{hour:02d}.00–{(hour + 1) % 24:02d}.00"
    if by == "officer":
        return read.names["officer"].get(key, key.removeprefix("user:"))
    return read.names[by].get(key, key)


def _rows(by: str, read: _Read) -> tuple[list[Figures], Figures]:
    """The rows of a grouping and the total (merged from the same tallies: one pass)."""
    groups = grouped(read.legs, _key_of(by, read))
    tallies = {k: Tally.of(legs, read.max_wait) for k, legs in groups.items()}
    total = Tally.merged(tallies.values()).row("", "Jumlah")
    named = [k for k in tallies if k is not None]
    if by in ("agency", "service", "counter"):
        order = {key: i for i, key in enumerate(read.names[by])}  # the catalogue's order
        keys = sorted(named, key=lambda k: (order.get(k, len(order)), k))
    elif by == "officer":
        keys = sorted(named, key=lambda k: (_name(by, k, read).casefold(), k))
    else:
        keys = sorted(named)
    return [tallies[k].row(k, _name(by, k, read)) for k in keys], total


def summary(hall: Hall, principal: access.Principal, *, from_: str | None = None,
            to: str | None = None, by: str | None = None, agency_id: str | None = None,
            service_id: str | None = None) -> Summary:
    """The local days `from_`..`to` (both included; today when left out) grouped `by`."""
    _allowed(principal)
    first, last = day_range(date.fromisoformat(hall.today()), from_, to)
    grouping = by or "service"
    if grouping not in GROUPINGS:
        raise BadRequest("Pengelompokan 'by' harus salah satu dari: "
                         f"{', '.join(GROUPINGS)}.", field="by")
    read = _read(hall, principal, first, last, agency_id=agency_id or None,
                 service_id=service_id or None, officers=grouping == "officer")
    rows, total = _rows(grouping, read)
    return Summary(first, last, grouping, rows, total, hall.settings.site.name,
                   read.bookings)


def daily(hall: Hall, principal: access.Principal, *, day: str | None = None) -> Daily:
    """One local day by service, with a row per counter (one read for both)."""
    _allowed(principal)
    the_day = local_day(day, "date", date.fromisoformat(hall.today()))
    read = _read(hall, principal, the_day, the_day)
    rows, total = _rows("service", read)
    services = Summary(the_day, the_day, "service", rows, total, hall.settings.site.name,
                       read.bookings)
    return Daily(the_day, services, _rows("counter", read)[0])
