"""Starting the whole system: app, demo extras, the banner an IT officer reads, the loop."""

from __future__ import annotations

import contextlib
import logging
import socket
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click

from queue_server import __version__
from queue_server.settings import Settings

log = logging.getLogger(__name__)


def lan_address() -> str | None:
    """This PC's address on the hall network, for the banner (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def local_public_url(public_url: str, port: int) -> str:
    """A localhost public_url follows the port actually served (handy for --port)."""
    parts = urlsplit(public_url)
    if parts.hostname in ("localhost", "127.0.0.1"):
        return urlunsplit((parts.scheme, f"{parts.hostname}:{port}", parts.path, "", ""))
    return public_url


def start_emulator_process(out_dir: Path, timeout: float = 15.0) -> int:
    """`queue-server printer-emulator` on a free local port; it dies with this process."""
    import atexit
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "queue_server.cli", "printer-emulator", "--host", "127.0.0.1",
         "--port", str(port), "--out", str(out_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(process.terminate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the printer emulator did not start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return port
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the printer emulator did not answer in time")


def run(settings: Settings, data_dir: Path, *, host: str, port: int, demo: bool) -> None:
    from dataclasses import replace

    from queue_server.web.app import create_app, start_background

    site = replace(settings.site, public_url=local_public_url(settings.site.public_url, port))
    settings = replace(settings, site=site)
    emulator_port = None
    if demo:
        # the demo prints on the project's own ESC/POS emulator, a network printer in its
        # own process (drawing PNGs there never slows the hall's event loop)
        from printer import PrinterConfig

        emulator_port = start_emulator_process(data_dir / "printed")
        settings = replace(settings, kiosk_printers={}, printers={"default": PrinterConfig(
            name="default", kind="network", host="127.0.0.1", port=emulator_port,
            timeout=3.0)})
    app = create_app(settings, data_dir=data_dir, demo=demo)
    loket = app.extensions["loket"]
    start_background(app)
    base = f"http://localhost:{port}"

    lines = [
        f"Loket {__version__} · {settings.site.name}",
        f"  data folder : {data_dir}",
        f"  open        : {base}/",
    ]
    lan = lan_address()
    if lan and host in ("0.0.0.0", "::", lan):
        lines.append(f"  in the hall : http://{lan}:{port}/")
    if demo:
        from queue_server.services.demo import prepare_demo, seed_demo_tickets

        creds = prepare_demo(loket.hall)
        issued = seed_demo_tickets(loket.hall)
        lines += [
            "",
            "DEMO MODE — every service is open at any hour. Secrets below are new at every "
            "start and shown only now.",
            f"  kiosk       : {base}/kiosk?device_token={creds.kiosk_token}",
            f"  TV display  : {base}/display?device_token={creds.display_token}",
            f"  officer     : {base}/counter",
            f"  printed     : {base}/demo/printed  (emulated printer on 127.0.0.1:"
            f"{emulator_port}, files in {data_dir / 'printed'})",
            f"  API         : {base}/api/v1/openapi.json",
            "",
            "  accounts (name · role · password · API token):",
        ]
        lines += [f"    {n:<21} {r:<10} {pw}   {tok}" for n, r, pw, tok in creds.users]
        lines += [
            "",
            "  try it:  curl -X POST -H 'Authorization: Bearer <officer token>' "
            f"{base}/api/v1/counters/loket-1/call-next",
        ]
        if issued:
            lines.append(f"  {issued} demo tickets were issued for today.")
    click.echo("\n".join(lines), err=False)

    if settings.server.async_mode == "gevent":
        serve_gevent(app, host, port)
    else:
        # Werkzeug's server: fine for development and tests, not for a hall (see docs)
        loket.socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True,
                           use_reloader=False, log_output=False)


def serve_gevent(app, host: str, port: int) -> None:
    """gevent's WSGI server, with Nagle off: it writes headers and body separately, and
    with Nagle on every keep-alive answer waited ~40 ms for the client's delayed ACK."""
    import signal

    import gevent
    from gevent import pywsgi

    try:  # gevent-websocket frames websockets on the greenlet itself (no helper threads)
        from geventwebsocket.handler import WebSocketHandler as base_handler
    except ImportError:
        base_handler = pywsgi.WSGIHandler

    class NoDelayHandler(base_handler):  # type: ignore[valid-type,misc]
        def handle(self) -> None:
            with contextlib.suppress(OSError):
                self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().handle()

    server = pywsgi.WSGIServer((host, port), app, handler_class=NoDelayHandler, log=None,
                               error_log=logging.getLogger("queue_server.http"))
    gevent.signal_handler(signal.SIGTERM, server.stop)
    gevent.signal_handler(signal.SIGINT, server.stop)
    log.info("serving on http://%s:%d (gevent)", host, port)
    server.serve_forever()
