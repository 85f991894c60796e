"""API of SKM collection (docs/api-changes.md "SKM collection"): what a survey tablet shows
(its counter, the citizen just finished there) and whether a phone offers the form, declared
on the API registry of web/api.py. The answers go to POST /skm/responses (web/api_skm.py)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from queue_server.services import skm_offer, survey_tablet
from queue_server.web.api import _ext, api
from queue_server.web.auth import current_principal
from queue_server.web.schema_parts import TIME
from queue_server.web.schemas import SCHEMAS
from queue_server.web.serialize import Serializer

SCHEMAS["SurveyTicket"] = {
    "type": "object",
    "required": ["token", "code", "service", "finished_at", "language"],
    "properties": {
        "token": {"type": "string", "description": "the ticket's tracking token: the form "
                                                   "posts it as ticket_token"},
        "code": {"type": "string"},
        "service": {"type": "object", "required": ["id", "name", "name_en"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"},
            "name_en": {"type": "string"}}},
        "finished_at": TIME,
        "language": {"type": "string", "enum": ["id", "en"],
                     "description": "the language chosen at the kiosk"},
    },
}
SCHEMAS["SurveyState"] = {
    "type": "object",
    "required": ["counter", "ticket", "event_id", "now"],
    "properties": {
        "counter": {"type": "object", "required": ["id", "name", "number", "agency"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                   "number": {"type": "integer"},
                                   "agency": {"type": "string"}}},
        "ticket": {"oneOf": [{"$ref": "#/components/schemas/SurveyTicket"},
                             {"type": "null"}],
                   "description": "the citizen to ask; null: idle"},
        "event_id": {"type": "integer"},
        "now": TIME,
    },
}
SCHEMAS["SkmOffer"] = {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"type": "string", "enum": [o.value for o in skm_offer.Offer],
                              "description": "open: offer the form; answered: thanks, no "
                                             "second offer; closed: the ticket is not done"}},
}


def survey_ticket_json(ser: Serializer, t: survey_tablet.SurveyTicket) -> dict[str, Any]:
    """No officer, no internal ids: what the citizen at the counter may see."""
    return {"token": t.token, "code": t.code,
            "service": {"id": t.service_id, "name": t.service_name,
                        "name_en": t.service_name_en},
            "finished_at": ser.time(t.finished_at), "language": t.language}


def survey_state_json(ser: Serializer, s: survey_tablet.TabletState) -> dict[str, Any]:
    return {"counter": {"id": s.counter.id, "name": s.counter.name,
                        "number": s.counter.number, "agency": s.agency_name},
            "ticket": survey_ticket_json(ser, s.ticket) if s.ticket else None,
            "event_id": s.event_id, "now": ser.time(s.now)}


@api.route("/survey/state", "GET", summary="What a survey tablet shows: its counter, and the "
           "citizen that counter finished in the last minutes and who has not answered yet "
           "(live: `survey.ticket` in the room survey:COUNTER)", who="a survey device",
           tag="skm", response="SurveyState", errors=(401, 403, 404))
def survey_state() -> Any:
    state = survey_tablet.tablet_state(_ext().hall, current_principal())
    return jsonify(survey_state_json(_ext().serializer, state))


@api.route("/track/<token>/skm", "GET", summary="Whether the phone page offers the SKM form "
           "for this ticket (once it is done, until its one answer is in)",
           who="anyone with the ticket's token", tag="skm", response="SkmOffer", wrap="skm",
           errors=(404,))
def phone_offer(token: str) -> Any:
    return jsonify({"skm": {"status": skm_offer.phone_offer(_ext().hall, token).value}})
