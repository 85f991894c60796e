"""What a voice engine is: `name` and `synthesize(fragment, language, out)`, which writes an
MP3 at `out` or raises EngineError, and never blocks longer than its own bound (subprocess
timeouts, or the gTTS deadline). The cache tries the engines in the configured order."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Protocol

from queue_server.domain.announcement import Fragment

# A key names a file: only a slug may reach the file system, never "../" or "/".
KEY_PATTERN = re.compile(r"[a-z0-9-]{1,150}")
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}")


class EngineError(Exception):
    """This engine could not make this fragment; the next engine may."""

    level = logging.WARNING  # how loud the cache logs it
    backoff = True  # the cache does not ask this engine for this fragment again for a while


class EngineUnavailable(EngineError):
    """The engine as a whole is not working right now (no network, no binary): the cache
    skips it for every fragment for a while instead of paying its timeout again and again."""


class Engine(Protocol):
    name: str

    def synthesize(self, fragment: Fragment, language: str, out: Path) -> None: ...


def check_clip_name(fragment: Fragment, language: str) -> None:
    """Raise ValueError unless key and language are safe path parts."""
    if not LANGUAGE_PATTERN.fullmatch(language):
        raise ValueError(f"not a language code: {language!r}")
    if not KEY_PATTERN.fullmatch(fragment.key):
        raise ValueError(f"fragment key must match [a-z0-9-]+: {fragment.key!r}")
