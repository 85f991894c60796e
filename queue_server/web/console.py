"""Staff pages: the officer's counter console and the admin's devices page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from queue_server import __version__
from queue_server.domain import access
from queue_server.domain.errors import QueueError
from queue_server.services import accounts, pairing
from queue_server.web.auth import current_principal
from queue_server.web.sessions import login_manager

blueprint = Blueprint("console", __name__)


def _hall():
    return current_app.extensions["loket"].hall


def _staff_only(admin: bool = False) -> Response | tuple[str, int] | None:
    """Pages: nobody signed in → the sign-in page; the wrong person → a plain 403 page."""
    principal = current_principal()
    if principal.kind == "anonymous":
        return login_manager.unauthorized()
    if not principal.is_staff or (admin and not principal.is_admin):
        return render_template("forbidden.html", site=_hall().settings.site), 403
    return None


@blueprint.get("/counter")
def counter_page():
    refused = _staff_only()
    if refused is not None:
        return refused
    principal = current_principal()
    catalog = _hall().current_catalog()
    counters = [c for c in catalog.counters.values()
                if access.can_act_at_counter(principal, c)]
    return render_template(
        "counter.html", site=_hall().settings.site, version=__version__, counters=counters,
        services=list(catalog.services.values()), all_counters=list(catalog.counters.values()),
        agencies=catalog.agencies, forfeit_after=_hall().settings.queue.forfeit_after)


@blueprint.route("/admin/devices", methods=["GET", "POST"])
def devices_page():
    refused = _staff_only(admin=True)
    if refused is not None:
        return refused
    principal = current_principal()
    hall = _hall()
    message = error = None
    if request.method == "POST":
        try:
            if request.form.get("action") == "approve":
                name = pairing.approve_pairing(hall, principal, request.form.get("code", ""),
                                               request.form.get("device", "").strip(),
                                               request.form.get("counter_id") or None)
                message = f"Perangkat {name} dipasangkan. Layarnya tersambung sendiri."
            elif request.form.get("action") == "revoke":
                name = request.form.get("device", "")
                pairing.revoke_device(hall, principal, name)
                realtime = current_app.extensions["loket"].realtime
                if realtime is not None:
                    realtime.drop_revoked()
                message = f"Perangkat {name} dicabut dan langsung terputus."
        except QueueError as exc:
            error = exc.message
        if error is None:
            return redirect(url_for("console.devices_page", done=message))
    return render_template(
        "devices.html", site=hall.settings.site, version=__version__,
        pending=pairing.pending(hall, principal), devices=pairing.devices(hall, principal),
        zone=hall.settings.site.zone, counters=list(hall.current_catalog().counters.values()),
        form=request.form if error else {}, name_pattern=accounts.NAME_PATTERN,
        message=message or request.args.get("done"), error=error,
        code=request.args.get("code", "")), (400 if error else 200)
