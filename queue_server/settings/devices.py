"""Devices: the ticket printers ([printers.NAME]) and the voice of the TV ([tts]).

The printer package owns PrinterConfig and which keys each connection kind uses; the voice
package owns TtsSettings. Both are read here, by the same declarations as every other key,
so `printer` and `queue_server.voice` never import the settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from printer.config import COMMON, KINDS, OPTIONAL, PROFILES, PrinterConfig
from printer.config import REQUIRED as NEEDED_BY_KIND
from queue_server.voice.settings import ENGINE_NAMES, TtsSettings

from .registry import (
    INTEGER,
    LIST,
    NUMBER,
    REQUIRED,
    STRING,
    TABLE,
    Key,
    Path_,
    Problem,
    Problems,
    Table,
    ValueType,
    between,
    dataclass_default,
    nonempty,
    one_of,
    read_table,
    strings,
    stripped,
    then,
)

# ---------------------------------------------------------------- printers

USB_ID = ValueType("integer or hex string", 'an integer or a hex string like "0x04b8"',
                   (int, str))


def _usb_id(high: int) -> Any:
    """An int, or a hex string as lsusb shows it ("0x04b8")."""
    def check(value: int | str) -> int:
        if isinstance(value, str):
            text = value.strip().lower()
            if not text.startswith("0x"):
                raise ValueError(f'must be an integer or a hex string like "0x04b8", '
                                 f"not {value!r}")
            try:
                value = int(text, 16)
            except ValueError:
                raise ValueError(f"is not a hex number: {value!r}") from None
        return between(0, high)(value)
    return check


def _paper(value: int) -> int:
    if value not in (58, 80):
        raise ValueError(f"must be 58 or 80, not {value!r}")
    return value


def _profile(value: str) -> str:
    if value not in PROFILES:
        raise ValueError(f"{value!r} is not a python-escpos printer profile (e.g. TM-T20II, "
                         "TM-T88V, RP-F10-58mm)")
    return value


def _kinds_using(name: str) -> str:
    needs = [k for k in KINDS if name in NEEDED_BY_KIND[k]]
    uses = [k for k in KINDS if name in OPTIONAL[k]]
    return " ".join(part for part in (
        f"Required for kind {', '.join(needs)}." if needs else "",
        f"Used by kind {', '.join(uses)}." if uses else "") if part)


def _connection(name: str, kind: ValueType, help_text: str, check: Any,
                unit: str = "") -> Key:
    """A key only some kinds use; the docs say which."""
    return Key(f"printers.{name}", kind, f"{help_text} {_kinds_using(name)}",
               dataclass_default(PrinterConfig, name), check, unit=unit)


def _printer_kind_keys(raw: Mapping[str, Any], values: dict[str, Any],
                       path: Path_) -> list[Problem]:
    """A printer table names only the keys its kind uses, and all the ones it needs."""
    kind = values.get("kind")
    if kind is None:
        return []  # reported as required or unknown already
    connection = (*NEEDED_BY_KIND[kind], *OPTIONAL[kind])
    allowed = {*COMMON, *connection, "kiosks"}
    problems = [Problem((*path, name), f'is not used by a printer of kind = "{kind}" '
                        f"(it uses: {', '.join(connection) or 'no connection keys'})")
                for name in raw if name in _PRINTER_KEYS and name not in allowed]
    problems += [Problem((*path, name), f'is required for kind = "{kind}"')
                 for name in NEEDED_BY_KIND[kind] if name not in raw]
    return problems


PRINTER = Table("printers", "[printers.NAME]", 'A thermal ticket printer; "default" serves '
                "every kiosk not bound to another.", (
    Key("printers.kind", STRING, "Connection: network (raw TCP, port 9100), usb, serial, "
        "cups (a CUPS queue, sent raw) or file (a device node such as /dev/usb/lp0).", REQUIRED,
        one_of(*KINDS)),
    _connection("host", STRING, "Printer's IP address or host name.", stripped),
    _connection("port", INTEGER, "TCP port.", between(1, 65535)),
    _connection("vendor_id", USB_ID, 'USB vendor id as lsusb shows it ("0x04b8").',
                _usb_id(0xFFFF)),
    _connection("product_id", USB_ID, "USB product id.", _usb_id(0xFFFF)),
    _connection("in_ep", USB_ID, "USB input endpoint, when the printer needs it.",
                _usb_id(0xFF)),
    _connection("out_ep", USB_ID, "USB output endpoint, when the printer needs it.",
                _usb_id(0xFF)),
    _connection("device", STRING, "Serial device (/dev/ttyUSB0).", stripped),
    _connection("baudrate", INTEGER, "Serial speed.", between(300, 921600)),
    _connection("queue", STRING, "CUPS queue name.", stripped),
    _connection("path", STRING, "File or device node the bytes are appended to.", stripped),
    Key("printers.timeout", NUMBER, "Bound of every step: connect, each status read, the "
        "send.", dataclass_default(PrinterConfig, "timeout"),
        then(between(0, 120, "seconds", low_open=True), float), unit="seconds"),
    Key("printers.paper_mm", INTEGER, "Paper width: 58 or 80.",
        dataclass_default(PrinterConfig, "paper_mm"), _paper, unit="mm"),
    Key("printers.profile", STRING, "python-escpos printer profile (TM-T20II, TM-T88V …).",
        dataclass_default(PrinterConfig, "profile"), then(stripped, _profile)),
    Key("printers.kiosks", LIST, "Kiosk device names that print here.", (),
        then(strings("kiosk device names"), tuple)),
), rules=(_printer_kind_keys,))
_PRINTER_KEYS = {k.field for k in PRINTER.keys}


def _kiosk_on_one_printer(raw: Mapping[str, Any], values: dict[str, Any],
                          path: Path_) -> list[Problem]:
    printer_of: dict[str, str] = {}
    problems = []
    for name, printer in values.items():
        for kiosk in printer.get("kiosks", ()):
            if kiosk in printer_of:
                problems.append(Problem((*path, name, "kiosks"), f"kiosk {kiosk!r} already "
                                        f"prints on {printer_of[kiosk]!r}"))
            printer_of.setdefault(kiosk, name)
    return problems


PRINTERS = Table("printers", "[printers]", "Printers by name.",
                 entries=Key("printers.<NAME>", TABLE, "One printer.", table=PRINTER),
                 rules=(_kiosk_on_one_printer,))
_CONFIG_FIELDS = {f.name for f in fields(PrinterConfig)} - {"name"}


def printer_config(name: str, values: Mapping[str, Any]) -> PrinterConfig:
    return PrinterConfig(name=name, **{k: v for k, v in values.items() if k in _CONFIG_FIELDS})


def read_printers(values: Mapping[str, Mapping[str, Any]]
                  ) -> tuple[dict[str, PrinterConfig], dict[str, str]]:
    """Printers by name and the printer of each bound kiosk (the rest print on "default")."""
    printers = {name: printer_config(name, table) for name, table in values.items()}
    kiosks = {kiosk: name for name, table in values.items() for kiosk in table.get("kiosks", ())}
    return printers, kiosks


def parse_printer_config(name: str, table: Any) -> PrinterConfig:
    """One [printers.NAME] table on its own; problems are named by their key in the table
    (InvalidSettings, a ValueError)."""
    problems = Problems()
    values = read_table(PRINTER, table, (), problems)
    problems.raise_if_any()
    return printer_config(name, values)


# ---------------------------------------------------------------- tts

_TLD = re.compile(r"[a-z]{2,}(\.[a-z]{2,})*")
# A voice name is passed to espeak-ng as an argument: it must not start like an option.
_VOICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+/-]*")


def _engines(names: list[Any]) -> tuple[str, ...]:
    strings("engine names")(names)
    if not names:
        raise ValueError("must name at least one engine")
    for name in names:
        if name not in ENGINE_NAMES:
            raise ValueError(f"unknown engine {name!r} (known: {', '.join(ENGINE_NAMES)})")
    if len(set(names)) != len(names):
        raise ValueError("names an engine twice")
    return tuple(names)


def _endpoint(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be a base URL like 'http://127.0.0.1:8099'")
    return value.rstrip("/")


def _tld(value: str) -> str:
    if not _TLD.fullmatch(value):
        raise ValueError(f"is not a domain suffix like 'co.id': {value!r}")
    return value


def _voice(value: str) -> str:
    if not _VOICE.fullmatch(value):
        raise ValueError(f"is not an espeak-ng voice name: {value!r}")
    return value


def _tts(name: str) -> Any:
    return dataclass_default(TtsSettings, name)


TTS = Table("tts", "[tts]", "The voice of the TV: engines in fallback order and their limits. "
            "Each fragment is made once and cached (queue-server tts warm).", (
    Key("tts.engines", LIST, f"Engines in fallback order, from {', '.join(ENGINE_NAMES)}.",
        _tts("engines"), _engines),
    Key("tts.voice_pack", STRING, "Folder of recorded human voice clips, relative to "
        "config.toml.", _tts("voice_pack"), nonempty),
    Key("tts.gtts_timeout", NUMBER, "Total time for one gTTS fragment.", _tts("gtts_timeout"),
        then(between(0, 60, "seconds", low_open=True), float), unit="seconds"),
    Key("tts.gtts_min_interval", NUMBER, "Pause between two gTTS requests.",
        _tts("gtts_min_interval"), then(between(0, 60, "seconds"), float), unit="seconds"),
    Key("tts.gtts_endpoint", STRING, "Base URL of the gTTS service; tests point it at a local "
        "fake.", _tts("gtts_endpoint"), then(nonempty, _endpoint), shown_default="Google"),
    Key("tts.gtts_tld", STRING, "Google domain suffix, which picks the accent.",
        _tts("gtts_tld"), then(nonempty, _tld)),
    Key("tts.espeak_speed", INTEGER, "espeak-ng speed.", _tts("espeak_speed"),
        between(80, 450, "words per minute"), unit="words per minute"),
    Key("tts.espeak_voice_id", STRING, "espeak-ng voice for Bahasa Indonesia.",
        _tts("espeak_voice_id"), then(nonempty, _voice)),
    Key("tts.espeak_voice_en", STRING, "espeak-ng voice for English.", _tts("espeak_voice_en"),
        then(nonempty, _voice)),
))


def tts_settings(values: Mapping[str, Any], base_dir: Path) -> TtsSettings:
    pack = values["voice_pack"]
    return TtsSettings(**{**values, "voice_pack": base_dir / Path(pack).expanduser()
                          if pack else None})


def parse_tts_settings(table: Any, base_dir: Path) -> TtsSettings:
    """A [tts] table on its own; every problem is reported at once, each named tts.KEY."""
    problems = Problems()
    values = read_table(TTS, table, ("tts",), problems)
    problems.raise_if_any()
    return tts_settings(values, Path(base_dir))
