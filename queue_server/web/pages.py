"""Browser pages. The surfaces (kiosk/, display/, the console) register their own routes;
this module holds the landing page that lists them."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

blueprint = Blueprint("pages", __name__, template_folder="templates")


@blueprint.get("/")
def home() -> str:
    loket = current_app.extensions["loket"]
    settings = loket.hall.settings
    return render_template("home.html", site=settings.site, demo=loket.hall.demo)
