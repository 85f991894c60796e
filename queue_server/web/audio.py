"""Audio for the TV: /audio/chime.mp3 and /audio/<language>/<fragment>.mp3, cacheable."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, send_file

blueprint = Blueprint("audio", __name__)
MAX_AGE = 24 * 3600


def _send(path) -> Response:
    mimetype = "audio/mpeg" if path.suffix == ".mp3" else "audio/wav"
    response = send_file(path, mimetype=mimetype, max_age=MAX_AGE, conditional=True)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@blueprint.get("/audio/chime.mp3")
def chime() -> Response:
    return _send(current_app.extensions["loket"].announcer.chime())


@blueprint.get("/audio/<language>/<key>.mp3")
def fragment(language: str, key: str) -> Response:
    if not re.fullmatch(r"[a-z]{2}", language) or not re.fullmatch(r"[a-z0-9-]{1,80}", key):
        abort(404)
    path = current_app.extensions["loket"].announcer.clip(language, key)
    if path is None:  # not in the vocabulary, or no engine could make it
        abort(404)
    return _send(path)
