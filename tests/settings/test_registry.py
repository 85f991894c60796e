"""The settings registry: one declaration per key, one error list with key and line for the
whole file (printers and tts included), dotted keys, and single values checked on their own
as the admin pages will."""

from __future__ import annotations

from datetime import time

import pytest

from queue_server.domain.models import Service
from queue_server.settings import (
    KEYS,
    RULES,
    CatalogDraft,
    Invalid,
    InvalidSettings,
    check_catalog,
    key_lines,
    load_settings,
    parse_settings,
    validate_table,
    validate_value,
)
from tests.test_settings import CONFIG, MINIMAL, REAL, assert_reported, edit, line_of, problems


def test_three_mistakes_in_three_layers_are_all_reported_with_key_and_line() -> None:
    text = edit(REAL, "port = 9100", 'port = "9100"')  # the printer's
    text = edit(text, "gtts_timeout = 4.0", "gtts_timeout = 0")
    text = edit(text, 'services = { "skck" = 1 }', 'services = { "skck" = 1, "skkb" = 2 }')
    message = problems(text, source=CONFIG)
    assert "has 3 problem(s)" in message
    assert_reported(message, "printers.default.port", line_of(text, 'port = "9100"'))
    assert_reported(message, "tts.gtts_timeout", line_of(text, "gtts_timeout = 0"))
    assert_reported(message, "counters[15].services.skkb", line_of(text, '"skkb" = 2'))


def test_problems_are_listed_in_file_order() -> None:
    text = edit(REAL, "port = 9100", "port = 0")  # near the end
    text = edit(text, 'language = "id"', 'language = "jv"')  # near the start
    listed = [ln for ln in problems(text).splitlines() if ln.startswith("  - ")]
    assert listed[0].startswith("  - site.language") and "printers.default.port" in listed[1]


def test_the_error_carries_each_problem_with_its_path_for_a_form() -> None:
    text = edit(MINIMAL, 'prefix = "A"', 'prefix = "a"')
    with pytest.raises(InvalidSettings) as caught:
        parse_settings(text)
    [problem] = caught.value.problems
    assert problem.path == ("agencies", 0, "services", 0, "prefix")
    assert caught.value.field == "agencies[1].services[1].prefix"


def test_dotted_keys_are_reported_at_their_line() -> None:
    text = edit(MINIMAL, '[site]\nname = "MPP Uji"\ntimezone = "Asia/Jakarta"\n'
                'public_url = "http://localhost:8080"\n',
                'site.name = "MPP Uji"\nsite.timezone = "Asia/Jakrta"\n'
                'site.public_url = "http://localhost:8080"\n')
    text = edit(text, "  avg_service_minutes = 5\n",
                '  avg_service_minutes = 5\n  hours.friday = "11:00-08:00"\n')
    message = problems(text)
    assert_reported(message, "site.timezone", 2)
    assert_reported(message, "agencies[1].services[1].hours.friday", line_of(text, "11:00-08"))


def test_an_inline_table_key_gets_its_own_line() -> None:
    text = edit(MINIMAL, "  avg_service_minutes = 5\n",
                '  avg_service_minutes = 5\n  hours = { jumat = "08:00-11:00" }\n')
    assert_reported(problems(text), "agencies[1].services[1].hours.jumat",
                    line_of(text, "jumat"))


def test_key_lines_reads_dotted_keys_inline_tables_and_skips_multiline_strings() -> None:
    text = """\
site.name = "x"
[server]
port = 1
note = \"\"\"
fake = 1
\"\"\"
[[counters]]
services = { "skck" = 1, b = { c = 2 } }
"""
    lines = key_lines(text)
    assert lines[("site",)] == lines[("site", "name")] == 1
    assert lines[("server", "port")] == 3
    assert ("server", "fake") not in lines
    assert lines[("counters", 0, "services", "skck")] == 8
    assert lines[("counters", 0, "services", "b", "c")] == 8


@pytest.mark.parametrize("prefix", ["O", "KIA", "IO"])
def test_a_prefix_with_i_or_o_is_refused(prefix: str) -> None:
    text = edit(MINIMAL, 'prefix = "A"', f'prefix = "{prefix}"')
    assert "must not contain I or O" in problems(text)


# ---------------------------------------------------------------- one value, one form


def test_one_value_is_checked_and_cleaned_by_its_declaration() -> None:
    assert validate_value("services.daily_quota", 150) == 150
    assert validate_value("services.avg_service_minutes", 7) == 7.0
    assert validate_value("hours.friday", "08:00-11:00") == ((time(8), time(11)),)
    assert validate_value("printers.vendor_id", "0x04b8") == 0x04B8
    assert validate_value("tts.engines", ["espeak"]) == ("espeak",)


@pytest.mark.parametrize(("key", "raw", "where", "says"), [
    ("services.daily_quota", 0, "services.daily_quota", "at least 1"),
    ("services.daily_quota", "150", "services.daily_quota", "must be an integer"),
    ("services.prefix", "a1", "services.prefix", "capital letters"),
    ("services.hours", {"jumat": "08:00-11:00"}, "services.hours.jumat", "unknown key"),
    ("site.timezone", "Asia/Jakrta", "site.timezone", "unknown time zone"),
    ("tts.engines", ["azure"], "tts.engines", "unknown engine 'azure'"),
])
def test_a_bad_value_gives_the_message_for_its_field(key, raw, where, says) -> None:
    result = validate_value(key, raw)
    assert isinstance(result, Invalid)
    assert result.key == where and says in result.message


def test_an_undeclared_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        validate_value("services.colour", "biru")


def test_a_form_gets_every_problem_and_the_defaults() -> None:
    values, found = validate_table("services", {"id": "Bad Id", "prefix": "A", "name": "",
                                                "avg_service_minutes": 5})
    assert {p.key: p.message for p in found} == {
        "services.id": "must be lower-case letters, digits, - or _ (max 40)",
        "services.name": "must not be empty"}
    assert values["prefix"] == "A" and values["daily_quota"] is None


def test_catalogue_rules_run_on_domain_objects_from_anywhere() -> None:
    settings = load_settings(CONFIG)
    edited = Service(id="ktp-baru", agency_id="dukcapil", prefix="A", name="KTP baru",
                     name_en="New ID", daily_quota=None, max_wait_minutes=None,
                     avg_service_minutes=5.0)
    draft = CatalogDraft(
        agencies=[(("agencies", a.id), a) for a in settings.agencies],
        services=[*((("services", s.id), s) for s in settings.services),
                  (("services", edited.id), edited)])
    [problem] = check_catalog(draft)
    assert problem.path == ("services", "ktp-baru", "prefix")
    assert problem.see == ("services", "ktp-el", "prefix")
    assert "duplicated prefix 'A'" in problem.message


def test_every_key_and_rule_is_declared_with_help() -> None:
    assert len(KEYS) > 60
    for name, key in KEYS.items():
        assert key.help.strip() and key.type.name, name
    assert {rule.key for rule in RULES} <= set(KEYS)
