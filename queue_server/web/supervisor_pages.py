"""The supervisor's live page (/supervisor): queues, counters and alarms of their agencies.

Thin like the admin pages (it uses their shell): the server only decides who may open it —
admins and supervisors; officers get the 403 page, nobody signed in the sign-in page — and
every figure comes from GET /api/v1/supervision (which scopes again) and the sockets."""

from __future__ import annotations

from flask import Blueprint, render_template

from queue_server.domain.models import Role
from queue_server.web.admin_pages import forbidden, shell_context
from queue_server.web.auth import current_principal
from queue_server.web.sessions import login_manager

blueprint = Blueprint("supervisor", __name__, url_prefix="/supervisor")


@blueprint.get("")
@blueprint.get("/")
def supervisor_page():
    principal = current_principal()
    if principal.kind == "anonymous":
        return login_manager.unauthorized()
    if principal.role not in (Role.ADMIN, Role.SUPERVISOR):
        return forbidden()
    return render_template("supervisor.html", **shell_context("supervisor"))
