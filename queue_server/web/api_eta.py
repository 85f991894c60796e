"""API (API.md "Reports"): the accuracy of the wait estimate given at issue, declared on
the API registry of web/api.py."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from queue_server.domain.eta_accuracy import Accuracy
from queue_server.services import eta_accuracy
from queue_server.web.api import api
from queue_server.web.api_spec import Field
from queue_server.web.auth import current_principal

ETA_QUERY = (
    Field("from", str, max_length=10, format="date",
          description="first local day, YYYY-MM-DD (today)"),
    Field("to", str, max_length=10, format="date",
          description="last local day, YYYY-MM-DD (from); at "
                      "most 366 days"),
)


def accuracy_json(a: Accuracy) -> dict[str, Any]:
    return {"tickets": a.tickets, "mae_minutes": a.mae_minutes,
            "p90_abs_error_minutes": a.p90_abs_error_minutes,
            "within_5_minutes_pct": a.within_5_minutes_pct,
            "by_service": [{"service_id": s.service_id, "tickets": s.tickets,
                            "mae_minutes": s.mae_minutes} for s in a.by_service]}


@api.route("/reports/eta-accuracy", "GET", summary="How far the wait estimate given at "
           "issue was from the wait the citizen had (first call − issue)",
           who="admin; a supervisor for their agencies", tag="reports",
           response="EtaAccuracy", query=ETA_QUERY, errors=(400, 401, 403))
def eta_accuracy_report() -> Any:
    result = eta_accuracy.eta_accuracy(current_app.extensions["loket"].hall,
                                       current_principal(), from_=request.args.get("from"),
                                       to=request.args.get("to"))
    return jsonify(accuracy_json(result))
