"""Pengaduan pages: the staff list (/complaints: admins and supervisors, every figure from
GET /api/v1/complaints, which scopes again), and the citizen's two pages that need no
sign-in — the form (/complaints/new, optionally for a ticket: ?ticket=TOKEN) and the status
of a complaint by its code (/complaints/status?code=…)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from queue_server import __version__
from queue_server.domain.models import Role
from queue_server.web.admin_pages import forbidden, shell_context
from queue_server.web.auth import current_principal
from queue_server.web.sessions import login_manager

blueprint = Blueprint("complaints", __name__, url_prefix="/complaints")


def _citizen(template: str, **context: object) -> str:
    hall = current_app.extensions["loket"].hall
    lang = "en" if request.args.get("lang") == "en" else "id"
    return render_template(template, site=hall.fresh_settings().site, version=__version__,
                           lang=lang, **context)


@blueprint.get("")
@blueprint.get("/")
def staff_list():
    # asked here rather than through the side bar's table, like /supervisor: the page is
    # the staff's whatever the menu lists
    principal = current_principal()
    if principal.kind == "anonymous":
        return login_manager.unauthorized()
    if principal.role not in (Role.ADMIN, Role.SUPERVISOR):
        return forbidden()
    return render_template("complaints/list.html", **shell_context("complaints"))


@blueprint.get("/new")
def new_complaint():
    # the token is only passed on to the API, which checks it; nothing is looked up here
    token = (request.args.get("ticket") or "")[:100]
    return _citizen("complaints/new.html", token=token)


@blueprint.get("/status")
def complaint_status():
    return _citizen("complaints/status.html", code=(request.args.get("code") or "")[:20])
