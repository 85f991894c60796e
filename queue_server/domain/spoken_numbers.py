"""Queue numbers as spoken words, for the TV announcer.

The announcer plays one pre-synthesized audio clip per *fragment*, so the
primary output is a list of fragments drawn from a small fixed vocabulary
(one clip per word group such as "dua puluh" or "three hundred"). Plain text is
derived from the fragments so that what is shown and what is spoken agree.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal, get_args

Language = Literal["id", "en"]

MIN_NUMBER = 0
MAX_NUMBER = 9999

_LANGUAGES: tuple[str, ...] = get_args(Language)

# Index = value. Indonesian 10 and 11 are single words ("se-" = "one"), and
# 12..19 are "<unit> belas"; keeping them as one fragment each means a teen is
# always one clip, never "dua" + "belas" glued from two recordings.
_ID_UNITS = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
)  # fmt: skip
_ID_BELOW_20 = (
    *_ID_UNITS,
    "sepuluh",
    "sebelas",
    *(f"{unit} belas" for unit in _ID_UNITS[2:]),
)
# "se-" replaces "satu" for 100 and 1000 ("seratus", never "satu ratus").
_ID_TENS = ("", "", *(f"{unit} puluh" for unit in _ID_UNITS[2:]))
_ID_HUNDREDS = ("", "seratus", *(f"{unit} ratus" for unit in _ID_UNITS[2:]))
_ID_THOUSANDS = ("", "seribu", *(f"{unit} ribu" for unit in _ID_UNITS[2:]))

_EN_BELOW_20 = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_HUNDREDS = ("", *(f"{unit} hundred" for unit in _EN_BELOW_20[1:10]))
_EN_THOUSANDS = ("", *(f"{unit} thousand" for unit in _EN_BELOW_20[1:10]))

# Per language: (below 20, tens, hundreds, thousands), each indexed by digit/value.
_TABLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "id": (_ID_BELOW_20, _ID_TENS, _ID_HUNDREDS, _ID_THOUSANDS),
    "en": (_EN_BELOW_20, _EN_TENS, _EN_HUNDREDS, _EN_THOUSANDS),
}

_ASCII_DIGITS = frozenset("0123456789")


def _check_language(language: str) -> None:
    if language not in _LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {_LANGUAGES}")


def _check_number(n: object) -> int:
    # bool is an int subclass; True must not be announced as "one".
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"queue number must be an int, got {type(n).__name__}")
    if not MIN_NUMBER <= n <= MAX_NUMBER:
        raise ValueError(f"queue number must be in {MIN_NUMBER}..{MAX_NUMBER}, got {n}")
    return n


def number_fragments(n: int, language: Language) -> list[str]:
    """Fragments that speak ``n`` (0..9999), largest place value first."""
    n = _check_number(n)
    _check_language(language)
    below_20, tens, hundreds, thousands = _TABLES[language]
    if n == 0:
        # Zero is only ever spoken on its own, never as a trailing "nol".
        return [below_20[0]]

    fragments: list[str] = []
    if n >= 1000:
        fragments.append(thousands[n // 1000])
    if n % 1000 >= 100:
        fragments.append(hundreds[n % 1000 // 100])
    rest = n % 100
    if 0 < rest < 20:
        fragments.append(below_20[rest])
    elif rest >= 20:
        fragments.append(tens[rest // 10])
        if rest % 10:
            fragments.append(below_20[rest % 10])
    return fragments


def number_words(n: int, language: Language) -> str:
    """Display/TTS text for ``n``, built from :func:`number_fragments`."""
    fragments = number_fragments(n, language)
    if language == "id":
        return " ".join(fragments)

    # English writes compound tens with a hyphen ("forty-five"); the spoken
    # fragments stay separate so the clip set remains small.
    tens = frozenset(_EN_TENS[2:])
    units = frozenset(_EN_BELOW_20[1:10])
    text = fragments[0]
    for previous, fragment in pairwise(fragments):
        separator = "-" if previous in tens and fragment in units else " "
        text += separator + fragment
    return text


def digit_fragments(digits: str, language: Language) -> list[str]:
    """Digit-by-digit reading, e.g. "007" -> ["nol", "nol", "tujuh"]."""
    # str.isdigit() would also accept "²" or Arabic-Indic digits; only 0-9 have clips.
    if not isinstance(digits, str) or not digits or not set(digits) <= _ASCII_DIGITS:
        raise ValueError(f"expected a non-empty string of ASCII digits, got {digits!r}")
    _check_language(language)
    below_20 = _TABLES[language][0]
    return [below_20[int(digit)] for digit in digits]


def digit_words(digits: str, language: Language) -> str:
    """Text form of :func:`digit_fragments`."""
    return " ".join(digit_fragments(digits, language))


def vocabulary(language: Language) -> tuple[str, ...]:
    """Every fragment the functions above can return, ordered by value.

    The order is fixed so pre-synthesized audio files can be generated and
    compared deterministically.
    """
    _check_language(language)
    below_20, tens, hundreds, thousands = _TABLES[language]
    tables = (below_20, tens, hundreds, thousands)
    # Empty strings are placeholders for "no fragment at this digit".
    return tuple(fragment for table in tables for fragment in table if fragment)
