"""What `tts warm` makes for MPP Lebong: the fixed words plus every counter's fragments."""

from __future__ import annotations

import pytest

from queue_server.domain.announcement import announce_call, fixed_vocabulary
from queue_server.settings import load_settings
from queue_server.voice.vocabulary import site_vocabulary
from tests.conftest import CONFIG


@pytest.fixture(scope="module")
def counters() -> list[tuple[str, int]]:
    return [(c.name, c.number) for c in load_settings(CONFIG).counters]


def test_site_vocabulary_has_the_words_numbers_and_named_counters(
        counters: list[tuple[str, int]]) -> None:
    vocabulary = site_vocabulary(counters, ["id", "en"])
    texts = {(lang, f.text) for f, lang in vocabulary}
    assert {("id", "loket"), ("id", "nomor antrian"), ("id", "dua puluh"),
            ("id", "sebelas"), ("en", "counter"), ("en", "twenty")} <= texts
    assert ("id", "Teller Bank Bengkulu") in texts
    assert ("id", "CS Bank Bengkulu") in texts
    keys = {(lang, f.key) for f, lang in vocabulary}
    assert ("id", "name-teller-bank-bengkulu") in keys


def test_every_fragment_of_every_call_at_every_counter_is_in_it(
        counters: list[tuple[str, int]]) -> None:
    keys = {(lang, f.key) for f, lang in site_vocabulary(counters, ["id"])}
    for name, number in counters:
        for code in ("A001", "X123", "ZZ9999"):
            call = announce_call(code, name, number, "id", recall=True)
            assert {("id", f.key) for f in call.fragments} <= keys


def test_each_clip_once_in_a_stable_order(counters: list[tuple[str, int]]) -> None:
    vocabulary = site_vocabulary(counters, ["id", "en"])
    keys = [(lang, f.key) for f, lang in vocabulary]
    assert len(keys) == len(set(keys))
    assert vocabulary == site_vocabulary(counters, ["id", "en"])
    # fixed words first, language by language: warm makes the common clips first
    assert [f for f, lang in vocabulary[:len(fixed_vocabulary("id"))]] == fixed_vocabulary("id")
    assert vocabulary[-1][1] == "en"


def test_counters_can_be_any_iterable() -> None:
    once = iter([("Loket 3", 3), ("Teller Bank Bengkulu", 20)])
    keys = {(lang, f.key) for f, lang in site_vocabulary(once, ("id", "en"))}
    assert ("en", "name-teller-bank-bengkulu") in keys


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        site_vocabulary([], ["fr"])
