"""Browser pages. The surfaces (kiosk/, display/, the console) register their own routes;
this module holds the landing page that lists them."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
)

from queue_server import __version__
from queue_server.domain.errors import NotFound
from queue_server.services import hall_views

blueprint = Blueprint("pages", __name__, template_folder="templates")


@blueprint.get("/")
def home() -> str:
    loket = current_app.extensions["loket"]
    settings = loket.hall.settings
    return render_template("home.html", site=settings.site, demo=loket.hall.demo)


@blueprint.get("/t/<token>")
def track_page(token: str) -> tuple[str, int] | str:
    """The page behind the QR code on every ticket."""
    loket = current_app.extensions["loket"]
    if not re.fullmatch(r"[A-Za-z0-9_-]{10,64}", token):
        return _unknown_ticket(loket)
    try:
        info, catalog, job, event_id = hall_views.track_view(loket.hall, token)
    except NotFound:
        return _unknown_ticket(loket)
    ticket = loket.serializer.track(info, catalog, job, event_id=event_id)
    lang = request.args.get("lang") or ticket["language"]
    return render_template("track.html", site=loket.hall.settings.site, ticket=ticket,
                           token=token, lang="en" if lang == "en" else "id",
                           version=__version__)


def _unknown_ticket(loket) -> tuple[str, int]:
    return render_template("track_unknown.html", site=loket.hall.settings.site), 404


@blueprint.get("/demo/printed")
def printed_tickets() -> str:
    """Demo only: the tickets the emulated printer cut, newest first."""
    loket = current_app.extensions["loket"]
    if not loket.hall.demo:
        abort(404)
    folder = loket.data_dir / "printed"
    pngs = sorted(folder.glob("*.png"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0,
                  reverse=True) if folder.exists() else []
    tickets = [{"name": p.name, "text": (p.with_suffix(".txt").read_text(encoding="utf-8")
                                         if p.with_suffix(".txt").exists() else "")}
               for p in pngs[:60]]
    return render_template("printed.html", site=loket.hall.settings.site, tickets=tickets)


@blueprint.get("/demo/printed/<name>")
def printed_file(name: str) -> Response:
    loket = current_app.extensions["loket"]
    if not loket.hall.demo or not re.fullmatch(r"\d{1,7}\.(png|txt)", name):
        abort(404)
    return send_from_directory(loket.data_dir / "printed", name, max_age=0)
