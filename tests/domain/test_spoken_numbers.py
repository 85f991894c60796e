from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.spoken_numbers import (
    Language,
    digit_fragments,
    digit_words,
    number_fragments,
    number_words,
    vocabulary,
)

LANGUAGES: tuple[Language, ...] = ("id", "en")
queue_numbers = st.integers(min_value=0, max_value=9999)
languages = st.sampled_from(LANGUAGES)

INDONESIAN_CASES = [
    (0, "nol"),
    (1, "satu"),
    (2, "dua"),
    (3, "tiga"),
    (4, "empat"),
    (5, "lima"),
    (6, "enam"),
    (7, "tujuh"),
    (8, "delapan"),
    (9, "sembilan"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (13, "tiga belas"),
    (14, "empat belas"),
    (15, "lima belas"),
    (16, "enam belas"),
    (17, "tujuh belas"),
    (18, "delapan belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (30, "tiga puluh"),
    (40, "empat puluh"),
    (50, "lima puluh"),
    (60, "enam puluh"),
    (70, "tujuh puluh"),
    (80, "delapan puluh"),
    (90, "sembilan puluh"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (110, "seratus sepuluh"),
    (111, "seratus sebelas"),
    (115, "seratus lima belas"),
    (120, "seratus dua puluh"),
    (123, "seratus dua puluh tiga"),
    (199, "seratus sembilan puluh sembilan"),
    (200, "dua ratus"),
    (305, "tiga ratus lima"),
    (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1010, "seribu sepuluh"),
    (1011, "seribu sebelas"),
    (1100, "seribu seratus"),
    (1111, "seribu seratus sebelas"),
    (2000, "dua ribu"),
    (2019, "dua ribu sembilan belas"),
    (2345, "dua ribu tiga ratus empat puluh lima"),
    (5000, "lima ribu"),
    (7070, "tujuh ribu tujuh puluh"),
    (9999, "sembilan ribu sembilan ratus sembilan puluh sembilan"),
]

ENGLISH_CASES = [
    (0, "zero"),
    (1, "one"),
    (2, "two"),
    (3, "three"),
    (4, "four"),
    (5, "five"),
    (6, "six"),
    (7, "seven"),
    (8, "eight"),
    (9, "nine"),
    (10, "ten"),
    (11, "eleven"),
    (12, "twelve"),
    (13, "thirteen"),
    (14, "fourteen"),
    (15, "fifteen"),
    (16, "sixteen"),
    (17, "seventeen"),
    (18, "eighteen"),
    (19, "nineteen"),
    (20, "twenty"),
    (21, "twenty-one"),
    (30, "thirty"),
    (40, "forty"),
    (50, "fifty"),
    (60, "sixty"),
    (70, "seventy"),
    (80, "eighty"),
    (90, "ninety"),
    (99, "ninety-nine"),
    (100, "one hundred"),
    (101, "one hundred one"),
    (110, "one hundred ten"),
    (111, "one hundred eleven"),
    (115, "one hundred fifteen"),
    (120, "one hundred twenty"),
    (123, "one hundred twenty-three"),
    (199, "one hundred ninety-nine"),
    (200, "two hundred"),
    (305, "three hundred five"),
    (999, "nine hundred ninety-nine"),
    (1000, "one thousand"),
    (1001, "one thousand one"),
    (1010, "one thousand ten"),
    (1011, "one thousand eleven"),
    (1100, "one thousand one hundred"),
    (1111, "one thousand one hundred eleven"),
    (2000, "two thousand"),
    (2019, "two thousand nineteen"),
    (2345, "two thousand three hundred forty-five"),
    (5000, "five thousand"),
    (7070, "seven thousand seventy"),
    (9999, "nine thousand nine hundred ninety-nine"),
]


# --- parsers written independently of the module, used for round-trips -------------

_ID_DIGITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4,
    "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
}  # fmt: skip
_ID_SE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}
_ID_SCALES = {"puluh": 10, "ratus": 100, "ribu": 1000}

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000}


def _place(value: int) -> int:
    for place in (1000, 100):
        if value >= place:
            return place
    return 10 if value >= 20 else 1


def parse_indonesian(text: str) -> int:
    """Words -> number; place values must strictly decrease, as in real numerals."""
    total = 0
    pending: int | None = None  # a bare digit word waiting for its scale word
    last_place = 10_000
    for word in text.split(" "):
        if word in _ID_DIGITS:
            assert pending is None, text
            pending = _ID_DIGITS[word]
            continue
        if word in _ID_SE_WORDS:
            assert pending is None, text
            value = _ID_SE_WORDS[word]
        elif word == "belas":
            assert pending is not None and pending >= 2, text
            value, pending = 10 + pending, None
        elif word in _ID_SCALES:
            assert pending is not None and pending >= 2, text
            value, pending = pending * _ID_SCALES[word], None
        else:
            raise AssertionError(f"unknown Indonesian word {word!r} in {text!r}")
        if 10 <= value < 20:
            assert last_place > 10, text  # a teen fills both the tens and units slot
        place = _place(value)
        assert place < last_place, text
        last_place = place
        total += value
    if pending is not None:
        assert last_place > 1, text
        assert pending != 0 or last_place == 10_000, text  # "nol" only stands alone
        total += pending
    return total


def parse_english(text: str) -> int:
    total = 0
    current = 0
    for word in re.split(r"[ -]", text):
        if word in _EN_SMALL:
            current += _EN_SMALL[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word in _EN_SCALES:
            assert 1 <= current <= 9, text
            total += current * _EN_SCALES[word]
            current = 0
        else:
            raise AssertionError(f"unknown English word {word!r} in {text!r}")
    return total + current


PARSERS = {"id": parse_indonesian, "en": parse_english}


# --- exact text tables ----------------------------------------------------------------


@pytest.mark.parametrize(("n", "expected"), INDONESIAN_CASES)
def test_indonesian_number_words_match_table(n: int, expected: str) -> None:
    assert number_words(n, "id") == expected


@pytest.mark.parametrize(("n", "expected"), ENGLISH_CASES)
def test_english_number_words_match_table(n: int, expected: str) -> None:
    assert number_words(n, "en") == expected


def test_tables_are_large_enough_and_self_consistent() -> None:
    for cases in (INDONESIAN_CASES, ENGLISH_CASES):
        numbers = [n for n, _ in cases]
        assert len(cases) >= 45
        assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, ["nol"]),
        (11, ["sebelas"]),
        (100, ["seratus"]),
        (111, ["seratus", "sebelas"]),
        (123, ["seratus", "dua puluh", "tiga"]),
        (1000, ["seribu"]),
        (2019, ["dua ribu", "sembilan belas"]),
        (2345, ["dua ribu", "tiga ratus", "empat puluh", "lima"]),
    ],
)
def test_indonesian_fragments_are_whole_units(n: int, expected: list[str]) -> None:
    assert number_fragments(n, "id") == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, ["zero"]),
        (99, ["ninety", "nine"]),
        (101, ["one hundred", "one"]),
        (2345, ["two thousand", "three hundred", "forty", "five"]),
    ],
)
def test_english_fragments_are_whole_units(n: int, expected: list[str]) -> None:
    assert number_fragments(n, "en") == expected


def test_indonesian_teens_use_belas() -> None:
    for n in range(12, 20):
        (fragment,) = number_fragments(n, "id")
        assert fragment.endswith(" belas")


def test_english_has_no_and() -> None:
    assert all(" and " not in number_words(n, "en") for n in range(10_000))


# --- digit reading --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "language", "expected"),
    [
        ("007", "id", ["nol", "nol", "tujuh"]),
        ("007", "en", ["zero", "zero", "seven"]),
        ("0", "id", ["nol"]),
        ("1234567890", "id",
         ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "nol"]),
        ("1234567890", "en",
         ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero"]),
    ],
)  # fmt: skip
def test_digit_fragments_read_each_digit(
    digits: str, language: Language, expected: list[str]
) -> None:
    assert digit_fragments(digits, language) == expected


def test_digit_words_join_with_spaces() -> None:
    assert digit_words("007", "id") == "nol nol tujuh"
    assert digit_words("042", "en") == "zero four two"


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=12), language=languages)
def test_digit_reading_has_one_fragment_per_digit(digits: str, language: Language) -> None:
    fragments = digit_fragments(digits, language)
    assert len(fragments) == len(digits)
    assert digit_words(digits, language) == " ".join(fragments)
    assert "".join(str(PARSERS[language](f)) for f in fragments) == digits


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 10_000, True, False, 1.5, 12.0, "12", None])
@pytest.mark.parametrize("language", LANGUAGES)
def test_number_out_of_range_or_not_int_is_rejected(bad: object, language: Language) -> None:
    with pytest.raises(ValueError):
        number_fragments(bad, language)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        number_words(bad, language)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "12a", " 12", "-1", "1.5", "١٢", "²", None, 12])
@pytest.mark.parametrize("language", LANGUAGES)
def test_digit_reading_rejects_non_ascii_digit_input(bad: object, language: Language) -> None:
    with pytest.raises(ValueError):
        digit_fragments(bad, language)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        digit_words(bad, language)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["fr", "ID", ""])
def test_unknown_language_is_rejected(language: str) -> None:
    for call in (
        lambda: number_fragments(5, language),  # type: ignore[arg-type]
        lambda: number_words(5, language),  # type: ignore[arg-type]
        lambda: digit_fragments("5", language),  # type: ignore[arg-type]
        lambda: vocabulary(language),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValueError):
            call()


# --- vocabulary -----------------------------------------------------------------------


@given(n=queue_numbers, language=languages)
def test_every_fragment_is_in_vocabulary(n: int, language: Language) -> None:
    assert set(number_fragments(n, language)) <= set(vocabulary(language))


@given(digits=st.text(alphabet="0123456789", min_size=1), language=languages)
def test_every_digit_fragment_is_in_vocabulary(digits: str, language: Language) -> None:
    assert set(digit_fragments(digits, language)) <= set(vocabulary(language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_vocabulary_is_small_stable_and_fully_used(language: Language) -> None:
    vocab = vocabulary(language)
    assert isinstance(vocab, tuple)
    assert len(vocab) < 60
    assert len(set(vocab)) == len(vocab)
    assert vocabulary(language) == vocab
    used = {fragment for n in range(10_000) for fragment in number_fragments(n, language)}
    assert used == set(vocab)


def test_vocabulary_is_ordered_by_value() -> None:
    assert vocabulary("id")[:3] == ("nol", "satu", "dua")
    assert vocabulary("id")[-1] == "sembilan ribu"
    assert vocabulary("en")[:3] == ("zero", "one", "two")
    assert vocabulary("en")[-1] == "nine thousand"


# --- properties -----------------------------------------------------------------------


@given(n=queue_numbers, language=languages)
def test_words_round_trip_through_parser(n: int, language: Language) -> None:
    assert PARSERS[language](number_words(n, language)) == n


@given(n=queue_numbers, language=languages)
def test_words_are_fragments_joined(n: int, language: Language) -> None:
    # Hyphens are text-only; removing them must give back the spoken fragments.
    assert number_words(n, language).replace("-", " ") == " ".join(number_fragments(n, language))


@given(n=queue_numbers)
def test_indonesian_never_says_satu_before_a_scale(n: int) -> None:
    text = number_words(n, "id")
    for wrong in ("satu ratus", "satu ribu", "satu puluh", "satu belas"):
        assert wrong not in text


@given(n=queue_numbers, language=languages)
def test_zero_word_only_for_zero(n: int, language: Language) -> None:
    zero = vocabulary(language)[0]
    assert (zero in number_fragments(n, language)) == (n == 0)


@given(n=st.integers(min_value=21, max_value=9999).filter(lambda n: n % 100 > 20 and n % 10))
def test_english_hyphenates_compound_tens(n: int) -> None:
    assert re.search(r"[a-z]+ty-[a-z]+$", number_words(n, "en"))
