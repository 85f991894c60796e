"""Rencana tindak lanjut of SKM results (docs/complaints.md, "Tindak lanjut SKM"): actions
per period and unsur, optionally of one agency, with an owner, a due date, a status and the
day done; and the figures PEKPPP asks for (domain/followups.figures), which the /skm page
and the printable SKM report show from `followups()` here.

Scope: admins everything; a supervisor reads the actions of their agencies and the hall's
own (no agency), and plans or changes only their agencies' ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from queue_server.domain import access
from queue_server.domain import followups as rules
from queue_server.domain.errors import BadRequest, Forbidden, NotFound
from queue_server.domain.followups import Followup, FollowupFigures, FollowupStatus
from queue_server.domain.models import Role
from queue_server.store import Transaction

from .hall import Hall, require
from .local_days import MAX_RANGE_DAYS, day_range, local_day

ENTITY = "skm_followup"


@dataclass(frozen=True, slots=True)
class FollowupList:
    first: date
    last: date
    actions: list[Followup]
    figures: FollowupFigures
    today: date  # what "overdue" is measured against


@dataclass(frozen=True, slots=True)
class OneFollowup:
    followup: Followup
    today: date


def _today(hall: Hall) -> date:
    return hall.local(hall.now()).date()


def _staff(principal: access.Principal, what: str) -> None:
    require(principal.is_admin or principal.role is Role.SUPERVISOR,
            principal.kind == "anonymous", what)


def _known_agency(tx: Transaction, agency_id: str) -> None:
    if agency_id not in {a.id for a in tx.catalog.all_agencies()}:
        raise NotFound(f"Instansi {agency_id!r} tidak ditemukan.", field="agency_id")


def followups(hall: Hall, principal: access.Principal, *, from_: str | None,
              to: str | None, agency_id: str | None = None) -> FollowupList:
    """The actions whose period lies within from..to (the SKM results' range) and their
    figures. With `agency_id` only that agency's, else every one in the caller's scope."""
    _staff(principal, "melihat tindak lanjut SKM")
    today = _today(hall)
    first, last = day_range(today, from_, to)
    zone = hall.settings.site.zone
    with hall.store.read() as tx:
        if agency_id:
            _known_agency(tx, agency_id)
            if not access.supervises(principal, agency_id):
                raise Forbidden("Anda tidak berwenang melihat tindak lanjut instansi ini.",
                                field="agency_id")
            found = tx.skm_followups.in_period(first, last, zone,
                                               agencies=frozenset({agency_id}),
                                               hall_wide=False)
        else:
            found = tx.skm_followups.in_period(
                first, last, zone,
                agencies=None if principal.is_admin else principal.agencies)
    return FollowupList(first, last, found, rules.figures(found), today)


def _may_change(principal: access.Principal, agency_id: str | None) -> None:
    if agency_id is None:
        if not principal.is_admin:
            raise Forbidden("Tindak lanjut seluruh gedung (tanpa instansi) hanya untuk "
                            "admin.", field="agency_id")
    elif not access.supervises(principal, agency_id):
        raise Forbidden("Anda tidak berwenang mengatur tindak lanjut instansi ini.",
                        field="agency_id")


def _required_day(raw: object, field: str, default: date | None = None) -> date:
    if raw is None and default is not None:
        return default
    if not isinstance(raw, str) or not raw:
        raise BadRequest(f"Tanggal '{field}' wajib diisi (YYYY-MM-DD).", field=field)
    return local_day(raw, field, date.min)


def _optional_day(raw: object, field: str) -> date | None:
    return None if raw is None else _required_day(raw, field)


def _due(raw: object, period_from: date, default: date | None = None) -> date:
    due = _required_day(raw, "due_date", default)
    if due < period_from:
        raise BadRequest("Batas waktu tidak boleh sebelum awal periode.", field="due_date")
    return due


def create(hall: Hall, principal: access.Principal, body: dict[str, Any]) -> OneFollowup:
    _staff(principal, "mengatur tindak lanjut SKM")
    period_from = _required_day(body.get("period_from"), "period_from")
    period_to = _required_day(body.get("period_to"), "period_to")
    if period_to < period_from:
        raise BadRequest("Akhir periode tidak boleh sebelum awalnya.", field="period_to")
    if (period_to - period_from).days >= MAX_RANGE_DAYS:
        raise BadRequest(f"Periode paling lama {MAX_RANGE_DAYS} hari.", field="period_to")
    agency_id = body.get("agency_id")
    if agency_id is not None and not isinstance(agency_id, str):
        raise BadRequest("Instansi harus teks.", field="agency_id")
    element = rules.clean_element(body.get("element"))
    action = rules.clean_words(body.get("action"), "action", rules.ACTION_MIN,
                               rules.ACTION_MAX, "Tindakan")
    owner = rules.clean_words(body.get("owner"), "owner", rules.OWNER_MIN, rules.OWNER_MAX,
                              "Penanggung jawab")
    due = _due(body.get("due_date"), period_from)
    status = rules.clean_status(body.get("status") or FollowupStatus.PLANNED.value)
    now, today = hall.now(), _today(hall)
    done = rules.settle_done(status, _optional_day(body.get("done_date"), "done_date"),
                             today, today)
    zone = hall.settings.site.zone
    with hall.store.write() as tx:
        if agency_id is not None:
            _known_agency(tx, agency_id)
        _may_change(principal, agency_id)
        new_id = tx.skm_followups.insert(
            period_from=period_from, period_to=period_to, agency_id=agency_id,
            element=element, action=action, owner=owner, due_date=due, status=status,
            done_date=done, now=now, created_by=principal.name)
        tx.events.append("skm_followup.created", now, principal.actor, data={
            "entity": ENTITY, "id": new_id, "agency_id": agency_id, "element": element,
            "status": status.value})
        made = tx.skm_followups.get(new_id, zone)
    assert made is not None
    return OneFollowup(made, today)


def update(hall: Hall, principal: access.Principal, followup_id: int,
           body: dict[str, Any]) -> OneFollowup:
    """Change what was sent: action, owner, due date, status and the done date (done: today
    unless given; leaving done clears it)."""
    _staff(principal, "mengatur tindak lanjut SKM")
    now, today = hall.now(), _today(hall)
    zone = hall.settings.site.zone
    with hall.store.write() as tx:
        found = tx.skm_followups.get(followup_id, zone)
        if found is None:
            raise NotFound(f"Tindak lanjut {followup_id} tidak ditemukan.", field="id")
        _may_change(principal, found.agency_id)
        action = found.action if body.get("action") is None else rules.clean_words(
            body["action"], "action", rules.ACTION_MIN, rules.ACTION_MAX, "Tindakan")
        owner = found.owner if body.get("owner") is None else rules.clean_words(
            body["owner"], "owner", rules.OWNER_MIN, rules.OWNER_MAX, "Penanggung jawab")
        due = _due(body.get("due_date"), found.period_from, found.due_date)
        status = found.status if body.get("status") is None else rules.clean_status(
            body["status"])
        given = _optional_day(body.get("done_date"), "done_date")
        if given is None and status is FollowupStatus.DONE:
            given = found.done_date  # still done: the day it was done stays
        done = rules.settle_done(status, given, found.created_day, today)
        tx.skm_followups.update(found.id, action=action, owner=owner, due_date=due,
                                status=status, done_date=done, now=now)
        tx.events.append("skm_followup.updated", now, principal.actor, data={
            "entity": ENTITY, "id": found.id, "agency_id": found.agency_id,
            "element": found.element, "before": found.status.value, "status": status.value})
        changed = tx.skm_followups.get(found.id, zone)
    assert changed is not None
    return OneFollowup(changed, today)
