"""API (API.md "SKM"): questionnaire, responses, results and the public figures, declared
on the API registry of web/api.py. The arithmetic is the domain's (domain/skm.py); this
module only shapes it: NRR to two decimals, weighted NRR to three, the IKM as rounded."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from flask import Response, current_app, jsonify, request

from queue_server.domain import skm as q
from queue_server.domain.errors import BadRequest
from queue_server.services import skm, skm_files
from queue_server.services.skm_results import ProfileCount, Public, ResultRow, Results
from queue_server.web.api import api
from queue_server.web.api_spec import Field, ObjectBody
from queue_server.web.auth import current_principal
from queue_server.web.schemas import SCHEMAS
from queue_server.web.schemas_skm import SKM_SCHEMAS

# the components of the OpenAPI document; merged here so the SKM part stays in its files
SCHEMAS.update(SKM_SCHEMAS)

SCOPED = "admin; a supervisor for their agencies"
FORMATS = ("json", "csv", "xlsx")
RESULTS_QUERY = (
    Field("from", str, max_length=10, format="date",
          description="first local day, YYYY-MM-DD (today)"),
    Field("to", str, max_length=10, format="date",
          description="last local day, YYYY-MM-DD (from); at "
                      "most 366 days"),
    Field("agency_id", str, max_length=40),
    Field("service_id", str, max_length=40),
    Field("by", str, choices=("agency", "service"), max_length=10,
          description="also a row per agency or per service"),
    Field("format", str, default="json", choices=FORMATS, max_length=4,
          description="json, or a file: csv (the responses) or xlsx (the SKM tabulation)"),
)


def _ext():
    return current_app.extensions["loket"]


def _number(value: Fraction, places: int) -> float:
    return float(q.round_half_up(value, places))


def score_json(score: q.SkmScore) -> dict[str, Any]:
    empty = score.respondents == 0
    return {
        "respondents": score.respondents,
        "elements": [{
            "code": e.code, "name": q.BY_CODE[e.code].name,
            "name_en": q.BY_CODE[e.code].name_en, "total": e.total,
            "nrr": None if empty else _number(e.nrr, 2),
            "nrr_weighted": None if empty else _number(e.nrr_weighted, 3),
        } for e in score.elements],
        "ikm": float(score.ikm) if score.ikm is not None else None,
        "quality": score.band.quality if score.band else None,
        "performance": score.band.performance if score.band else None,
        "performance_en": score.band.performance_en if score.band else None,
        "lowest": list(score.lowest),
    }


def row_json(row: ResultRow) -> dict[str, Any]:
    return {"key": row.key, "name": row.name, "population": row.population,
            "min_sample": row.min_sample, "sample_met": row.sample_met,
            **score_json(row.score)}


def profile_json(counts: ProfileCount, respondents: int) -> dict[str, Any]:
    field = counts.field
    return {"field": field.field, "label": field.label, "options": [{
        "code": code, "label": field.label_of(code), "count": count,
        "pct": round(count * 100 / respondents, 1) if respondents else None,
    } for code, count in counts.counts]}


def results_json(found: Results) -> dict[str, Any]:
    ser = _ext().serializer
    total = row_json(found.total)
    del total["key"], total["name"]
    return {
        "from": found.first.isoformat(), "to": found.last.isoformat(),
        "agency_id": found.agency_id, "service_id": found.service_id, "by": found.by,
        **total,
        "suggestions": len(found.suggestions),
        "suggestion_list": [{"day": s.day, "at": ser.time(s.at), "service_id": s.service_id,
                             "service": s.service, "text": s.text}
                            for s in found.suggestions],
        "profile": [profile_json(p, found.total.respondents) for p in found.profile],
        "rows": [row_json(r) for r in found.rows],
    }


def _public_score(score: q.SkmScore) -> dict[str, Any]:
    return {"respondents": score.respondents,
            "ikm": float(score.ikm) if score.ikm is not None else None,
            "quality": score.band.quality if score.band else None,
            "performance": score.band.performance if score.band else None,
            "performance_en": score.band.performance_en if score.band else None}


def public_json(found: Public) -> dict[str, Any]:
    period = found.period
    return {
        "site": found.site_name,
        "period": {"kind": period.kind, "from": period.first.isoformat(),
                   "to": period.last.isoformat(), "until": found.until.isoformat(),
                   "name": period.name("id"), "name_en": period.name("en"),
                   "complete": found.complete},
        "hall": _public_score(found.hall),
        "agencies": [{"id": a.agency.id, "name": a.agency.name,
                      "name_en": a.agency.name_en or a.agency.name,
                      "short_name": a.agency.short_name, **_public_score(a.score)}
                     for a in found.agencies],
    }


@api.route("/skm/questionnaire", "GET", summary="The SKM questionnaire: nine unsur with "
           "their four scored answers, and the respondent profile", who="anyone",
           tag="skm", response="SkmQuestionnaire",
           query=(Field("lang", str, default="id", choices=("id", "en"), max_length=2),))
def skm_questionnaire() -> Any:
    return jsonify(skm.questionnaire(request.args.get("lang")))


@api.route("/skm/responses", "POST", summary="A citizen's SKM answers for their served "
           "ticket (one per ticket)", who="anyone holding a served ticket's tracking token, "
           "or the survey device of the counter that served it", tag="skm",
           body=ObjectBody("SkmResponseRequest"), response="SkmResponse", wrap="response",
           status=201, errors=(403, 404, 409))
def skm_respond(body: dict[str, Any]) -> Any:
    made = skm.submit_response(_ext().hall, current_principal(), body)
    return jsonify({"response": {"id": made.id, "service_id": made.service_id,
                                 "at": _ext().serializer.time(made.at),
                                 "channel": made.channel}}), 201


def _format() -> str:
    chosen = request.args.get("format") or "json"
    if chosen not in FORMATS:
        raise BadRequest("Format harus json, csv atau xlsx.", field="format")
    return chosen


@api.route("/skm/results", "GET", summary="SKM results of some local days: respondents, "
           "population, minimum sample, NRR per unsur, IKM, mutu and kinerja (JSON, CSV of "
           "the responses, or the XLSX tabulation)", who=SCOPED, tag="skm",
           response="SkmResults", query=RESULTS_QUERY, errors=(401, 403, 404),
           files=(skm_files.CSV, skm_files.XLSX))
def skm_results() -> Any:
    args = request.args
    found = skm.results(_ext().hall, current_principal(), from_=args.get("from"),
                        to=args.get("to"), agency_id=args.get("agency_id"),
                        service_id=args.get("service_id"), by=args.get("by"))
    chosen = _format()  # after the scope check: a stranger learns nothing from a 400
    if chosen == "json":
        return jsonify(results_json(found))
    made = skm_files.results_file(found, chosen)
    return Response(made.content, mimetype=made.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"',
        "Cache-Control": "no-store"})


@api.route("/skm/public", "GET", summary="What the hall publishes: each agency's and the "
           "whole hall's IKM and mutu for the last period (no names, no suggestions)",
           who="anyone", tag="skm", response="SkmPublic")
def skm_public() -> Any:
    return jsonify(public_json(skm.public(_ext().hall)))
