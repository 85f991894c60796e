"""Every fragment a hall can say: what `tts warm` synthesizes ahead of time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast, get_args

from queue_server.domain.announcement import Fragment, counter_fragments, fixed_vocabulary
from queue_server.domain.spoken_numbers import Language


def site_vocabulary(
    counters: Iterable[tuple[str, int]], languages: Iterable[str],
) -> list[tuple[Fragment, str]]:
    """The fixed vocabulary plus every counter's own fragments (a named counter such as
    "Teller Bank Bengkulu" is one clip), per language, each (language, key) once, in a
    stable order: language by language, fixed words first, then counters as configured."""
    counters = list(counters)  # read once per language
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Fragment, str]] = []
    for language in languages:
        if language not in get_args(Language):
            raise ValueError(f"no announcement vocabulary for language {language!r}")
        lang = cast(Language, language)
        fragments = list(fixed_vocabulary(lang))
        for name, number in counters:
            fragments += counter_fragments(name, number, lang)
        for fragment in fragments:
            if (language, fragment.key) not in seen:
                seen.add((language, fragment.key))
                out.append((fragment, language))
    return out
