"""Starting the whole system: demo extras, the banner an IT officer reads, then the web
(imported only here, lazily: the CLI itself never loads Flask)."""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import click

from queue_server import __version__
from queue_server.settings import Settings
from queue_server.settings.site import detected_hall_url

if TYPE_CHECKING:
    from queue_server.services.hall import Hall

log = logging.getLogger(__name__)

DEMO_PAPER_MM = 80  # the demo's emulated printer and its config share one paper width


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
    import time

    from queue_server import tethered

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # tethered: a kill -9 of this server must not leave the emulator holding its port
    process = tethered.spawn(
        ["printer-emulator", "--host", "127.0.0.1", "--port", str(port), "--out",
         str(out_dir), "--paper-mm", str(DEMO_PAPER_MM)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    atexit.register(process.terminate)  # also keeps the Popen, so the tether, alive
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the printer emulator did not start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return port
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the printer emulator did not answer in time")


def demo_settings(settings: Settings, emulator_port: int) -> Settings:
    """The demo runs on this PC alone: every kiosk prints on the demo's emulator (a network
    printer on this PC), and the TV speaks with the offline voices (a voice pack, espeak-ng),
    never Google's, unless the config points gTTS at an endpoint of its own."""
    from printer import PrinterConfig

    tts = settings.tts
    if tts.gtts_endpoint is None:
        offline = tuple(e for e in tts.engines if e != "gtts") or ("espeak",)
        tts = replace(tts, engines=offline)
    return replace(settings, kiosk_printers={}, tts=tts, printers={"default": PrinterConfig(
        name="default", kind="network", host="127.0.0.1", port=emulator_port, timeout=3.0,
        paper_mm=DEMO_PAPER_MM)})


def banner(settings: Settings, data_dir: Path, host: str, port: int, hall: Hall, *,
           demo: bool, emulator_port: int | None) -> str:
    """What an IT officer reads at start; in demo mode it also makes the demo's devices,
    accounts and tickets, whose secrets it shows this once."""
    base = f"http://localhost:{port}"
    site = hall.settings.site
    source = "[site] public_url" if site.public_url else "detected: set [site] public_url to pin it"
    lines = [
        f"Loket {__version__} · {settings.site.name}",
        f"  data folder : {data_dir}",
        f"  open        : {base}/",
        f"  in the hall : {site.link_url}/  (ticket QR codes, phones; {source})",
    ]
    if demo:
        from queue_server.services.demo import prepare_demo, seed_demo_tickets

        creds = prepare_demo(hall)
        issued = seed_demo_tickets(hall)
        lines += [
            "",
            "DEMO MODE — every service is open at any hour. Secrets below are new at every "
            "start and shown only now.",
            f"  kiosk       : {base}/kiosk?device_token={creds.kiosk_token}",
            f"  TV display  : {base}/display?device_token={creds.display_token}",
            f"  officer     : {base}/counter",
            f"  printed     : {base}/demo/printed  (emulated printer on 127.0.0.1:"
            f"{emulator_port}, files in {data_dir / 'printed'})",
            "                hanya demo: siapa pun di jaringan dapat melihat tiket tercetak "
            "(demo only: anyone on the network can see the printed tickets)",
            f"  API         : {base}/api/docs  (OpenAPI: {base}/api/v1/openapi.json)",
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
    return "\n".join(lines)


def fill_demo_history(settings: Settings, data_dir: Path, hall: Hall, port: int) -> list[date]:
    """The demo's last two weeks, simulated once so every report page has something to
    show; days that hold tickets are kept. In `queue-server simulate` processes, started
    once the hall answers: the simulation is CPU and SQLite work that would hold gevent's
    event loop, and visitors must be served meanwhile. Returns the days to fill."""
    import os
    import threading

    from queue_server.services.demo import HISTORY_TICKETS, history_days

    days = history_days(hall, date.fromisoformat(hall.today()))
    config = settings.source
    if not days or config is None:
        return []
    # a slow PC (or a test) may ask for quieter days
    tickets = int(os.environ.get("LOKET_DEMO_HISTORY_TICKETS") or HISTORY_TICKETS)

    def fill() -> None:
        wait_until_answering(port)
        # the banner announced the fill: the terminal shows its first day and its end, so
        # the banner stays near the last lines of a start; every day is at DEBUG
        log.debug("demo: mengisi %d hari terakhir dengan hari simulasi di latar belakang",
                  len(days))
        done = 0
        for run in consecutive(days):
            for line in simulate_lines(config, data_dir, run, tickets):
                if line.startswith("{"):
                    continue  # the summary: each day was logged as it was filled
                done += 1
                log.log(logging.INFO if done == 1 else logging.DEBUG,
                        "demo: riwayat %d/%d — %s", done, len(days), line)
        log.info("demo: riwayat %d hari selesai", done)

    threading.Thread(target=fill, name="demo-history", daemon=True).start()
    return days


def consecutive(days: list[date]) -> list[list[date]]:
    """Runs of days in a row: one `simulate --days N` each (weekends and holidays split)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def simulate_lines(config: Path, data_dir: Path, days: list[date],
                   tickets: int) -> Iterator[str]:
    """The lines `queue-server simulate --verbose` prints as it fills `days`; it is ended
    with this process (a server stopped mid-fill leaves no writer behind)."""
    import atexit
    import subprocess

    from queue_server import tethered

    process = tethered.spawn(
        ["simulate", "--config", str(config), "--data-dir", str(data_dir), "--date",
         days[0].isoformat(), "--days", str(len(days)), "--tickets", str(tickets),
         "--verbose"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    atexit.register(process.terminate)
    assert process.stdout is not None and process.stderr is not None
    yield from (line.strip() for line in process.stdout)
    error = process.stderr.read().strip()
    if process.wait() != 0:
        log.warning("demo: simulasi %s gagal: %s", days[0], error.splitlines()[-1:])
    atexit.unregister(process.terminate)


def wait_until_answering(port: int, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)


class PortInUse(click.ClickException):
    """The port is another program's: one sentence for the IT officer, exit status 1."""

    def __init__(self, port: int) -> None:
        super().__init__(
            f"Port {port} sudah dipakai program lain (mungkin Loket sudah berjalan): hentikan "
            f"program itu atau pilih port lain dengan --port. (Port {port} is already in use "
            "by another program, perhaps Loket itself: stop it or choose another --port.)")

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, err=True)  # without click's "Error: " in front


def check_port_free(host: str, port: int) -> None:
    """Refuse a taken port before anything starts (no emulator, no demo secrets, no
    traceback). SO_REUSEADDR as the servers set it: a port left in TIME_WAIT is free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(port) from None
            raise


def with_link_address(settings: Settings, host: str, port: int) -> Settings:
    """The site with the address this start detected (used while public_url is unset); a
    localhost public_url follows the port served."""
    site = settings.site
    return replace(settings, site=replace(
        site, public_url=local_public_url(site.public_url, port),
        detected_url=detected_hall_url(host, port, lan_address())))


def run(settings: Settings, data_dir: Path, *, host: str, port: int, demo: bool) -> None:
    from queue_server.boot import hold_server_lock

    check_port_free(host, port)
    hold_server_lock(data_dir)  # until this process ends: `restore` refuses meanwhile
    settings = with_link_address(settings, host, port)
    emulator_port = None
    if demo:
        # the demo prints on the project's own ESC/POS emulator, a network printer in its
        # own process (drawing PNGs there never slows the hall's event loop), and speaks offline
        emulator_port = start_emulator_process(data_dir / "printed")
        settings = demo_settings(settings, emulator_port)
    from queue_server.web.serving import serve_app, start_app  # the one way into Flask

    app, hall = start_app(settings, data_dir, demo=demo)
    if not hall.settings.site.public_url:  # the database's value: an admin may have set it
        log.warning("[site] public_url belum diatur: QR tiket dan tautan ponsel memakai alamat "
                    "terdeteksi %s ([site] public_url is not set: ticket QR codes and phone "
                    "links use the detected address)", hall.settings.site.link_url)

    def ready() -> None:  # the port is bound: the banner is the last thing a start prints
        click.echo(banner(settings, data_dir, host, port, hall, demo=demo,
                          emulator_port=emulator_port))
        if demo and (history := fill_demo_history(settings, data_dir, hall, port)):
            click.echo(f"  {len(history)} past days ({history[0]} to {history[-1]}) are "
                       "being simulated in the background for the reports; progress in the "
                       "log.")

    try:
        serve_app(app, host, port, ready)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:  # taken between the check and the bind
            raise PortInUse(port) from None
        raise
