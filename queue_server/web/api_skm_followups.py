"""API: the rencana tindak lanjut of SKM results (docs/api-changes.md), declared on the API
registry of web/api.py."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from queue_server.domain.errors import NotFound
from queue_server.services import skm_followups
from queue_server.services.skm_followups import FollowupList, OneFollowup
from queue_server.web.api import api
from queue_server.web.api_spec import Field
from queue_server.web.auth import current_principal
from queue_server.web.schemas import SCHEMAS
from queue_server.web.schemas_complaints import (
    CHANGE_FOLLOWUP,
    COMPLAINT_SCHEMAS,
    NEW_FOLLOWUP,
)

SCHEMAS.update(COMPLAINT_SCHEMAS)  # schemas.py is shared: these routes add their shapes
SCOPED = ("admin; a supervisor reads their agencies' actions and the hall's own, and plans "
          "or changes their agencies' ones")
LIST_QUERY = (
    Field("from", str, max_length=10, format="date",
          description="first local day of the SKM period "
                      "(today)"),
    Field("to", str, max_length=10, format="date",
          description="last local day (from); at most 366 days"),
    Field("agency_id", str, max_length=40, description="only this agency's actions"),
)


def _hall():
    return current_app.extensions["loket"].hall


def followup_json(one: OneFollowup) -> dict[str, Any]:
    f = one.followup
    time = current_app.extensions["loket"].serializer.time
    return {"id": f.id, "period_from": f.period_from.isoformat(),
            "period_to": f.period_to.isoformat(), "agency_id": f.agency_id,
            "element": f.element, "action": f.action, "owner": f.owner,
            "due_date": f.due_date.isoformat(), "status": f.status.value,
            "done_date": f.done_date.isoformat() if f.done_date else None,
            "overdue": f.is_overdue(one.today), "created_at": time(f.created_at),
            "created_by": f.created_by, "updated_at": time(f.updated_at)}


def list_json(found: FollowupList) -> dict[str, Any]:
    fig = found.figures
    return {"from": found.first.isoformat(), "to": found.last.isoformat(),
            "followups": [followup_json(OneFollowup(f, found.today)) for f in found.actions],
            "figures": {"actions": fig.actions, "done": fig.done,
                        "followed_up_pct": fig.followed_up_pct,
                        "mean_days_to_follow_up": fig.mean_days_to_follow_up}}


def _id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise NotFound(f"Tindak lanjut {raw!r} tidak ditemukan.", field="id")
    return int(raw)


@api.route("/skm/followups", "GET", summary="The follow-up actions of an SKM period and "
           "the share followed up and mean days to follow up (PEKPPP)", who=SCOPED,
           tag="skm", response="FollowupList", query=LIST_QUERY, errors=(401, 403, 404))
def list_followups() -> Any:
    args = request.args
    found = skm_followups.followups(_hall(), current_principal(), from_=args.get("from"),
                                    to=args.get("to"), agency_id=args.get("agency_id"))
    return jsonify(list_json(found))


@api.route("/skm/followups", "POST", summary="Plan a follow-up action for an unsur of a "
           "period", who=SCOPED, tag="skm", body=NEW_FOLLOWUP, response="Followup",
           wrap="followup", status=201, errors=(401, 403, 404))
def create_followup(body: dict[str, Any]) -> Any:
    made = skm_followups.create(_hall(), current_principal(), body)
    return jsonify({"followup": followup_json(made)}), 201


@api.route("/skm/followups/<followup_id>", "PATCH", summary="Change a follow-up action: "
           "owner, due date, status, the day done", who=SCOPED, tag="skm",
           body=CHANGE_FOLLOWUP, response="Followup", wrap="followup",
           errors=(401, 403, 404))
def change_followup(followup_id: str, body: dict[str, Any]) -> Any:
    changed = skm_followups.update(_hall(), current_principal(), _id(followup_id), body)
    return jsonify({"followup": followup_json(changed)})
