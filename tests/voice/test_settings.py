"""The [tts] table: checked like the rest of config.toml, every problem named tts.KEY."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.domain.errors import ConfigError
from queue_server.settings import parse_tts_settings
from queue_server.voice.engines import EspeakEngine, GttsEngine, VoicePackEngine, build_engines
from queue_server.voice.settings import TtsSettings


def test_empty_table_gives_the_defaults(tmp_path: Path) -> None:
    settings = parse_tts_settings({}, tmp_path)
    assert settings == TtsSettings()
    assert settings.engines == ("voice_pack", "gtts", "espeak")
    assert (settings.gtts_timeout, settings.gtts_min_interval) == (4.0, 1.0)
    assert settings.gtts_endpoint is None and settings.gtts_tld == "co.id"


def test_values_are_read_and_paths_are_relative_to_the_config(tmp_path: Path) -> None:
    settings = parse_tts_settings({
        "engines": ["espeak"], "voice_pack": "suara", "gtts_timeout": 2,
        "gtts_min_interval": 0, "gtts_endpoint": "http://127.0.0.1:8099/",
        "gtts_tld": "com", "espeak_speed": 160, "espeak_voice_en": "en-us",
    }, tmp_path)
    assert settings.engines == ("espeak",)
    assert settings.voice_pack == tmp_path / "suara"
    assert settings.gtts_timeout == 2.0 and isinstance(settings.gtts_timeout, float)
    assert settings.gtts_endpoint == "http://127.0.0.1:8099"
    assert settings.espeak_voice_en == "en-us"


def test_absolute_voice_pack_path_is_kept(tmp_path: Path) -> None:
    assert parse_tts_settings({"voice_pack": "/srv/suara"}, tmp_path).voice_pack == Path(
        "/srv/suara")


@pytest.mark.parametrize(("table", "key"), [
    ({"colour": "blue"}, "colour"),
    ({"engines": ["gtts", "azure"]}, "engines"),
    ({"engines": "gtts"}, "engines"),
    ({"engines": []}, "engines"),
    ({"engines": ["gtts", "gtts"]}, "engines"),
    ({"voice_pack": 3}, "voice_pack"),
    ({"gtts_timeout": "4"}, "gtts_timeout"),
    ({"gtts_timeout": 0}, "gtts_timeout"),
    ({"gtts_timeout": True}, "gtts_timeout"),
    ({"gtts_min_interval": -1}, "gtts_min_interval"),
    ({"gtts_endpoint": "127.0.0.1:8099"}, "gtts_endpoint"),
    ({"gtts_tld": "co id"}, "gtts_tld"),
    ({"espeak_speed": 140.0}, "espeak_speed"),
    ({"espeak_speed": 10}, "espeak_speed"),
    ({"espeak_voice_id": "-w"}, "espeak_voice_id"),
])
def test_problems_name_the_key(tmp_path: Path, table: dict, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_tts_settings(table, tmp_path)
    assert caught.value.message.startswith(f"tts.{key}: ")
    assert caught.value.field == f"tts.{key}"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_tts_settings({"engines": ["azure"], "gtts_timeout": "x", "typo": 1}, tmp_path)
    message = caught.value.message
    assert "tts.engines: unknown engine 'azure'" in message
    assert "tts.gtts_timeout:" in message and "tts.typo: unknown key" in message


def test_engines_are_built_in_order_and_voice_pack_needs_a_folder(tmp_path: Path) -> None:
    default = build_engines(TtsSettings())
    assert [type(e) for e in default] == [GttsEngine, EspeakEngine]
    with_pack = build_engines(TtsSettings(voice_pack=tmp_path,
                                          engines=("espeak", "voice_pack")))
    assert [type(e) for e in with_pack] == [EspeakEngine, VoicePackEngine]
