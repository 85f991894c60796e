"""What the lobby TV says on a call: the phrase text and its fragments from a fixed vocabulary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.domain.announcement import (
    Fragment,
    announce_call,
    code_fragments,
    counter_fragments,
    fixed_vocabulary,
)
from queue_server.domain.models import NumberReading
from queue_server.domain.numbering import ticket_code
from queue_server.domain.spoken_numbers import Language

# (code, counter name, counter number, recall, text)
INDONESIAN = [
    ("A001", "Loket 1", 1, False, "Nomor antrian, A, satu, silakan menuju loket, satu"),
    ("A002", "Loket 2", 2, False, "Nomor antrian, A, dua, silakan menuju loket, dua"),
    ("A010", "Loket 10", 10, False, "Nomor antrian, A, sepuluh, silakan menuju loket, sepuluh"),
    ("A011", "Loket 11", 11, False, "Nomor antrian, A, sebelas, silakan menuju loket, sebelas"),
    ("B012", "Loket 3", 3, False, "Nomor antrian, B, dua belas, silakan menuju loket, tiga"),
    ("C019", "Loket 4", 4, False,
     "Nomor antrian, C, sembilan belas, silakan menuju loket, empat"),
    ("D020", "Loket 5", 5, False, "Nomor antrian, D, dua puluh, silakan menuju loket, lima"),
    ("E021", "Loket 1", 1, False, "Nomor antrian, E, dua puluh satu, silakan menuju loket, satu"),
    ("F045", "Loket 6", 6, False,
     "Nomor antrian, F, empat puluh lima, silakan menuju loket, enam"),
    ("G099", "Loket 7", 7, False,
     "Nomor antrian, G, sembilan puluh sembilan, silakan menuju loket, tujuh"),
    ("H100", "Loket 8", 8, False, "Nomor antrian, H, seratus, silakan menuju loket, delapan"),
    ("J101", "Loket 9", 9, False,
     "Nomor antrian, J, seratus satu, silakan menuju loket, sembilan"),
    ("K110", "Loket 10", 10, False,
     "Nomor antrian, K, seratus sepuluh, silakan menuju loket, sepuluh"),
    ("L111", "Loket 11", 11, False,
     "Nomor antrian, L, seratus sebelas, silakan menuju loket, sebelas"),
    ("M115", "Loket 12", 12, False,
     "Nomor antrian, M, seratus lima belas, silakan menuju loket, dua belas"),
    ("A123", "Loket 3", 3, False,
     "Nomor antrian, A, seratus dua puluh tiga, silakan menuju loket, tiga"),
    ("N200", "Loket 13", 13, False,
     "Nomor antrian, N, dua ratus, silakan menuju loket, tiga belas"),
    ("P250", "Loket 14", 14, False,
     "Nomor antrian, P, dua ratus lima puluh, silakan menuju loket, empat belas"),
    ("S999", "Loket 15", 15, False,
     "Nomor antrian, S, sembilan ratus sembilan puluh sembilan, silakan menuju loket, "
     "lima belas"),
    ("T1000", "Loket 16", 16, False,
     "Nomor antrian, T, seribu, silakan menuju loket, enam belas"),
    ("U1001", "Loket 17", 17, False,
     "Nomor antrian, U, seribu satu, silakan menuju loket, tujuh belas"),
    ("V1011", "Loket 18", 18, False,
     "Nomor antrian, V, seribu sebelas, silakan menuju loket, delapan belas"),
    ("W1100", "Loket 19", 19, False,
     "Nomor antrian, W, seribu seratus, silakan menuju loket, sembilan belas"),
    ("X2019", "Loket 20", 20, False,
     "Nomor antrian, X, dua ribu sembilan belas, silakan menuju loket, dua puluh"),
    ("Y2000", "Loket 21", 21, False,
     "Nomor antrian, Y, dua ribu, silakan menuju loket, dua puluh satu"),
    ("Z9999", "Loket 22", 22, False,
     "Nomor antrian, Z, sembilan ribu sembilan ratus sembilan puluh sembilan, "
     "silakan menuju loket, dua puluh dua"),
    ("KK007", "Loket 2", 2, False, "Nomor antrian, K, K, tujuh, silakan menuju loket, dua"),
    ("SKC100", "Loket 30", 30, False,
     "Nomor antrian, S, K, C, seratus, silakan menuju loket, tiga puluh"),
    ("A123", "Loket 3", 3, True,
     "Panggilan ulang, nomor antrian, A, seratus dua puluh tiga, silakan menuju loket, tiga"),
    ("A001", "Loket 99", 99, True,
     "Panggilan ulang, nomor antrian, A, satu, silakan menuju loket, sembilan puluh sembilan"),
    ("B300", "Loket 1", 1, True,
     "Panggilan ulang, nomor antrian, B, tiga ratus, silakan menuju loket, satu"),
    ("X042", "Teller Bank Bengkulu", 20, False,
     "Nomor antrian, X, empat puluh dua, silakan menuju Teller Bank Bengkulu"),
    ("Y010", "CS Bank Bengkulu", 21, True,
     "Panggilan ulang, nomor antrian, Y, sepuluh, silakan menuju CS Bank Bengkulu"),
    ("A1010", "loket 4", 4, False,
     "Nomor antrian, A, seribu sepuluh, silakan menuju loket, empat"),
]

ENGLISH = [
    ("A001", "Loket 1", 1, False, "Ticket number, A, one, please proceed to counter, one"),
    ("A010", "Loket 2", 2, False, "Ticket number, A, ten, please proceed to counter, two"),
    ("A011", "Loket 11", 11, False,
     "Ticket number, A, eleven, please proceed to counter, eleven"),
    ("A012", "Loket 12", 12, False,
     "Ticket number, A, twelve, please proceed to counter, twelve"),
    ("B019", "Loket 3", 3, False,
     "Ticket number, B, nineteen, please proceed to counter, three"),
    ("C020", "Loket 4", 4, False, "Ticket number, C, twenty, please proceed to counter, four"),
    ("D021", "Loket 5", 5, False,
     "Ticket number, D, twenty-one, please proceed to counter, five"),
    ("E045", "Loket 6", 6, False, "Ticket number, E, forty-five, please proceed to counter, six"),
    ("F099", "Loket 7", 7, False,
     "Ticket number, F, ninety-nine, please proceed to counter, seven"),
    ("G100", "Loket 8", 8, False,
     "Ticket number, G, one hundred, please proceed to counter, eight"),
    ("H101", "Loket 9", 9, False,
     "Ticket number, H, one hundred one, please proceed to counter, nine"),
    ("J110", "Loket 10", 10, False,
     "Ticket number, J, one hundred ten, please proceed to counter, ten"),
    ("K111", "Loket 11", 11, False,
     "Ticket number, K, one hundred eleven, please proceed to counter, eleven"),
    ("A123", "Loket 3", 3, False,
     "Ticket number, A, one hundred twenty-three, please proceed to counter, three"),
    ("L200", "Loket 13", 13, False,
     "Ticket number, L, two hundred, please proceed to counter, thirteen"),
    ("M999", "Loket 14", 14, False,
     "Ticket number, M, nine hundred ninety-nine, please proceed to counter, fourteen"),
    ("N1000", "Loket 15", 15, False,
     "Ticket number, N, one thousand, please proceed to counter, fifteen"),
    ("P1001", "Loket 16", 16, False,
     "Ticket number, P, one thousand one, please proceed to counter, sixteen"),
    ("R1100", "Loket 17", 17, False,
     "Ticket number, R, one thousand one hundred, please proceed to counter, seventeen"),
    ("S2019", "Loket 18", 18, False,
     "Ticket number, S, two thousand nineteen, please proceed to counter, eighteen"),
    ("T2000", "Loket 19", 19, False,
     "Ticket number, T, two thousand, please proceed to counter, nineteen"),
    ("U9999", "Loket 20", 20, False,
     "Ticket number, U, nine thousand nine hundred ninety-nine, please proceed to counter, "
     "twenty"),
    ("V030", "Loket 21", 21, False,
     "Ticket number, V, thirty, please proceed to counter, twenty-one"),
    ("W057", "Loket 22", 22, False,
     "Ticket number, W, fifty-seven, please proceed to counter, twenty-two"),
    ("KK007", "Counter 2", 2, False,
     "Ticket number, K, K, seven, please proceed to counter, two"),
    ("SKC100", "Loket 30", 30, False,
     "Ticket number, S, K, C, one hundred, please proceed to counter, thirty"),
    ("A123", "Loket 3", 3, True,
     "Calling again, ticket number, A, one hundred twenty-three, please proceed to counter, "
     "three"),
    ("Z001", "Loket 99", 99, True,
     "Calling again, ticket number, Z, one, please proceed to counter, ninety-nine"),
    ("X088", "Teller Bank Bengkulu", 20, False,
     "Ticket number, X, eighty-eight, please proceed to Teller Bank Bengkulu"),
    ("Y016", "CS Bank Bengkulu", 21, True,
     "Calling again, ticket number, Y, sixteen, please proceed to CS Bank Bengkulu"),
    ("A1011", "Loket 40", 40, False,
     "Ticket number, A, one thousand eleven, please proceed to counter, forty"),
]


def test_each_language_has_at_least_30_table_cases_with_key_numbers_and_a_recall() -> None:
    for table in (INDONESIAN, ENGLISH):
        assert len(table) >= 30
        numbers = {int(code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for code, *_ in table}
        assert {11, 100, 111, 1000, 2019} <= numbers
        assert any(recall for *_, recall, _ in table)


@pytest.mark.parametrize(("code", "name", "number", "recall", "text"), INDONESIAN)
def test_indonesian_phrase_text(code: str, name: str, number: int, recall: bool,
                                text: str) -> None:
    announcement = announce_call(code, name, number, "id", recall=recall)
    assert announcement.text == text
    assert announcement.language == "id"


@pytest.mark.parametrize(("code", "name", "number", "recall", "text"), ENGLISH)
def test_english_phrase_text(code: str, name: str, number: int, recall: bool,
                             text: str) -> None:
    announcement = announce_call(code, name, number, "en", recall=recall)
    assert announcement.text == text
    assert announcement.language == "en"


def test_design_phrase_for_a123_at_loket_3_is_exact_with_fragments_in_order() -> None:
    announcement = announce_call("A123", "Loket 3", 3, "id")
    assert announcement.text == (
        "Nomor antrian, A, seratus dua puluh tiga, silakan menuju loket, tiga"
    )
    assert [f.text for f in announcement.fragments] == [
        "nomor antrian", "a", "seratus", "dua puluh", "tiga", "silakan menuju", "loket", "tiga",
    ]
    assert [f.key for f in announcement.fragments] == [
        "nomor-antrian", "letter-a", "seratus", "dua-puluh", "tiga", "silakan-menuju", "loket",
        "tiga",
    ]


def test_recall_puts_the_again_fragment_first() -> None:
    plain = announce_call("A123", "Loket 3", 3, "id")
    again = announce_call("A123", "Loket 3", 3, "id", recall=True)
    assert again.fragments[0] == Fragment("panggilan-ulang", "panggilan ulang")
    assert again.fragments[1:] == plain.fragments
    english = announce_call("A123", "Loket 3", 3, "en", recall=True)
    assert english.fragments[0] == Fragment("calling-again", "calling again")


def test_digits_reading_says_each_digit() -> None:
    announcement = announce_call("A005", "Loket 2", 2, "id", reading=NumberReading.DIGITS)
    assert announcement.text == "Nomor antrian, A, nol nol lima, silakan menuju loket, dua"
    assert [f.text for f in announcement.fragments[1:5]] == ["a", "nol", "nol", "lima"]
    english = announce_call("A1000", "Loket 2", 2, "en", reading=NumberReading.DIGITS)
    assert english.text == (
        "Ticket number, A, one zero zero zero, please proceed to counter, two"
    )


def test_digits_reading_keeps_counter_number_whole() -> None:
    announcement = announce_call("B012", "Loket 12", 12, "id", reading=NumberReading.DIGITS)
    assert announcement.text.endswith("silakan menuju loket, dua belas")


def test_whole_reading_drops_leading_zeros() -> None:
    assert [f.text for f in code_fragments("A005", "id")] == ["a", "lima"]


def test_letters_are_spelled_with_their_names() -> None:
    assert [f.text for f in code_fragments("SKC001", "id")][:3] == ["es", "ka", "ce"]
    assert [f.text for f in code_fragments("SKC001", "en")][:3] == ["ess", "kay", "see"]


@pytest.mark.parametrize("bad", ["001", "a001", "A", "ABCD1", "A-1", "A1B"])
def test_code_fragments_reject_what_is_not_a_ticket_code(bad: str) -> None:
    with pytest.raises(ValueError, match="not a ticket code"):
        code_fragments(bad, "id")


@pytest.mark.parametrize(
    "name", ["Teller Bank Bengkulu", "CS Bank Bengkulu", "Loket Prioritas", "Loket 3A"]
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_named_counter_is_read_as_one_fragment(name: str, language: Language) -> None:
    fragments = counter_fragments(name, 20, language)
    assert len(fragments) == 1
    assert fragments[0].text == name
    assert fragments[0].key.startswith("name-")
    announcement = announce_call("X001", name, 20, language)
    assert announcement.fragments[-1] == fragments[0]
    assert announcement.text.endswith(name)


@pytest.mark.parametrize("name", ["Loket 7", "loket 7", "LOKET 7", "Counter 7", " Loket 7 "])
def test_default_counter_names_are_read_as_word_plus_number(name: str) -> None:
    assert counter_fragments(name, 7, "id") == [
        Fragment("loket", "loket"), Fragment("tujuh", "tujuh")
    ]
    assert counter_fragments(name, 7, "en") == [
        Fragment("counter", "counter"), Fragment("seven", "seven")
    ]


def test_fixed_vocabulary_has_unique_keys() -> None:
    for language in ("id", "en"):
        keys = [f.key for f in fixed_vocabulary(language)]
        assert len(keys) == len(set(keys))


@given(
    prefix=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3),
    number=st.integers(min_value=1, max_value=9999),
    counter_number=st.integers(min_value=1, max_value=99),
    default_name=st.booleans(),
    named=st.sampled_from(["Teller Bank Bengkulu", "CS Bank Bengkulu", "Meja Informasi"]),
    language=st.sampled_from(["id", "en"]),
    recall=st.booleans(),
    reading=st.sampled_from(list(NumberReading)),
)
def test_every_fragment_except_counter_names_is_in_the_fixed_vocabulary(
    prefix: str, number: int, counter_number: int, default_name: bool, named: str,
    language: Language, recall: bool, reading: NumberReading,
) -> None:
    name = f"Loket {counter_number}" if default_name else named
    announcement = announce_call(ticket_code(prefix, number), name, counter_number, language,
                                 recall=recall, reading=reading)
    vocabulary = set(fixed_vocabulary(language))
    spoken = [f for f in announcement.fragments if not f.key.startswith("name-")]
    assert set(spoken) <= vocabulary
    names = [f for f in announcement.fragments if f.key.startswith("name-")]
    assert len(names) == (0 if default_name else 1)
    assert announcement.text[0].isupper()
