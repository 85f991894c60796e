"""What the TV says when a ticket is called, as text and as an ordered list of fragments
from a small fixed vocabulary (each fragment is one cached audio clip).

"Nomor antrian, A, seratus dua puluh tiga, silakan menuju loket, tiga"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import NumberReading
from .spoken_numbers import (
    Language,
    digit_fragments,
    digit_words,
    number_fragments,
    number_words,
    vocabulary,
)

# How each letter is said when spelled out, so a TTS engine never guesses a word.
LETTER_NAMES: dict[str, dict[str, str]] = {
    "id": dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        "a", "be", "ce", "de", "e", "ef", "ge", "ha", "i", "je", "ka", "el", "em", "en", "o",
        "pe", "ki", "er", "es", "te", "u", "fe", "we", "eks", "ye", "zet"), strict=True)),
    "en": dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        "ay", "bee", "see", "dee", "ee", "ef", "jee", "aitch", "eye", "jay", "kay", "el", "em",
        "en", "oh", "pee", "cue", "ar", "ess", "tee", "you", "vee", "double-u", "ex", "why",
        "zed"), strict=True)),
}

PHRASES: dict[str, dict[str, str]] = {
    "id": {
        "ticket": "nomor antrian",
        "again": "panggilan ulang",
        "go_to": "silakan menuju",
        "counter": "loket",
    },
    "en": {
        "ticket": "ticket number",
        "again": "calling again",
        "go_to": "please proceed to",
        "counter": "counter",
    },
}

_DEFAULT_COUNTER_NAME = re.compile(r"^(loket|counter)\s+\d+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Fragment:
    """One clip: `key` names its cached file, `text` is what a TTS engine reads."""

    key: str
    text: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def word(text: str) -> Fragment:
    return Fragment(_slug(text), text)


def letter(ch: str, language: Language) -> Fragment:
    return Fragment(f"letter-{ch.lower()}", LETTER_NAMES[language][ch])


def counter_fragments(name: str, number: int, language: Language) -> list[Fragment]:
    """ "Loket 3" is read as the word plus the number; a named counter ("Teller Bank
    Bengkulu") is read by its name, as its own fragment."""
    if _DEFAULT_COUNTER_NAME.match(name.strip()):
        return [word(PHRASES[language]["counter"]),
                *(word(w) for w in number_fragments(number, language))]
    return [Fragment(f"name-{_slug(name)}", name)]


def _split_code(code: str) -> tuple[str, str]:
    match = re.fullmatch(r"([A-Z]{1,3})(\d+)", code)
    if not match:
        raise ValueError(f"not a ticket code: {code!r}")
    return match.group(1), match.group(2)


def code_fragments(code: str, language: Language,
                   reading: NumberReading = NumberReading.WHOLE) -> list[Fragment]:
    """A001 → [A] [satu] (whole) or [A] [nol] [nol] [satu] (digits)."""
    letters, digits = _split_code(code)
    numbers = (digit_fragments(digits, language) if reading is NumberReading.DIGITS
               else number_fragments(int(digits), language))
    return [*(letter(ch, language) for ch in letters), *(word(w) for w in numbers)]


@dataclass(frozen=True, slots=True)
class Announcement:
    text: str
    fragments: tuple[Fragment, ...]
    language: Language


def announce_call(
    code: str,
    counter_name: str,
    counter_number: int,
    language: Language,
    *,
    recall: bool = False,
    reading: NumberReading = NumberReading.WHOLE,
) -> Announcement:
    p = PHRASES[language]
    ticket = code_fragments(code, language, reading)
    where = counter_fragments(counter_name, counter_number, language)
    head = [word(p["again"])] if recall else []
    fragments = [*head, word(p["ticket"]), *ticket, word(p["go_to"]), *where]
    # Text reads like the phrase on the TV: the code's letters as letters, commas where the
    # voice pauses between fragments groups.
    letters, digits = _split_code(code)
    number_text = (digit_words(digits, language) if reading is NumberReading.DIGITS
                   else number_words(int(digits), language))
    where_text = f"{p['go_to']} {where[0].text}"
    if len(where) > 1:  # "silakan menuju loket, tiga"
        where_text += ", " + number_words(counter_number, language)
    parts = [*(p["again"] for _ in head), p["ticket"], ", ".join(letters), number_text,
             where_text]
    text = ", ".join(parts)
    return Announcement(text[0].upper() + text[1:], tuple(fragments), language)


def fixed_vocabulary(language: Language) -> list[Fragment]:
    """Every fragment a call can use apart from counter names: synthesize these once."""
    p = PHRASES[language]
    out = [word(p[k]) for k in ("ticket", "again", "go_to", "counter")]
    out += [Fragment(f"letter-{ch.lower()}", name) for ch, name in LETTER_NAMES[language].items()]
    out += [word(w) for w in vocabulary(language)]
    return out
