"""The hall's own media, served from the data folder: the agencies' logos (config.toml's
`[[agencies]] logo` or the admin form's upload) at /media/logos/<file>. Only names the
settings accept (no folder, an image extension) are looked up; an uploaded logo's name
is made of its content, so a browser may keep it for a long time."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.wrappers import Response

from queue_server.domain.logo_files import MEDIA_TYPES
from queue_server.settings.catalog import LOGO_NAME

blueprint = Blueprint("media", __name__)
UPLOADED = re.compile(r"-[0-9a-f]{10}\.[a-z]+$")  # services.admin_catalogue.set_agency_logo
DAY = 86400


@blueprint.get("/media/logos/<name>")
def logo(name: str) -> Response:
    if not LOGO_NAME.fullmatch(name):
        abort(404)
    folder = current_app.extensions["loket"].data_dir / "logos"
    if not (folder / name).is_file():
        abort(404)
    extension = name.rsplit(".", 1)[-1].lower()
    answer = send_from_directory(folder, name, mimetype=MEDIA_TYPES[extension],
                                 max_age=365 * DAY if UPLOADED.search(name) else DAY)
    # an SVG opened on its own runs nothing and loads nothing, whatever slipped through
    answer.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return answer
