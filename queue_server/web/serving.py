"""Serving the web: the app built with its background tasks, then gevent's WSGI server
(or Werkzeug's, for development). `queue_server.server` enters Flask only through here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from queue_server.services.hall import Hall
from queue_server.settings import Settings
from queue_server.web.app import create_app, start_background
from queue_server.web.request_headers import RequestHeaders

log = logging.getLogger(__name__)


def start_app(settings: Settings, data_dir: Path, *, demo: bool) -> tuple[Flask, Hall]:
    """The app of a serving process, its spooler, sweeper and voice warm-up running."""
    app = create_app(settings, data_dir=data_dir, demo=demo)
    start_background(app)
    return app, app.extensions["loket"].hall


def serve_app(app: Flask, host: str, port: int,
              ready: Callable[[], None] = lambda: None) -> None:
    """Serve until stopped, with the server of the configured async mode. `ready` runs once
    the port is bound, just before the first request is taken (the banner goes last)."""
    loket = app.extensions["loket"]
    if loket.socketio.async_mode == "gevent":
        serve_gevent(app, host, port, ready)
    else:
        # Werkzeug's server: fine for development and tests, not for a hall (see docs)
        ready()
        loket.socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True,
                           use_reloader=False, log_output=False)


def serve_gevent(app: Flask, host: str, port: int, ready: Callable[[], None]) -> None:
    """gevent's WSGI server on our client sockets (client_sockets.py: Nagle off, a
    `sendall` without its per-call syscall) and our header reader (request_headers.py)."""
    import signal

    import gevent
    from gevent import pywsgi

    from queue_server.web.client_sockets import ClientSocketServer

    try:  # gevent-websocket frames websockets on the greenlet itself (no helper threads)
        from geventwebsocket.handler import WebSocketHandler as base_handler
    except ImportError:
        base_handler = pywsgi.WSGIHandler

    class Handler(base_handler):  # type: ignore[valid-type,misc]
        # the header lines read without the email package's parser (request_headers.py)
        MessageClass = RequestHeaders

        def log_request(self) -> None:
            """No access log (`log=None` below): gevent-websocket's handler would still
            format every request's line for a logger nobody reads."""

    server = ClientSocketServer((host, port), app, handler_class=Handler, log=None,
                                error_log=logging.getLogger("queue_server.http"))
    server.init_socket()  # binds now: a port taken since the start's check fails here
    gevent.signal_handler(signal.SIGTERM, server.stop)
    gevent.signal_handler(signal.SIGINT, server.stop)
    log.info("serving on http://%s:%d (gevent)", host, port)
    ready()
    server.serve_forever()
