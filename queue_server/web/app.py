"""The Flask application factory: one hall, its API, its sockets and its pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from queue_server.boot import load_or_create_secret, open_hall
from queue_server.domain.access import Principal
from queue_server.services.hall import Clock, Hall, system_clock
from queue_server.services.printing import Spooler
from queue_server.settings import Settings
from queue_server.web import (
    admin_pages,
    admin_pages_hall,
    api,
    api_admin_catalogue,  # noqa: F401  (declares its routes on api's registry)
    api_admin_site,  # noqa: F401
    api_admin_users,  # noqa: F401
    api_backups,
    api_bookings,  # noqa: F401
    api_complaints,  # noqa: F401
    api_eta,  # noqa: F401
    api_reports,  # noqa: F401
    api_skm,  # noqa: F401
    api_skm_followups,  # noqa: F401
    api_status,  # noqa: F401
    api_supervision,  # noqa: F401
    audio,
    booking_pages,
    booking_staff_pages,
    complaint_pages,
    console,
    errors,
    media,
    pages,
    report_pages,
    security_headers,
    sessions,
    skm_pages,
    supervisor_pages,
    surfaces,
    survey_pages,
)
from queue_server.web.announcer import Announcer
from queue_server.web.realtime import Realtime
from queue_server.web.serialize import Serializer


@dataclass
class Loket:
    """What the views need, kept on `app.extensions["loket"]`."""

    hall: Hall
    serializer: Serializer
    socketio: SocketIO
    data_dir: Path
    realtime: Realtime | None = None
    spooler: Spooler | None = None
    announcer: Announcer | None = None
    session_principal: Callable[[], Principal | None] | None = None
    printer_status: Callable[[], dict[str, Any]] | None = None
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)


def create_app(
    settings: Settings,
    *,
    data_dir: Path | None = None,
    demo: bool = False,
    clock: Clock = system_clock,
    testing: bool = False,
) -> Flask:
    data_dir = Path(data_dir or settings.server.data_dir)
    hall = open_hall(settings, data_dir, clock=clock, demo=demo)

    app = Flask(__name__, static_folder=None)
    app.config.update(
        SECRET_KEY=load_or_create_secret(data_dir),
        TESTING=testing,
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=256 * 1024,
        SESSION_COOKIE_NAME="loket_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    socketio = SocketIO()
    socketio.init_app(
        app,
        async_mode=settings.server.async_mode,
        message_queue=settings.server.message_queue,
        # pages are served by this same server; other origins may not open sockets
        cors_allowed_origins=None,
        ping_interval=10,
        ping_timeout=10,
        logger=False,
        engineio_logger=False,
    )
    announcer = Announcer(settings, data_dir)
    # the live link address: an admin's edit shows in the next track_url without a restart
    serializer = Serializer(settings.site.zone, lambda: hall.settings.site.link_url,
                            audio_urls=announcer.audio_urls)
    loket = Loket(hall=hall, serializer=serializer, socketio=socketio, data_dir=data_dir,
                  announcer=announcer)
    app.extensions["loket"] = loket
    loket.realtime = Realtime(socketio, hall, serializer,
                              session_principal=lambda: loket.session_principal()
                              if loket.session_principal else None)

    spooler = Spooler(hall, settings.printers, on_job=loket.realtime.printing.job,
                      on_printer=loket.realtime.printing.printer)
    loket.spooler = spooler
    loket.printer_status = spooler.report
    hall.subscribe(lambda outcome: spooler.wake()
                   if any(e.type == "issued" for e in outcome.events) else None)

    errors.install(app)
    security_headers.install(app)
    sessions.install(app)
    app.register_blueprint(console.blueprint)
    app.register_blueprint(admin_pages.blueprint)
    app.register_blueprint(admin_pages_hall.blueprint)
    app.register_blueprint(report_pages.blueprint)
    app.register_blueprint(supervisor_pages.blueprint)
    app.register_blueprint(skm_pages.blueprint)
    app.register_blueprint(survey_pages.blueprint)
    app.register_blueprint(complaint_pages.blueprint)
    app.register_blueprint(booking_pages.blueprint)
    app.register_blueprint(booking_staff_pages.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(surfaces.shared)
    app.register_blueprint(media.blueprint)
    app.register_blueprint(surfaces.kiosk)
    app.register_blueprint(surfaces.display)
    app.register_blueprint(audio.blueprint)
    return app


def start_background(app: Flask) -> None:
    """The long-running parts of a serving process: print spooler, WAL checkpoints."""
    loket: Loket = app.extensions["loket"]
    loket.hall.store.checkpoint_in_background()
    loket.socketio.start_background_task(api_backups.nightly_forever, loket)
    if loket.spooler is not None and loket.spooler.printers:
        loket.socketio.start_background_task(loket.spooler.run_forever)
    if loket.realtime is not None:
        loket.socketio.start_background_task(loket.realtime.sweep_forever)
    if loket.announcer is not None:
        # the first calls of the day should not wait for synthesis
        loket.socketio.start_background_task(loket.announcer.warm)
