"""The `[tts]` table of config.toml: which engines speak, in which order, and their limits.

    [tts]
    engines = ["voice_pack", "gtts", "espeak"]   # fallback order
    voice_pack = "suara"                         # folder of recordings, relative to config.toml
    gtts_timeout = 4.0                           # seconds, total per fragment
    gtts_min_interval = 1.0                      # seconds between two gTTS requests
    gtts_tld = "co.id"
    espeak_speed = 140
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from queue_server.domain.errors import ConfigError

ENGINE_NAMES: tuple[str, ...] = ("voice_pack", "gtts", "espeak")


@dataclass(frozen=True)
class TtsSettings:
    engines: tuple[str, ...] = ENGINE_NAMES
    voice_pack: Path | None = None
    gtts_timeout: float = 4.0
    gtts_min_interval: float = 1.0
    gtts_endpoint: str | None = None  # None = Google; tests point it at a local fake
    gtts_tld: str = "co.id"
    espeak_speed: int = 140
    espeak_voice_id: str = "id"
    espeak_voice_en: str = "en"


_TLD = re.compile(r"[a-z]{2,}(\.[a-z]{2,})*")
# A voice name is passed to espeak-ng as an argument: it must not start like an option.
_VOICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+/-]*")


def _is_number(value: Any) -> bool:
    # TOML `true` is a bool, and bool is an int in Python: still a wrong type here.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _engines(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "must be a list of engine names"
    if not value:
        return "must name at least one engine"
    for name in value:
        if name not in ENGINE_NAMES:
            return f"unknown engine {name!r} (known: {', '.join(ENGINE_NAMES)})"
    if len(set(value)) != len(value):
        return "names an engine twice"
    return None


def _string(check: Callable[[str], str | None] | None = None) -> Callable[[Any], str | None]:
    def run(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, not {type(value).__name__}"
        if not value.strip():
            return "must not be empty"
        return check(value) if check else None
    return run


def _number(low: float, high: float, *, low_inclusive: bool) -> Callable[[Any], str | None]:
    def run(value: Any) -> str | None:
        if not _is_number(value):
            return f"must be a number, not {type(value).__name__}"
        if value < low or (value == low and not low_inclusive) or value > high:
            bound = ">=" if low_inclusive else ">"
            return f"must be {bound} {low:g} and <= {high:g}, got {value}"
        return None
    return run


def _speed(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be an integer, not {type(value).__name__}"
    if not 80 <= value <= 450:  # espeak-ng's own range of words per minute
        return f"must be between 80 and 450 words per minute, got {value}"
    return None


def _endpoint(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be a base URL like 'http://127.0.0.1:8099'"
    return None


def _tld(value: str) -> str | None:
    return None if _TLD.fullmatch(value) else f"is not a domain suffix like 'co.id': {value!r}"


def _voice(value: str) -> str | None:
    return None if _VOICE.fullmatch(value) else f"is not an espeak-ng voice name: {value!r}"


_SCHEMA: dict[str, Callable[[Any], str | None]] = {
    "engines": _engines,
    "voice_pack": _string(),
    "gtts_timeout": _number(0, 60, low_inclusive=False),
    "gtts_min_interval": _number(0, 60, low_inclusive=True),
    "gtts_endpoint": _string(_endpoint),
    "gtts_tld": _string(_tld),
    "espeak_speed": _speed,
    "espeak_voice_id": _string(_voice),
    "espeak_voice_en": _string(_voice),
}


def parse_tts_settings(table: dict[str, Any], base_dir: Path) -> TtsSettings:
    """Validate a `[tts]` table; every problem is reported at once, each named `tts.KEY`."""
    if not isinstance(table, dict):
        raise ConfigError("tts: must be a table", field="tts")
    problems: list[tuple[str, str]] = []
    for key in table:
        if key not in _SCHEMA:
            problems.append((key, f"unknown key (known keys here: {', '.join(sorted(_SCHEMA))})"))
    clean: dict[str, Any] = {}
    for key, check in _SCHEMA.items():
        if key in table:
            if problem := check(table[key]):
                problems.append((key, problem))
            else:
                clean[key] = table[key]
    if problems:
        lines = [f"tts.{key}: {message}" for key, message in problems]
        raise ConfigError("\n".join(lines), field=f"tts.{problems[0][0]}")

    defaults = TtsSettings()
    pack = clean.get("voice_pack")
    endpoint = clean.get("gtts_endpoint")
    return TtsSettings(
        engines=tuple(clean.get("engines", defaults.engines)),
        voice_pack=(Path(base_dir) / Path(pack).expanduser()) if pack else None,
        gtts_timeout=float(clean.get("gtts_timeout", defaults.gtts_timeout)),
        gtts_min_interval=float(clean.get("gtts_min_interval", defaults.gtts_min_interval)),
        gtts_endpoint=endpoint.rstrip("/") if endpoint else None,
        gtts_tld=clean.get("gtts_tld", defaults.gtts_tld),
        espeak_speed=clean.get("espeak_speed", defaults.espeak_speed),
        espeak_voice_id=clean.get("espeak_voice_id", defaults.espeak_voice_id),
        espeak_voice_en=clean.get("espeak_voice_en", defaults.espeak_voice_en),
    )
