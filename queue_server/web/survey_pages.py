"""The survey tablet (a paired `survey` device at a counter) and the citizen's SKM form.

The page itself holds nothing private: like the kiosk and the TV it is provisioned once
(pairing, or /survey?device_token=TOKEN) and reads everything through the API with its
device token, so an unpaired tablet shows its pairing code."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from queue_server import __version__
from queue_server.web import api_survey  # noqa: F401  (declares its routes on api's registry)

blueprint = Blueprint("survey", __name__, url_prefix="/survey")


@blueprint.get("", strict_slashes=False)
def survey_page() -> str:
    settings = current_app.extensions["loket"].hall.settings
    return render_template("survey.html", site=settings.site, version=__version__)
