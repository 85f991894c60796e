"""The hall itself: [site], [server], [queue], [skm], the weekly [hours] and the [holidays]."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from queue_server.domain.errors import InvalidValue
from queue_server.domain.models import NumberReading, PriorityMode
from queue_server.domain.opening import WEEKDAYS, Span, parse_spans

from .registry import (
    BOOLEAN,
    INTEGER,
    LIST,
    REQUIRED,
    STRING,
    Key,
    Table,
    at_least,
    between,
    dataclass_default,
    nonempty,
    one_of,
    then,
)

WeeklyHours = dict[int, tuple[Span, ...]]

# the link address of a hall nobody started (an app built in a test, a CLI command)
LOCAL_HALL_URL = "http://localhost:8080"
_EVERY_CARD = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class SiteSettings:
    name: str
    short_name: str
    timezone: str
    public_url: str = ""  # "": not set, links use `detected_url` (see `link_url`)
    language: str = "id"
    running_text: str = ""
    running_text_en: str = ""
    ticket_footer: str = ""
    address: str = ""  # where the hall is, for citizens who book from home
    logo: str | None = None
    holidays: dict[date, str] = field(default_factory=dict)
    # not a config key: the hall address the server found at start (`detected_hall_url`)
    detected_url: str = LOCAL_HALL_URL

    @property
    def link_url(self) -> str:
        """The one rule for the address a phone or a screen is sent to: every track_url,
        QR code, printed ticket and booking link starts with it. [site] public_url when set,
        else the address the server detected at start."""
        return self.public_url or self.detected_url

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def zone_label(self) -> str:
        """Indonesia's three zones by their local names (WIB, WITA, WIT); elsewhere ""."""
        return {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
                "Asia/Jayapura": "WIT"}.get(self.timezone, "")


@dataclass(frozen=True)
class ServerSettings:
    host: str = "0.0.0.0"
    port: int = 8080
    data_dir: Path = Path("data")
    async_mode: str = "gevent"
    message_queue: str | None = None
    log_level: str = "info"
    # None: on exactly when [site] public_url is https (see `secure_cookies_for`)
    secure_cookies: bool | None = None
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-* are believed


@dataclass(frozen=True)
class QueueSettings:
    priority_mode: PriorityMode = PriorityMode.STRICT
    regular_per_priority: int = 3
    aging: bool = True
    forfeit_after: int = 5
    number_reading: NumberReading = NumberReading.WHOLE
    idle_alarm_minutes: int = 10  # an open counter idle this long while people wait


SKM_PERIODS = ("month", "quarter", "semester", "year")


@dataclass(frozen=True)
class SkmSettings:
    """The satisfaction survey (SKM): the period the hall publishes, and the TV slide."""

    period: str = "semester"  # one of SKM_PERIODS
    show_on_tv: bool = False


@dataclass(frozen=True)
class BookingSettings:
    """Bookings (antrian online): how long a citizen's name and phone are kept."""

    retention_days: int = 30
    # reverse proxies whose X-Forwarded-For names the citizen (docs/booking.md)
    trusted_proxies: tuple[str, ...] = ()


# ---------------------------------------------------------------- checks


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder: IsADirectoryError
        raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Jakarta, Asia/Makassar, "
                         "Asia/Jayapura)") from None
    return value


def _url(value: str) -> str:
    if value == "":
        return value  # not set: the detected hall address is used (SiteSettings.link_url)
    if not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
        raise InvalidValue("must be an http(s) address such as http://192.168.1.10:8080",
                           "harus alamat http(s) seperti http://192.168.1.10:8080")
    return value.rstrip("/")


def _holiday_date(name: str) -> date:
    try:
        return date.fromisoformat(name)
    except ValueError:
        raise InvalidValue("the key must be a date YYYY-MM-DD",
                           "tanggal harus berbentuk TTTT-BB-HH") from None


def _addresses(values: list[Any]) -> list[str]:
    for value in values:
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            ipaddress.ip_address(value)
        except ValueError:
            raise InvalidValue(f"{value!r} is not an IP address (e.g. 10.0.0.2)",
                               f"{value!r} bukan alamat IP (mis. 10.0.0.2)") from None
    return values


def _site(name: str) -> Any:
    return dataclass_default(SiteSettings, name)


def _server(name: str) -> Any:
    return dataclass_default(ServerSettings, name)


def _queue(name: str) -> Any:
    return dataclass_default(QueueSettings, name)


def _skm(name: str) -> Any:
    return dataclass_default(SkmSettings, name)


def _booking(name: str) -> Any:
    return dataclass_default(BookingSettings, name)


# ---------------------------------------------------------------- declarations

SITE = Table("site", "[site]", "The hall: its name on every screen and ticket, its clock.", (
    Key("site.name", STRING, "Full name of the hall (Mal Pelayanan Publik …), on the kiosk, "
        "the TV and every ticket.", REQUIRED, nonempty),
    Key("site.short_name", STRING, "Short name where space is tight (ticket header, phone "
        "page).", None, nonempty, shown_default="same as site.name"),
    Key("site.timezone", STRING, "IANA time zone of the hall: Asia/Jakarta (WIB), "
        "Asia/Makassar (WITA) or Asia/Jayapura (WIT). The ticket day and the hours follow it.",
        REQUIRED, _timezone),
    Key("site.public_url", STRING, "Address phones in the hall can reach, e.g. "
        "http://192.168.1.10:8080; the QR code on every ticket, the phone page and the "
        "booking links point here. Left out (or empty), the server uses the address it "
        "detects at start (this PC's LAN address, or the --host it listens on) and warns; set "
        "it when that address may change or https is put in front.", _site("public_url"),
        _url, shown_default="the detected hall address"),
    Key("site.language", STRING, "Language of the public screens: id (Bahasa Indonesia) or en.",
        _site("language"), one_of("id", "en")),
    Key("site.running_text", STRING, "Running text (teks berjalan) along the bottom of the TV.",
        _site("running_text")),
    Key("site.running_text_en", STRING, "The running text in English, for screens set to "
        "English.", _site("running_text_en")),
    Key("site.ticket_footer", STRING, "Last lines printed on every ticket.",
        _site("ticket_footer")),
    Key("site.address", STRING, "Street address of the hall, told to citizens who book a "
        "slot from home (the confirmation, the calendar file).", _site("address")),
    Key("site.logo", STRING, "Logo image file for the kiosk and the TV.", _site("logo")),
))

SERVER = Table("server", "[server]", "The server process on the hall's PC.", (
    Key("server.host", STRING, "Address to listen on; 0.0.0.0 is every network card.",
        _server("host")),
    Key("server.port", INTEGER, "TCP port of the web server.", _server("port"),
        between(1, 65535)),
    Key("server.data_dir", STRING, "Folder for the database, the voice cache and the secrets; "
        "relative to config.toml.", str(_server("data_dir")), nonempty),
    Key("server.async_mode", STRING, "gevent (the production server) or threading.",
        _server("async_mode"), one_of("threading", "gevent")),
    Key("server.message_queue", STRING, "redis://… URL, only when several server processes "
        "share one hall.", _server("message_queue")),
    Key("server.log_level", STRING, "debug, info, warning or error.", _server("log_level"),
        one_of("debug", "info", "warning", "error")),
    Key("server.secure_cookies", BOOLEAN, "Send the sign-in cookie only over https (the "
        "Secure flag). Leave it out to follow site.public_url; set false only for a test "
        "behind https, true when https is added in front of an http public_url.",
        _server("secure_cookies"), shown_default="true when site.public_url is https"),
    Key("server.trusted_proxies", INTEGER, "How many reverse proxies (nginx terminating "
        "https) stand in front of the server. With 1, the client address and "
        "scheme come from the X-Forwarded-For/-Proto the proxy sets, so the per-address "
        "limits (sign-in, pairing, complaints, bookings) count the real client; 0 ignores "
        "those headers, which anyone can forge.", _server("trusted_proxies"),
        between(0, 5)),
))

QUEUE = Table("queue", "[queue]", "How call-next picks the next citizen.", (
    Key("queue.priority_mode", STRING, "strict: a waiting priority citizen (lansia, "
        "disabilitas, ibu hamil) is always called first; ratio: one priority citizen after "
        "every regular_per_priority regular calls.", _queue("priority_mode"),
        then(one_of(*PriorityMode), PriorityMode)),
    Key("queue.regular_per_priority", INTEGER, "In ratio mode, regular calls between two "
        "priority calls.", _queue("regular_per_priority"), at_least(1)),
    Key("queue.aging", BOOLEAN, "A ticket past its service's max_wait_minutes goes ahead.",
        _queue("aging")),
    Key("queue.forfeit_after", INTEGER, "A skipped number can be recalled until this many "
        "later numbers of its service are called.", _queue("forfeit_after"), at_least(1)),
    Key("queue.number_reading", STRING, "How the TV reads a number: whole (seratus dua puluh "
        "tiga) or digits (satu dua tiga).", _queue("number_reading"),
        then(one_of(*NumberReading), NumberReading)),
    Key("queue.idle_alarm_minutes", INTEGER, "The supervisor is alarmed when an open counter "
        "has called nobody for this many minutes while its services have people waiting.",
        _queue("idle_alarm_minutes"), at_least(1)),
))

SKM = Table("skm", "[skm]", "The satisfaction survey (Survei Kepuasan Masyarakat, "
            "PermenPAN-RB 14/2017): what the hall publishes.", (
    Key("skm.period", STRING, "The period /skm/public and the TV slide publish: month, "
        "quarter, semester or year (the last completed one; the current one so far while the "
        "last has no responses).", _skm("period"), one_of(*SKM_PERIODS)),
    Key("skm.show_on_tv", BOOLEAN, "The TV's running area shows, from time to time, each "
        "agency's IKM and mutu for that period.", _skm("show_on_tv")),
))

BOOKING = Table("booking", "[booking]", "Bookings (antrian online): citizens reserve a slot "
                "from home and check in at the kiosk (docs/booking.md).", (
    Key("booking.retention_days", INTEGER, "Days after a booking's day when the server "
        "erases the citizen's name and phone number (the code and times stay for the "
        "reports).", _booking("retention_days"), at_least(1), unit="days"),
    Key("booking.trusted_proxies", LIST, "Addresses of the reverse proxies that put the "
        "booking pages on the internet (docs/booking.md): for a request from one of them "
        "the per-address booking limit counts the address nginx appended to "
        "X-Forwarded-For, not the proxy's own.", [], then(_addresses, tuple),
        shown_default="none"),
))

HOURS = Table("hours", "[hours]", "Weekly opening hours of every service, one key per day: "
              '"08:00-12:00, 13:30-15:00", or "closed" (tutup). A day left out is closed; in '
              "a service's hours, a day left out keeps the hall's hours.", tuple(
                  Key(f"hours.{day}", STRING, f"Opening hours on {day.capitalize()}.",
                      None, parse_spans, shown_default="closed") for day in WEEKDAYS))

HOLIDAYS = Table(
    "holidays", "[holidays]", "National holidays and cuti bersama: the hall is closed. "
    'One key per day, "YYYY-MM-DD" = "name" (check each year against the SKB 3 Menteri).',
    entries=Key("holidays.<YYYY-MM-DD>", STRING, "Name of the holiday, shown on the kiosk."),
    entry_name=_holiday_date)


# ---------------------------------------------------------------- objects


def weekly_hours(values: Mapping[str, tuple[Span, ...] | None],
                 base: Mapping[int, tuple[Span, ...]]) -> WeeklyHours:
    """Days given in `values` replace the days of `base` (weekday 0 = Monday)."""
    hours = dict(base)
    for index, day in enumerate(WEEKDAYS):
        if values.get(day) is not None:
            hours[index] = values[day]
    return hours


CLOSED_WEEK: WeeklyHours = {day: () for day in range(7)}


def site_settings(values: Mapping[str, Any], holidays: dict[date, str]) -> SiteSettings:
    return SiteSettings(**{**values, "short_name": values["short_name"] or values["name"]},
                        holidays=holidays)


def detected_hall_url(host: str, port: int, lan: str | None) -> str:
    """Where phones reach a server listening on `host`:`port` when [site] public_url is not
    set: this PC's LAN address `lan` when it listens on every card, else the address it
    listens on (127.0.0.1 for the tests' servers: the link stays on this PC)."""
    if host in _EVERY_CARD:
        host = lan or "localhost"
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal in a URL
    return f"http://{host}:{port}"


def secure_cookies_for(server: ServerSettings, site: SiteSettings) -> bool:
    """Whether cookies carry Secure: the key when set, else whether the hall is reached
    over https."""
    if server.secure_cookies is not None:
        return server.secure_cookies
    return site.public_url.lower().startswith("https://")


def server_settings(values: Mapping[str, Any], source: Path | None) -> ServerSettings:
    data_dir = Path(values["data_dir"])
    if not data_dir.is_absolute() and source is not None:
        data_dir = source.parent / data_dir  # relative to config.toml, not to the cwd
    return ServerSettings(**{**values, "data_dir": data_dir,
                             "message_queue": values["message_queue"] or None})


def queue_settings(values: Mapping[str, Any]) -> QueueSettings:
    return QueueSettings(**values)


def skm_settings(values: Mapping[str, Any]) -> SkmSettings:
    return SkmSettings(**values)


def booking_settings(values: Mapping[str, Any]) -> BookingSettings:
    return BookingSettings(**values)
