"""Administration API (API.md "Administration"): agencies, services, counters and display
zones, declared on the API registry of web/api.py. The settings registry checks each body
in the use case (services/catalogue_forms.py), so the views only route."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request

from queue_server.services import admin_catalogue, config_export
from queue_server.web.api import api
from queue_server.web.api_spec import ObjectBody
from queue_server.web.auth import current_principal

SCOPED = "admin; a supervisor within their agencies"
ADMIN = "admin"
# entity, its path, the list's key, the schema, who may change it
KINDS = (
    ("agency", "agencies", "Agency", ADMIN),
    ("service", "services", "ServiceConfig", SCOPED),
    ("counter", "counters", "CounterConfig", SCOPED),
    ("zone", "zones", "ZoneConfig", ADMIN),
)
NOUN_EN = {"agency": "agency", "service": "service", "counter": "counter",
           "zone": "display zone"}


def _hall():
    return current_app.extensions["loket"].hall


def _declare(entity: str, plural: str, schema: str, who: str) -> None:
    noun = NOUN_EN[entity]
    reader = SCOPED if entity != "zone" else ADMIN

    def list_view() -> Any:
        return jsonify({plural: admin_catalogue.list_of(_hall(), current_principal(), entity)})

    def create_view(body: dict[str, Any]) -> Any:
        made = admin_catalogue.create(_hall(), current_principal(), entity, body)
        return jsonify({entity: made}), 201

    def update_view(id: str, body: dict[str, Any]) -> Any:
        return jsonify({entity: admin_catalogue.update(_hall(), current_principal(), entity,
                                                       id, body)})

    for view, name in ((list_view, "list"), (create_view, "create"), (update_view, "update")):
        view.__name__ = f"admin_{plural}_{name}"
    api.route(f"/admin/{plural}", "GET", summary=f"Every {noun}, inactive ones too",
              who=reader, tag="administration", response=schema, wrap=plural, many=True,
              errors=(401, 403))(list_view)
    api.route(f"/admin/{plural}", "POST", summary=f"Create a {noun} (checked like "
              "config.toml)", who=who, tag="administration", body=ObjectBody(schema),
              response=schema, wrap=entity, status=201, errors=(401, 403, 409))(create_view)
    api.route(f"/admin/{plural}/<id>", "PATCH", summary=f"Change a {noun}: any of its "
              "fields; active false deactivates", who=who, tag="administration",
              body=ObjectBody(schema), response=schema, wrap=entity,
              errors=(401, 403, 404, 409))(update_view)


for _kind in KINDS:
    _declare(*_kind)


@api.route("/admin/config.toml", "GET", summary="Today's settings as a config.toml that "
           "`queue-server serve --config` accepts and that reproduces them", who=ADMIN,
           tag="administration", binary="text/plain", errors=(401, 403))
def admin_config_toml() -> Any:
    hall = _hall()
    text = config_export.export_toml(hall, current_principal())
    name = config_export.exported_at(hall.local(hall.now()))
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store"})


@api.route("/admin/agencies/<id>/logo", "PUT", summary="An agency's logo: the request body "
           "is the image itself (PNG, JPEG or SVG, at most 200 KB; its kind read from its "
           "bytes, an SVG that could run or fetch anything refused); it shows on the kiosk "
           "instead of the badge", who=ADMIN, tag="administration", response="Agency",
           wrap="agency", errors=(400, 401, 403, 404, 413),
           uploads=("image/png", "image/jpeg", "image/svg+xml"))
def admin_agency_logo(id: str) -> Any:
    loket = current_app.extensions["loket"]
    return jsonify({"agency": admin_catalogue.set_agency_logo(
        loket.hall, current_principal(), loket.data_dir, id, request.get_data())})
