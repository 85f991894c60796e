"""The admin pages of the hall as a whole: schedule, site and screens, audit log, export,
system status.

Each is a thin template in the admin shell (web/admin_pages.py `admin_page`) with one ES
module that reads and writes the administration API; the shell decides who may open the
page (schedule, site and export: admins; the audit log: supervisors too, scoped by the API).
"""

from __future__ import annotations

from flask import Blueprint, current_app

from queue_server.web.admin_pages import admin_page

blueprint = Blueprint("admin_hall", __name__, url_prefix="/admin")


def _hall():
    return current_app.extensions["loket"].hall


@blueprint.get("/schedule")
def schedule_page():
    return admin_page("schedule", "admin/hall_schedule.html")


@blueprint.get("/site")
def site_page():
    return admin_page("site", "admin/hall_site.html")


@blueprint.get("/audit")
def audit_page():
    # the filters start on the hall's own day, and every time is labelled with its zone
    # (WIB/WITA/WIT): the API writes local times, whatever the browser's clock says
    hall = _hall()
    return admin_page("audit", "admin/hall_audit.html", today=hall.today(),
                      zone_label=hall.settings.site.zone_label or hall.settings.site.timezone)


@blueprint.get("/export")
def export_page():
    return admin_page("export", "admin/hall_export.html")


@blueprint.get("/status")
def status_page():
    # the IT officer's page: its figures come from GET /api/v1/admin/status
    return admin_page("status", "admin/status.html")
