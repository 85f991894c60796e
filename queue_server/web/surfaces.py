"""The browser surfaces: kiosk/ and display/ at the repo root (templates, CSS, ES modules),
shared modules under queue_server/web/static, and third-party browser code from npm
(node_modules, installed from package-lock.json) served locally — never from a CDN."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, send_from_directory

from queue_server import __version__

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
# name served under /vendor/ -> file inside node_modules (an allow-list, not a directory)
VENDOR = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
    "socket.io.min.js.map": "socket.io-client/dist/socket.io.min.js.map",
    "qrcode.mjs": "qrcode-generator/dist/qrcode.mjs",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",  # the /reports charts
    "chart.umd.min.js.map": "chart.js/dist/chart.umd.min.js.map",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",  # the /api/docs viewer
    "swagger-ui-bundle.js.map": "swagger-ui-dist/swagger-ui-bundle.js.map",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui.css.map": "swagger-ui-dist/swagger-ui.css.map",
}
CACHE_SECONDS = 3600

shared = Blueprint("shared", __name__, static_folder="static", static_url_path="/static")
kiosk = Blueprint("kiosk", __name__, template_folder=str(ROOT / "kiosk"),
                  static_folder=str(ROOT / "kiosk"), static_url_path="/kiosk/assets")


@shared.get("/favicon.ico")
def favicon() -> Response:
    return send_from_directory(Path(__file__).parent / "static" / "img", "favicon.svg",
                               mimetype="image/svg+xml", max_age=CACHE_SECONDS)


@shared.get("/site-logo")
def site_logo() -> Response:
    """The logo named by `[site] logo` (a path beside config.toml), for the TV header."""
    settings = current_app.extensions["loket"].hall.settings
    if not settings.site.logo or settings.source is None:
        abort(404)
    path = (settings.source.parent / settings.site.logo).resolve()
    if not path.is_file() or path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
        abort(404)
    return send_from_directory(path.parent, path.name, max_age=CACHE_SECONDS)


@shared.get("/vendor/<name>")
def vendor(name: str) -> Response:
    target = VENDOR.get(name)
    if target is None:
        abort(404)
    path = NODE_MODULES / target
    if not path.exists():
        current_app.logger.error("%s is missing: run `npm ci` (scripts/setup.sh does)", path)
        abort(404)
    return send_from_directory(path.parent, path.name, max_age=CACHE_SECONDS)


@shared.get("/api/docs")
def api_docs() -> str:
    """The API viewer: Swagger UI on the OpenAPI document this server serves."""
    settings = current_app.extensions["loket"].hall.settings
    return render_template("api_docs.html", site=settings.site, version=__version__)


@kiosk.get("/kiosk")
def kiosk_page() -> str:
    settings = current_app.extensions["loket"].hall.settings
    return render_template("kiosk.html", site=settings.site, version=__version__,
                           zone_label=settings.site.zone_label)


display = Blueprint("display", __name__, template_folder=str(ROOT / "display"),
                    static_folder=str(ROOT / "display"), static_url_path="/display/assets")


@display.get("/display")
def display_page() -> str:
    settings = current_app.extensions["loket"].hall.settings
    return render_template("display.html", site=settings.site, version=__version__,
                           zone_label=settings.site.zone_label,
                           skm_slide=settings.skm.show_on_tv)
