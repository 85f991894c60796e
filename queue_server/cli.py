"""`queue-server`: the one command an IT officer needs.

Every command takes --config PATH and --data-dir D (also from LOKET_CONFIG/LOKET_DATA_DIR).
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import click

from printer import FAULTS
from queue_server import __version__, cli_backup, cli_data, cli_upgrade
from queue_server.domain.errors import ConfigError, QueueError
from queue_server.domain.spoken_numbers import Language
from queue_server.log_limits import limit_repeats
from queue_server.settings import Settings, load_settings

if TYPE_CHECKING:
    from queue_server.services.hall import Hall

LANGUAGES: tuple[str, ...] = get_args(Language)  # the languages announcements are made in
REPO_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


def default_config() -> Path:
    here = Path.cwd() / "config.toml"
    return here if here.exists() else REPO_CONFIG


class Context:
    def __init__(self, config: Path, data_dir: Path | None) -> None:
        self.config_path = config
        self._data_dir = data_dir
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
        return self._settings

    @property
    def data_dir(self) -> Path:
        return Path(self._data_dir or self.settings.server.data_dir).resolve()

    def hall(self) -> Hall:
        """The hall for a maintenance command (`user`, `token`, `tts`): it never changes an
        existing catalogue from the config file; only `serve` and `init` do."""
        from queue_server.boot import open_hall

        return open_hall(self.settings, self.data_dir, apply_config=False)


def common(command: Callable) -> Callable:
    """--config and --data-dir on every command, and one way to report failures."""

    @click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path),
                  envvar="LOKET_CONFIG", default=None, help="config.toml to use")
    @click.option("--data-dir", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                  envvar="LOKET_DATA_DIR", default=None,
                  help="folder for the database, secrets, printed tickets and voice cache")
    @functools.wraps(command)
    def wrapper(config: Path | None, data_dir: Path | None, **kwargs: Any) -> Any:
        ctx = Context(config or default_config(), data_dir)
        try:
            return command(ctx, **kwargs)
        except ConfigError as exc:
            click.echo(f"Config error: {exc.message}", err=True)
            sys.exit(2)
        except QueueError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="queue-server")
def main() -> None:
    """Loket: the queue system of a Mal Pelayanan Publik."""


def setup_logging(data_dir: Path, level: str) -> None:
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: see store/folder.py
    handlers: list[logging.Handler] = [
        logging.StreamHandler(sys.stderr),
        logging.handlers.RotatingFileHandler(data_dir / "loket.log", maxBytes=5_000_000,
                                             backupCount=5, encoding="utf-8"),
    ]
    limit_repeats(*handlers)  # one error repeated by a flood is written a few times a minute
    logging.basicConfig(level=level.upper(), handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # one line per request is noise for an IT officer reading the log
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("geventwebsocket.handler").setLevel(logging.WARNING)


@main.command()
@common
@click.option("--host", default=None, help="address to listen on (default from config)")
@click.option("--port", type=int, default=None, help="port to listen on (default from config)")
@click.option("--demo", is_flag=True, help="MPP Lebong demo: services open at any hour, "
              "demo devices and accounts printed at start")
def serve(ctx: Context, host: str | None, port: int | None, demo: bool) -> None:
    """Migrate and seed the database, then serve HTTP and websockets."""
    settings = ctx.settings
    if settings.server.async_mode == "gevent":
        # before anything opens a socket or starts a thread: printer and TTS I/O must yield
        from gevent import monkey

        monkey.patch_all()
    from queue_server.server import run

    setup_logging(ctx.data_dir, settings.server.log_level)
    run(settings, ctx.data_dir, host=host or settings.server.host,
        port=port or settings.server.port, demo=demo)


@main.command("printer-emulator")
@common
@click.option("--host", default="127.0.0.1", help="address to listen on")
@click.option("--port", type=int, default=9100, help="TCP port (9100 like a real printer)")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="folder for <n>.png and <n>.txt per ticket "
              "(default: printed/ in the data folder)")
@click.option("--fault", type=click.Choice(FAULTS), default=None,
              help="misbehave like a broken printer")
@click.option("--paper-mm", type=click.Choice(["58", "80"]), default=None,
              help="paper width (default: that of the config's default printer, else 80)")
def printer_emulator(ctx: Context, host: str, port: int, out_dir: Path | None,
                     fault: str | None, paper_mm: str | None) -> None:
    """A network thermal printer that decodes ESC/POS and writes each cut ticket as PNG."""
    from printer import serve as serve_emulator

    out = out_dir or ctx.data_dir / "printed"
    width = int(paper_mm) if paper_mm else default_paper_mm(ctx.settings)
    click.echo(f"Printer emulator on {host}:{port}, {width} mm paper, writing to "
               f"{out.resolve()}" + (f", fault: {fault}" if fault else ""))
    serve_emulator(host, port, out, fault, paper_mm=width)  # type: ignore[arg-type]


def default_paper_mm(settings: Settings) -> int:
    """The emulator stands in for the hall's default printer: same paper width."""
    default = settings.printers.get("default")
    return default.paper_mm if default is not None else 80


@main.command()
@common
def init(ctx: Context) -> None:
    """Create or migrate the database and seed the config into it."""
    from queue_server.boot import load_or_create_secret, prepare_data

    store, changes = prepare_data(ctx.settings, ctx.data_dir)
    load_or_create_secret(ctx.data_dir)
    store.close()
    click.echo(f"Database ready: {ctx.data_dir / 'loket.db'}")
    for change in changes:
        click.echo(f"  {change}")
    if not changes:
        click.echo("  config already up to date")


@main.group()
def user() -> None:
    """People who sign in: admins, supervisors, officers."""


@user.command("create")
@common
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "supervisor", "officer"]), required=True)
@click.option("--agency", "agencies", multiple=True, help="agency id (supervisor scope)")
@click.option("--counter", "counters", multiple=True, help="counter id, name or number")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def user_create(ctx: Context, name: str, role: str, agencies: tuple[str, ...],
                counters: tuple[str, ...], password_stdin: bool) -> None:
    """Create a user. Without --password-stdin the user can only use tokens."""
    from queue_server.services import accounts

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password_stdin and not password:
        raise click.UsageError("no password on standard input")
    accounts.create_user(ctx.hall(), name, role, password, agencies=agencies,
                         counters=counters)
    click.echo(f"User {name} ({role}) created.")


@main.group("config")
def config_group() -> None:
    """The configuration file and its reference."""


@config_group.command("apply")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data-dir", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="LOKET_DATA_DIR", default=None,
              help="the hall's data folder (default: the file's [server] data_dir)")
@click.option("--yes", is_flag=True, help="apply without asking")
def config_apply(file: Path, data_dir: Path | None, yes: bool) -> None:
    """Make the hall's catalogue and site what FILE says, admin edits included: prints
    each difference first and asks (or takes --yes). Safe while the hall is served."""
    from queue_server.boot import prepare_data
    from queue_server.services import config_apply as applying

    ctx = Context(file, data_dir)
    try:
        settings = ctx.settings
    except ConfigError as exc:
        click.echo(f"Config error: {exc.message}", err=True)
        sys.exit(2)
    store, _ = prepare_data(settings, ctx.data_dir, apply_config=False)
    try:
        lines = applying.describe(applying.preview(store, settings))
        if not lines:
            click.echo(f"Nothing to change: {ctx.data_dir} already holds what {file} says.")
            return
        click.echo(f"{file} would change {len(lines)} thing(s) in {ctx.data_dir}:")
        for line in lines:
            click.echo(f"  {line}")
        if not yes and not click.confirm("Apply, replacing any edit made in the admin "
                                         "pages?", default=False):
            click.echo("Nothing changed.")
            sys.exit(1)
        report = applying.apply(store, settings)
        click.echo(f"Applied {len(report.changes)} change(s); open screens refresh within "
                   "a few seconds.")
    finally:
        store.close()


@config_group.command("doc")
@click.option("--check", is_flag=True, help="Exit 1 when docs/config.md is stale.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Where to write (default: docs/config.md of this checkout).")
def config_doc(check: bool, out: Path | None) -> None:
    """Write docs/config.md from the settings registry (every key, type, default, help)."""
    from queue_server.settings import doc

    if check:
        if doc.is_stale(out):
            click.echo(f"{out or doc.DOC} is stale: run {doc.COMMAND}", err=True)
            sys.exit(1)
        click.echo(f"{out or doc.DOC} is up to date")
        return
    click.echo(f"wrote {doc.write(out)}")


@main.group()
def tts() -> None:
    """The TV's voice: the cache of spoken fragments, the voice pack's recordings."""


@tts.command("warm")
@common
@click.option("--upgrade", is_flag=True, help="remake clips a fallback engine made (e.g. "
              "espeak clips from a day without internet) with a better engine")
def tts_warm(ctx: Context, upgrade: bool) -> None:
    """Synthesize every fragment the hall can say, so a hall with no internet still speaks."""
    from queue_server.web.announcer import Announcer

    announcer = Announcer(ctx.settings, ctx.data_dir)
    announcer.chime()
    items = [(fragment, language) for (language, _), fragment in announcer.vocabulary.items()]
    with click.progressbar(length=len(items), label="Menyiapkan suara",
                           show_pos=True, file=sys.stderr) as bar:
        summary = announcer.cache.warm(items, lambda *_: bar.update(1), upgrade=upgrade)
    click.echo(summary.describe())
    if summary.failed:
        click.echo(f"{len(summary.failed)} fragment(s) could not be made; the TV will fall "
                   "back to the browser's voice for those.", err=True)
        sys.exit(1)


@tts.command("keys")
@common
@click.option("--language", "languages", multiple=True, type=click.Choice(LANGUAGES),
              help="only this language (repeatable; default: id and en)")
@click.option("--fixed", is_flag=True,
              help="only the fixed vocabulary: no counter names, the config is not read")
@click.option("--pack", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="voice pack folder: mark each key as recorded or MISSING "
              "(default: [tts] voice_pack of the config, if set)")
def tts_keys(ctx: Context, languages: tuple[str, ...], fixed: bool, pack: Path | None) -> None:
    """List the recordings a voice pack needs, one file name (key) per line."""
    from queue_server.voice import site_vocabulary
    from queue_server.voice.pack_keys import key_lines, pack_lines

    counters: list[tuple[str, int]] = []
    if not fixed:
        counters = [(c.name, c.number) for c in ctx.settings.counters]
        pack = pack or ctx.settings.tts.voice_pack
    vocabulary = site_vocabulary(counters, languages or LANGUAGES)
    lines = key_lines(vocabulary) if pack is None else pack_lines(vocabulary, pack)
    click.echo("\n".join(lines))


@main.group()
def token() -> None:
    """Bearer tokens for people and devices (kiosks, TVs, survey tablets)."""


@token.command("create")
@common
@click.option("--user", "user_name", help="user the token acts as")
@click.option("--device", "device", help="device name (created if new)")
@click.option("--kind", type=click.Choice(["kiosk", "display", "survey"]),
              help="device kind")
@click.option("--counter", "counter_id", help="the counter a survey tablet stands at")
@click.option("--name", "token_name", help="token name (default: the user name)")
def token_create(ctx: Context, user_name: str | None, device: str | None, kind: str | None,
                 counter_id: str | None, token_name: str | None) -> None:
    """Create a token and print it once; only its hash is stored."""
    from queue_server.services import accounts

    if bool(user_name) == bool(device):
        raise click.UsageError("give either --user NAME or --device NAME --kind KIND")
    if device and not kind:
        raise click.UsageError("--device needs --kind kiosk|display|survey")
    if counter_id and kind != "survey":
        raise click.UsageError("--counter is for --kind survey (a tablet at one counter)")
    hall = ctx.hall()
    issued = (accounts.create_user_token(hall, user_name, token_name) if user_name
              else accounts.create_device_token(hall, device, kind,  # type: ignore[arg-type]
                                                counter_id=counter_id))
    click.echo(issued.secret)
    click.echo(f"(token '{issued.name}', shown once; revoke with: queue-server token revoke "
               f"{issued.name})", err=True)


@token.command("list")
@common
def token_list(ctx: Context) -> None:
    """List tokens without their secrets."""
    from queue_server.services import accounts

    rows = accounts.list_tokens(ctx.hall())
    if not rows:
        click.echo("no tokens")
        return
    click.echo(f"{'NAME':<24} {'PREFIX':<13} {'FOR':<28} {'CREATED':<20} {'LAST USED':<20} STATE")
    for r in rows:
        who = f"user {r.user} ({r.role})" if r.user else f"{r.device_kind} {r.device}"
        state = "revoked" if r.revoked_at else "active"
        used = f"{r.last_used_at:%Y-%m-%dT%H:%M:%S}" if r.last_used_at else "-"
        click.echo(f"{r.name:<24} {r.prefix:<13} {who:<28} "
                   f"{r.created_at:%Y-%m-%dT%H:%M:%S}{'':<1} {used:<20} {state}")


@token.command("revoke")
@common
@click.argument("name")
def token_revoke(ctx: Context, name: str) -> None:
    """Revoke every live token with this name (or public prefix)."""
    from queue_server.services import accounts

    count = accounts.revoke_token(ctx.hall(), name)
    click.echo(f"Revoked {count} token(s) named {name}.")


cli_data.register(main, common)  # simulate
cli_backup.register(main, common)  # backup, restore
cli_upgrade.register(main, common)  # upgrade-check


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="queue-server")
