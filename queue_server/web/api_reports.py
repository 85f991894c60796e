"""API (API.md "Reports"): routes declared on the API registry of web/api.py. The figures
come from services/reports.py; a `format` of csv or xlsx returns the same figures as a
file (services/report_files.py)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request

from queue_server.domain.errors import BadRequest
from queue_server.domain.report_figures import Figures
from queue_server.services import report_files, reports
from queue_server.web.api import api
from queue_server.web.api_spec import Field
from queue_server.web.auth import current_principal

SCOPED = "admin; a supervisor for their agencies"
FORMATS = ("json", "csv", "xlsx")
FORMAT = Field("format", str, default="json", choices=FORMATS, max_length=4,
               description="json, or a file: csv (UTF-8 with BOM) or xlsx")
SUMMARY_QUERY = (
    Field("from", str, max_length=10, format="date",
          description="first local day, YYYY-MM-DD (today)"),
    Field("to", str, max_length=10, format="date",
          description="last local day, YYYY-MM-DD (from); at "
                      "most 366 days"),
    Field("by", str, default="service", choices=reports.GROUPINGS, max_length=10),
    Field("agency_id", str, max_length=40),
    Field("service_id", str, max_length=40),
    FORMAT,
)
DAILY_QUERY = (
    Field("date", str, max_length=10, format="date",
          description="the local day, YYYY-MM-DD (today)"),
    FORMAT,
)


def _hall():
    return current_app.extensions["loket"].hall


def row(f: Figures) -> dict[str, Any]:
    """API.md `Row`."""
    return {
        "key": f.key, "name": f.name, "issued": f.issued, "called": f.called,
        "served": f.served, "no_show": f.no_show, "cancelled": f.cancelled,
        "transferred_out": f.transferred_out,
        "wait_minutes": {"mean": f.wait.mean, "p50": f.wait.p50, "p90": f.wait.p90,
                         "max": f.wait.max},
        "service_minutes": {"mean": f.service.mean, "p50": f.service.p50,
                            "p90": f.service.p90},
        "within_max_wait_pct": f.within_max_wait_pct,
        "priority": {"issued": f.priority_issued, "served": f.priority_served,
                     "wait_p50": f.priority_wait_p50},
    }


def summary_json(s: reports.Summary) -> dict[str, Any]:
    return {"from": s.first.isoformat(), "to": s.last.isoformat(), "by": s.by,
            "rows": [row(r) for r in s.rows], "total": row(s.total),
            "bookings": bookings_json(s.bookings)}


def bookings_json(counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Bookings of the period: per service and in total (their tickets are in the rows)."""
    names = ("booked", "checked_in", "missed", "cancelled")
    total = {n: sum(c.get(n, 0) for c in counts.values()) for n in names}
    return {"by_service": {sid: {n: c.get(n, 0) for n in names}
                           for sid, c in sorted(counts.items())}, "total": total}


def _format() -> str:
    chosen = request.args.get("format") or "json"
    if chosen not in FORMATS:
        raise BadRequest("Format harus json, csv atau xlsx.", field="format")
    return chosen


def _file(made: report_files.ReportFile) -> Response:
    return Response(made.content, mimetype=made.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"',
        "Cache-Control": "no-store"})


@api.route("/reports/summary", "GET", summary="Issued, served, no-shows, waits and service "
           "times of some local days, grouped by agency, service, counter, officer, day or "
           "hour (JSON, CSV or XLSX)", who=SCOPED, tag="reports", response="ReportSummary",
           query=SUMMARY_QUERY, errors=(400, 401, 403, 404),
           files=(report_files.CSV, report_files.XLSX))
def report_summary() -> Any:
    args = request.args
    found = reports.summary(_hall(), current_principal(), from_=args.get("from"),
                            to=args.get("to"), by=args.get("by"),
                            agency_id=args.get("agency_id"), service_id=args.get("service_id"))
    chosen = _format()  # after the scope check: a stranger learns nothing from a 400
    if chosen == "json":
        return jsonify(summary_json(found))
    return _file(report_files.summary_file(found, chosen))


@api.route("/reports/daily", "GET", summary="One local day by service, with a row per "
           "counter (JSON, CSV or XLSX)", who=SCOPED, tag="reports", response="DailyReport",
           query=DAILY_QUERY, errors=(400, 401, 403),
           files=(report_files.CSV, report_files.XLSX))
def report_daily() -> Any:
    found = reports.daily(_hall(), current_principal(), day=request.args.get("date"))
    chosen = _format()
    if chosen == "json":
        return jsonify({**summary_json(found.services),
                        "counters": [row(r) for r in found.counters]})
    return _file(report_files.daily_file(found, chosen))
