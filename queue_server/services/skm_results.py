"""SKM results (API.md "SKM"): a period's responses scored by the domain (domain/skm.py),
beside the population the report module counts — the citizens served in the period, from
services/reports.py, never a second count — and the Krejcie–Morgan minimum sample; and the
public figures the hall publishes.

A response belongs to the local day it was answered (an answer given the day after the
service, through the ticket's QR, counts in the next day's period); the population is the
report's `served` of the same days."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from queue_server.domain import access
from queue_server.domain import skm as q
from queue_server.domain.errors import BadRequest
from queue_server.domain.models import Agency
from queue_server.domain.skm_periods import Period, period_of, previous
from queue_server.domain.skm_sample import minimum_sample

from . import reports
from .hall import Hall

GROUPINGS = ("agency", "service")


@dataclass(frozen=True, slots=True)
class ResultRow:
    key: str  # agency or service id; "" for the whole selection
    name: str
    respondents: int
    population: int
    score: q.SkmScore

    @property
    def min_sample(self) -> int:
        return minimum_sample(self.population)

    @property
    def sample_met(self) -> bool:
        return self.population > 0 and self.respondents >= self.min_sample


@dataclass(frozen=True, slots=True)
class Suggestion:
    day: str
    at: datetime
    service_id: str
    service: str
    text: str


@dataclass(frozen=True, slots=True)
class ProfileCount:
    field: q.ProfileField
    counts: tuple[tuple[str | None, int], ...]  # (code or None for "not given", count)


@dataclass(frozen=True, slots=True)
class Results:
    first: date
    last: date
    site_name: str
    agency_id: str | None
    service_id: str | None
    by: str | None
    total: ResultRow
    rows: list[ResultRow]
    suggestions: list[Suggestion]
    profile: list[ProfileCount]
    responses: list[q.SkmResponse]  # for the files: respondents as rows
    service_names: dict[str, str]
    agency_names: dict[str, str]


def _score(responses: Iterable[q.SkmResponse]) -> q.SkmScore:
    return q.score(r.answers for r in responses)


def profile_counts(responses: Sequence[q.SkmResponse]) -> list[ProfileCount]:
    out = []
    for field in q.PROFILE:
        tally = Tally(r.profile(field.field) for r in responses)
        counts = [(code, tally.get(code, 0)) for code in field.codes()]
        if tally.get(None):
            counts.append((None, tally[None]))
        out.append(ProfileCount(field, tuple(counts)))
    return out


def results(hall: Hall, principal: access.Principal, *, from_: str | None = None,
            to: str | None = None, agency_id: str | None = None,
            service_id: str | None = None, by: str | None = None) -> Results:
    """The SKM of the local days `from_`..`to` (today when left out) in the caller's scope,
    optionally with a row per agency or service. Scope and range rules are the reports'."""
    grouping = by or None
    # the report decides who may see what and which days: the same 401/403/404/400s
    served = reports.summary(hall, principal, from_=from_, to=to,
                             by=grouping if grouping in GROUPINGS else "service",
                             agency_id=agency_id or None, service_id=service_id or None)
    if grouping is not None and grouping not in GROUPINGS:
        raise BadRequest("Pengelompokan 'by' harus agency atau service.", field="by")
    agencies: set[str] | None = None if principal.is_admin else set(principal.agencies)
    if agency_id:
        agencies = {agency_id}
    with hall.store.read() as tx:
        responses = tx.skm.responses(served.first.isoformat(), served.last.isoformat(),
                                     agencies=agencies, service_id=service_id or None)
        service_names = {s.id: s.name for s in tx.catalog.all_services()}
        agency_names = {a.id: a.name for a in tx.catalog.all_agencies()}

    total = ResultRow("", "Jumlah", len(responses), served.total.served, _score(responses))
    rows: list[ResultRow] = []
    if grouping is not None:
        key = (lambda r: r.agency_id) if grouping == "agency" else (lambda r: r.service_id)
        names = agency_names if grouping == "agency" else service_names
        groups: dict[str, list[q.SkmResponse]] = {}
        for response in responses:
            groups.setdefault(key(response), []).append(response)
        population = {row.key: row.served for row in served.rows}
        order = {k: i for i, k in enumerate(names)}  # the catalogue's order
        keys = sorted(set(groups) | set(population),
                      key=lambda k: (order.get(k, len(order)), k))
        rows = [ResultRow(k, names.get(k, k), len(groups.get(k, ())), population.get(k, 0),
                          _score(groups.get(k, ()))) for k in keys]
    suggestions = [Suggestion(r.day, r.at, r.service_id,
                              service_names.get(r.service_id, r.service_id), r.suggestion)
                   for r in responses if r.suggestion]
    return Results(served.first, served.last, hall.settings.site.name, agency_id or None,
                   service_id or None, grouping, total, rows, suggestions,
                   profile_counts(responses), responses, service_names, agency_names)


# ---------------------------------------------------------------- what the hall publishes


@dataclass(frozen=True, slots=True)
class PublicAgency:
    agency: Agency
    score: q.SkmScore


@dataclass(frozen=True, slots=True)
class Public:
    period: Period
    complete: bool  # False: the current period so far (the last one had no responses)
    until: date  # the last day counted
    site_name: str
    hall: q.SkmScore
    agencies: list[PublicAgency]


def public(hall: Hall) -> Public:
    """Each agency's and the whole hall's IKM for the last completed period of `[skm]
    period`, or for the current one so far when the last had no responses. Only figures:
    no names, no suggestions."""
    today = date.fromisoformat(hall.today())
    current = period_of(today, hall.settings.skm.period)
    last = previous(current)
    with hall.store.read() as tx:
        chosen, complete, until = last, True, last.last
        totals = tx.skm.totals(last.first.isoformat(), last.last.isoformat(), "agency_id")
        if not totals:
            chosen, complete, until = current, False, today
            totals = tx.skm.totals(current.first.isoformat(), today.isoformat(), "agency_id")
        agencies = tx.catalog.all_agencies()
    shown = [a for a in agencies if a.active or a.id in totals]
    zero = (0, (0,) * len(q.CODES))
    hall_count = sum(count for count, _ in totals.values())
    hall_totals = [sum(t[i] for _, t in totals.values()) for i in range(len(q.CODES))]
    return Public(
        chosen, complete, until, hall.settings.site.name,
        q.score_totals(hall_count, hall_totals),
        [PublicAgency(a, q.score_totals(*totals.get(a.id, zero))) for a in shown])
