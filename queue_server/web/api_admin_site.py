"""Administration API (API.md "Administration"): the site and the schedule, declared on the
API registry of web/api.py. Admins only; the use cases are in services/site_admin.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import jsonify

from queue_server.services import site_admin
from queue_server.web.api import _ext, api
from queue_server.web.api_spec import Body, Field, read_json_object
from queue_server.web.auth import current_principal

WHO = "admin"
ERRORS = (400, 401, 403)


@dataclass(frozen=True)
class _SchemaBody(Body):
    """A JSON body whose shape is a components schema (nested objects and lists, which
    `Field` does not describe); the use case checks every part of it."""

    ref: str = ""

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{self.ref}"}

    def parse(self) -> dict[str, Any]:
        return read_json_object()


SITE_BODY = Body((
    Field("name", str, required=True, max_length=200, description="full name of the hall"),
    Field("short_name", str, required=True, max_length=80,
          description="where space is tight: ticket header, phone page"),
    Field("running_text", str, required=True, max_length=2000,
          description="teks berjalan along the bottom of the TV"),
    Field("running_text_en", str, required=True, max_length=2000,
          description="the running text in English"),
    Field("ticket_footer", str, required=True, max_length=500,
          description="last lines printed on every ticket"),
    Field("public_url", str, required=True, max_length=200,
          description="address phones in the hall reach; every ticket's QR code points here"),
))
SCHEDULE_BODY = _SchemaBody((), ref="ScheduleChange")
PASTE_BODY = Body((Field("text", str, required=True, max_length=20000,
                         description="one holiday a line: YYYY-MM-DD Name"),))


@api.route("/admin/site", "GET", summary="The site's name, running text, ticket footer and "
           "public address", who=WHO, tag="administration", response="SiteConfig",
           errors=ERRORS)
def site() -> Any:
    return jsonify(site_admin.get_site(_ext().hall, current_principal()).shape())


@api.route("/admin/site", "PUT", summary="Replace the site's values; every field is checked "
           "first and nothing is saved on a refusal; shows on the next ticket and TV state",
           who=WHO, tag="administration", body=SITE_BODY, response="SiteConfig",
           errors=ERRORS)
def put_site(body: dict[str, Any]) -> Any:
    saved = site_admin.put_site(_ext().hall, current_principal(), body)
    return jsonify(saved.shape())


@api.route("/admin/schedule", "GET", summary="Weekly hours, holidays and the next closed days",
           who=WHO, tag="administration", response="Schedule", errors=ERRORS)
def schedule() -> Any:
    return jsonify(site_admin.get_schedule(_ext().hall, current_principal()).shape())


@api.route("/admin/schedule", "PUT", summary="Replace the weekly hours and the holidays (a "
           "day left out is closed, as in config.toml); all or nothing",
           who=WHO, tag="administration", body=SCHEDULE_BODY, response="Schedule",
           errors=(*ERRORS, 409))
def put_schedule(body: dict[str, Any]) -> Any:
    view = site_admin.put_schedule(_ext().hall, current_principal(), body)
    return jsonify(view.shape())


@api.route("/admin/schedule/holidays/parse", "POST", summary="Read a pasted list of holidays "
           "(YYYY-MM-DD Name a line) without saving it: the holidays and each refused line",
           who=WHO, tag="administration", body=PASTE_BODY, response="HolidayPaste",
           errors=ERRORS)
def parse_holidays(body: dict[str, Any]) -> Any:
    holidays, problems = site_admin.parse_holidays(_ext().hall, current_principal(),
                                                   body["text"])
    return jsonify({
        "holidays": [{"date": h.date.isoformat(), "name": h.name} for h in holidays],
        "problems": [{"line": p.line, "message": p.message} for p in problems],
    })
