"""The SKM results pages: /skm (admins, and supervisors for their agencies), the printable
SKM report /skm/print, and /skm/public (everyone, no sign-in).

Like /reports the pages are thin: the server decides who may open them and hands the module
the site's local day and the services this person may filter by; every figure comes from
/api/v1/skm/... (which scopes again), so no page computes an index of its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from queue_server import __version__
from queue_server.domain.errors import BadRequest
from queue_server.services.local_days import day_range
from queue_server.web.admin_pages import admin_page, refusal, shell_context
from queue_server.web.report_pages import _place, _services

blueprint = Blueprint("skm", __name__, url_prefix="/skm")
# the follow-up plan's section (another part of the SKM work), served under /static/js/skm/
FOLLOWUPS_MODULE = Path(__file__).parent / "static" / "js" / "skm" / "followups.js"


def _hall():
    return current_app.extensions["loket"].hall


def semester_so_far(today: date) -> tuple[date, date]:
    """The half-year holding today, up to today: the period SKM is usually reported over."""
    return date(today.year, 1 if today.month <= 6 else 7, 1), today


def _print_period(today: date) -> tuple[date, date]:
    """?from&to of the printed report; the half-year so far when absent or unreadable (the
    toolbar shows the dates, so a wrong link is seen and corrected before printing)."""
    first, last = semester_so_far(today)
    try:
        return day_range(today, request.args.get("from") or first.isoformat(),
                         request.args.get("to") or last.isoformat())
    except BadRequest:
        return first, last


@blueprint.get("")
@blueprint.get("/")
def results_page():
    return admin_page("skm", "skm/index.html", today=_hall().today(), services=_services(),
                      zone_label=_hall().settings.site.zone_label,
                      followups_module=FOLLOWUPS_MODULE.is_file())


@blueprint.get("/print")
def print_page():
    refused = refusal("skm")
    if refused is not None:
        return refused
    hall = _hall()
    today = date.fromisoformat(hall.today())
    first, last = _print_period(today)
    site = hall.settings.site
    return render_template("skm/print.html", site=site, version=__version__,
                           today=today.isoformat(), place=_place(site.name),
                           period={"from": first.isoformat(), "to": last.isoformat()},
                           agency_id=request.args.get("agency_id", ""),
                           agencies=shell_context("skm")["agencies"])


@blueprint.get("/public")
def public_page():
    """What the hall publishes (the MPP links it from its website): no sign-in, no names,
    no suggestions; the figures come from GET /api/v1/skm/public."""
    site = _hall().settings.site
    return render_template("skm/public.html", site=site, version=__version__)
