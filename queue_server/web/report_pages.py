"""The reports pages (/reports): tables, charts, exports and the printable monthly report.

Both pages are thin: the server decides who may open them (admins, and supervisors — the
same rule as the admin nav item "reports") and hands the module the site's local day and the
services this person may filter by; every figure comes from /api/v1/reports/... (which
scopes again), so the pages never compute a number of their own."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, render_template, request

from queue_server import __version__
from queue_server.domain import access
from queue_server.web.admin_pages import admin_page, refusal
from queue_server.web.auth import current_principal

blueprint = Blueprint("reports", __name__, url_prefix="/reports")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _hall():
    return current_app.extensions["loket"].hall


def _services() -> list[dict[str, Any]]:
    """The active services of the agencies this person supervises, for the service filter."""
    principal = current_principal()
    catalog = _hall().current_catalog()
    return [{"id": s.id, "agency_id": s.agency_id, "name": s.name, "name_en": s.name_en or s.name}
            for s in sorted(catalog.services.values(), key=lambda s: (s.agency_id, s.position))
            if access.supervises(principal, s.agency_id)]


def _place(site_name: str) -> str:
    """The town for the signature line ("Lebong, 1 Desember 2026"): the site's name after
    "Kabupaten"/"Kota" when it has one; the page lets the person correct it before printing."""
    match = re.search(r"\b(?:Kabupaten|Kota)\s+(.+)$", site_name)
    return match.group(1).strip() if match else site_name


@blueprint.get("")
@blueprint.get("/")
def reports_page():
    return admin_page("reports", "reports/index.html", today=_hall().today(),
                      services=_services(), zone_label=_hall().settings.site.zone_label)


@blueprint.get("/print")
def print_page():
    """The monthly report for paper: ?month=YYYY-MM (default: the month before today's)."""
    refused = refusal("reports")
    if refused is not None:
        return refused
    hall = _hall()
    today = hall.today()
    month = request.args.get("month", "")
    if not _MONTH.match(month):
        year, number = int(today[:4]), int(today[5:7]) - 1
        month = f"{year - 1}-12" if number == 0 else f"{year}-{number:02d}"
    site = hall.settings.site
    return render_template("reports/print.html", site=site, version=__version__, month=month,
                           today=today, place=_place(site.name),
                           agency_id=request.args.get("agency_id", ""))
