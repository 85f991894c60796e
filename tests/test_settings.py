"""config.toml: the real file loads, and each kind of mistake stops the server with a message
that names the key and the line where the file shows it."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from queue_server.domain.errors import ConfigError
from queue_server.domain.models import PriorityMode
from queue_server.settings import key_lines, load_settings, parse_settings

CONFIG = Path(__file__).resolve().parent.parent / "config.toml"
REAL = CONFIG.read_text(encoding="utf-8")

MINIMAL = """\
[site]
name = "MPP Uji"
timezone = "Asia/Jakarta"
public_url = "http://localhost:8080"

[[agencies]]
id = "satu"
name = "Dinas Satu"
short_name = "Satu"

  [[agencies.services]]
  id = "layanan-a"
  prefix = "A"
  name = "Layanan A"
  avg_service_minutes = 5

[[counters]]
id = "loket-1"
number = 1
agency = "satu"
services = { "layanan-a" = 1 }
"""


def line_of(text: str, snippet: str) -> int:
    """1-based line of the only line containing `snippet` (the test's own oracle)."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    assert len(found) == 1, (snippet, found)
    return found[0]


def edit(text: str, old: str, new: str) -> str:
    """Replace the first occurrence of `old`, which must exist."""
    assert old in text, old
    return text.replace(old, new, 1)


def problems(text: str, source: Path | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_settings(text, source=source)
    assert caught.value.code == "config_error"
    return caught.value.message


def assert_reported(message: str, key: str, line: int) -> None:
    """One reported problem names `key` and the right line."""
    pattern = re.escape(key) + r" \([^)]* line " + str(line) + r"\)"
    assert re.search(pattern, message), f"{key!r} at line {line} not in:\n{message}"


# ---------------------------------------------------------------- the real file


@pytest.fixture(scope="module")
def real():
    return load_settings(CONFIG)


def test_repo_config_loads_mpp_lebong(real) -> None:
    assert real.site.timezone == "Asia/Jakarta"
    assert str(real.site.zone) == "Asia/Jakarta"
    assert real.site.short_name == "MPP Lebong"
    assert real.source == CONFIG
    assert real.queue.priority_mode is PriorityMode.STRICT


def test_repo_config_has_at_least_8_agencies_and_20_counters(real) -> None:
    assert len(real.agencies) >= 8
    assert len(real.counters) >= 20
    assert all(real.services_of(agency.id) for agency in real.agencies)


def test_repo_config_prefixes_service_ids_and_counter_numbers_are_unique(real) -> None:
    services = [s for _, s in real.services_with_agency()]
    prefixes = [s.prefix for s in services]
    assert len(prefixes) == len(set(prefixes))
    assert len({s.id for s in services}) == len(services)
    assert len({c.number for c in real.counters}) == len(real.counters)
    assert not {"I", "O"} & set(prefixes)  # never read as 1 and 0


def test_repo_config_counters_point_to_known_agencies_and_services(real) -> None:
    agencies = {a.id: {s.id for s in real.services_of(a.id)} for a in real.agencies}
    for counter in real.counters:
        assert counter.agency_id in agencies
        assert set(counter.service_weights) <= agencies[counter.agency_id]
        assert all(w > 0 for w in counter.service_weights.values())


def test_repo_config_zones_cover_known_agencies(real) -> None:
    assert len(real.zones) >= 2
    known = {a.id for a in real.agencies}
    for zone in real.zones:
        assert set(zone.agencies) <= known
    covered = {a for zone in real.zones for a in zone.agencies}
    assert covered == known


def test_repo_config_hours_friday_break_and_service_override(real) -> None:
    friday = real.hours[4]
    assert len(friday) == 2
    assert real.hours[5] == ()
    assert len(real.service("bbn-mutasi").hours[4]) == 1
    assert real.service("ktp-el").hours[4] == friday


def test_minimal_config_loads_with_defaults() -> None:
    settings = parse_settings(MINIMAL)
    assert settings.server.port == 8080
    assert settings.queue.forfeit_after == 5
    assert settings.counters[0].name == "Loket 1"
    assert settings.services[0].name_en == "Layanan A"
    assert settings.zones == ()


# ---------------------------------------------------------------- one mistake at a time


def test_unknown_key_in_site_names_key_and_line() -> None:
    text = edit(REAL, 'language = "id"\n', 'language = "id"\ncolour = "merah"\n')
    message = problems(text, source=CONFIG)
    assert_reported(message, "site.colour", line_of(text, "colour ="))
    assert "config.toml line" in message
    assert "unknown key" in message


def test_unknown_key_in_service_of_second_agency_names_nested_path_and_line() -> None:
    text = edit(REAL, 'id = "pkb-tahunan"\n', 'id = "pkb-tahunan"\n  colour = "biru"\n')
    message = problems(text)
    assert_reported(message, "agencies[2].services[1].colour", line_of(text, "colour ="))


def test_unknown_key_in_later_service_of_second_agency() -> None:
    text = edit(REAL, 'id = "bbn-mutasi"\n', 'id = "bbn-mutasi"\n  kuota = 40\n')
    message = problems(text)
    assert_reported(message, "agencies[2].services[3].kuota", line_of(text, "kuota = 40"))


@pytest.mark.parametrize(
    ("old", "new", "key", "says"),
    [
        ("port = 8080", 'port = "80"', "server.port", "must be an integer, not a string"),
        ("port = 8080", "port = true", "server.port", "must be an integer, not true or false"),
        ("daily_quota = 150", "daily_quota = 1.5", "agencies[1].services[1].daily_quota",
         "must be an integer, not a number"),
        ("aging = true", 'aging = "yes"', "queue.aging", "must be true or false, not a string"),
        ("regular_per_priority = 3", "regular_per_priority = 0", "queue.regular_per_priority",
         "at least 1"),
        ('priority_mode = "strict"', 'priority_mode = "fair"', "queue.priority_mode",
         "must be one of"),
        ("avg_service_minutes = 7", "avg_service_minutes = 0",
         "agencies[1].services[1].avg_service_minutes", "greater than 0"),
    ],
)
def test_wrong_type_or_value_names_key_and_line(old: str, new: str, key: str, says: str) -> None:
    text = edit(REAL, old, new)
    message = problems(text)
    assert_reported(message, key, line_of(text, new))
    assert says in message


def test_duplicated_prefix_names_both_places_with_lines() -> None:
    text = edit(REAL, 'prefix = "G"', 'prefix = "A"')  # samsat's second service
    message = problems(text)
    first = line_of(REAL, 'prefix = "A"')
    second = line_of(REAL, 'prefix = "G"')
    assert_reported(message, "agencies[2].services[2].prefix", second)
    assert_reported(message, "agencies[1].services[1].prefix", first)
    assert "duplicated prefix 'A'" in message


def test_counter_pointing_to_unknown_service_names_counter_and_line() -> None:
    old = 'services = { "skck" = 1 }'
    text = edit(REAL, old, 'services = { "skck" = 1, "skkb" = 1 }')
    message = problems(text)
    assert_reported(message, "counters[15].services.skkb", line_of(REAL, old))
    assert "unknown service 'skkb'" in message


def test_counter_with_unknown_agency_names_key_and_line() -> None:
    text = edit(REAL, 'agency = "samsat"', 'agency = "samsad"')
    message = problems(text)
    assert_reported(message, "counters[6].agency", line_of(text, 'agency = "samsad"'))
    assert "unknown agency 'samsad'" in message


def test_duplicated_counter_number_names_key_and_line() -> None:
    text = edit(REAL, 'id = "loket-2"\nnumber = 2\n', 'id = "loket-2"\nnumber = 1\n')
    message = problems(text)
    line = line_of(REAL, 'id = "loket-2"') + 1
    assert_reported(message, "counters[2].number", line)
    assert "duplicated counter number 1" in message


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('monday = "08:00-15:00"', 'monday = "8-15"', "hours.monday"),
        ('thursday = "08:00-15:00"', 'thursday = "08:00-12:00, 11:00-15:00"', "hours.thursday"),
        ('saturday = "closed"', 'saturday = "libur"', "hours.saturday"),
        ('hours = { friday = "08:00-11:00" }', 'hours = { friday = "11:00-08:00" }',
         "agencies[2].services[3].hours.friday"),
        ('hours = { friday = "08:00-11:00" }', 'hours = { jumat = "08:00-11:00" }',
         "agencies[2].services[3].hours.jumat"),
    ],
)
def test_bad_hours_names_key_and_line(old: str, new: str, key: str) -> None:
    text = edit(REAL, old, new)
    message = problems(text)
    assert_reported(message, key, line_of(text, new))


@pytest.mark.parametrize("zone", ["Asia/Jakrta", "WIB", "asia/jakarta", "Asia", "", "../etc"])
def test_unknown_timezone_names_key_and_line(zone: str) -> None:
    text = edit(REAL, 'timezone = "Asia/Jakarta"', f'timezone = "{zone}"')
    message = problems(text)
    assert_reported(message, "site.timezone", line_of(text, "timezone ="))
    assert "unknown time zone" in message


def test_unknown_top_level_section_names_section_and_line() -> None:
    text = REAL + '\n[printer]\nkind = "emulator"\n'
    message = problems(text)
    assert_reported(message, "printer", line_of(text, "[printer]"))
    assert "unknown section" in message


def test_unknown_top_level_key_before_any_table_names_line() -> None:
    text = 'sitename = "MPP"\n' + MINIMAL
    assert_reported(problems(text), "sitename", 1)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("port = 8080", "port = 80 80"),
        ('name = "Kartu Keluarga"', 'name = "Kartu Keluarga'),
        ("[queue]", "[queue"),
    ],
)
def test_invalid_toml_names_the_line(old: str, new: str) -> None:
    text = edit(REAL, old, new)
    message = problems(text, source=CONFIG)
    assert "not valid TOML" in message
    assert f"line {line_of(text, new)}," in message
    assert "config.toml" in message


def test_missing_required_key_points_to_its_table() -> None:
    text = edit(MINIMAL, 'timezone = "Asia/Jakarta"\n', "")
    assert_reported(problems(text), "site.timezone", 1)


def test_a_hall_without_public_url_links_to_the_address_detected_at_start() -> None:
    text = edit(MINIMAL, 'public_url = "http://localhost:8080"\n', "")
    site = replace(parse_settings(text).site, detected_url="http://10.0.0.5:8080")
    assert site.public_url == ""
    assert site.link_url == "http://10.0.0.5:8080"
    assert replace(site, public_url="http://192.168.1.10:8080").link_url == \
        "http://192.168.1.10:8080"


def test_counters_and_zones_of_wrong_shape_are_config_errors_not_crashes() -> None:
    without_counters = MINIMAL.split("[[counters]]")[0]
    assert_reported(problems("counters = 5\n" + without_counters), "counters", 1)
    assert_reported(problems("zones = 5\n" + MINIMAL), "zones", 1)


def test_reserved_zone_id_and_unknown_zone_agency() -> None:
    text = MINIMAL + '\n[[zones]]\nid = "all"\nname = "Semua"\nagencies = ["dua"]\n'
    message = problems(text)
    assert_reported(message, "zones[1].id", line_of(text, 'id = "all"'))
    assert_reported(message, "zones[1].agencies", line_of(text, 'agencies = ["dua"]'))


def test_bad_holiday_date_names_key_and_line() -> None:
    text = edit(REAL, '"2026-12-25" = "Hari Raya Natal"', '"2026-12-32" = "Hari Raya Natal"')
    assert_reported(problems(text), "holidays.2026-12-32", line_of(text, "2026-12-32"))


# ---------------------------------------------------------------- many at once


def test_several_problems_are_all_reported_at_once() -> None:
    text = REAL
    text = edit(text, 'language = "id"\n', 'language = "id"\ncolour = "merah"\n')
    text = edit(text, "port = 8080", 'port = "80"')
    text = edit(text, 'prefix = "B"', 'prefix = "A"')
    text = edit(text, 'agency = "samsat"', 'agency = "samsad"')
    text = edit(text, 'monday = "08:00-15:00"', 'monday = "8-15"')
    message = problems(text)
    assert "has 5 problem(s)" in message
    assert_reported(message, "site.colour", line_of(text, "colour ="))
    assert_reported(message, "server.port", line_of(text, 'port = "80"'))
    second_prefix = line_of(text, 'id = "kartu-keluarga"') + 1
    assert_reported(message, "agencies[1].services[2].prefix", second_prefix)
    assert_reported(message, "counters[6].agency", line_of(text, "samsad"))
    assert_reported(message, "hours.monday", line_of(text, 'monday = "8-15"'))
    assert len([ln for ln in message.splitlines() if ln.startswith("  - ")]) == 5


# ---------------------------------------------------------------- key_lines


def test_key_lines_maps_tables_keys_and_nested_arrays_of_tables() -> None:
    text = """\
[site]
name = "x"

[[agencies]]
id = "a"

  [[agencies.services]]
  id = "a1"

  [[agencies.services]]   # second service
  id = "a2"
  hours = { friday = "08:00-11:00" }

[[agencies]]
id = "b"
"quoted-key" = 1

  [[agencies.services]]
  id = "b1"

[[counters]]
id = "loket-1"
"""
    lines = key_lines(text)
    assert lines[("site",)] == 1
    assert lines[("site", "name")] == 2
    assert lines[("agencies", 0)] == 4
    assert lines[("agencies", 0, "id")] == 5
    assert lines[("agencies", 0, "services", 0)] == 7
    assert lines[("agencies", 0, "services", 0, "id")] == 8
    assert lines[("agencies", 0, "services", 1)] == 10
    assert lines[("agencies", 0, "services", 1, "id")] == 11
    assert lines[("agencies", 0, "services", 1, "hours")] == 12
    assert lines[("agencies", 1)] == 14
    assert lines[("agencies", 1, "id")] == 15
    assert lines[("agencies", 1, "quoted-key")] == 16
    assert lines[("agencies", 1, "services", 0)] == 18
    assert lines[("agencies", 1, "services", 0, "id")] == 19
    assert lines[("counters", 0)] == 21
    assert lines[("counters", 0, "id")] == 22
    assert ("agencies", 1, "services", 1) not in lines


def test_key_lines_on_the_real_config_follow_every_service_and_counter(real) -> None:
    lines = key_lines(REAL)
    for i, agency in enumerate(real.agencies):
        assert lines[("agencies", i, "id")] == line_of(REAL, f'id = "{agency.id}"')
        for j, service in enumerate(real.services_of(agency.id)):
            assert lines[("agencies", i, "services", j, "prefix")] == line_of(
                REAL, f'prefix = "{service.prefix}"'
            )
    for i, counter in enumerate(real.counters):
        assert lines[("counters", i, "id")] == line_of(REAL, f'id = "{counter.id}"')
    assert lines[("holidays", "2026-12-25")] == line_of(REAL, '"2026-12-25"')
    assert lines[("zones", 1, "agencies")] == line_of(REAL, 'agencies = ["samsat"')


def test_duplicated_zone_id_is_a_config_error():
    text = CONFIG.read_text(encoding="utf-8").replace('id = "zona-b"', 'id = "zona-a"')
    with pytest.raises(ConfigError) as err:
        parse_settings(text, CONFIG)
    assert "duplicated zone id 'zona-a'" in err.value.message


# ---------------------------------------------------------------- persyaratan


def test_repo_config_lists_the_documents_each_service_needs(real) -> None:
    ktp = next(s for s in real.services if s.id == "ktp-el")
    assert ktp.requirements[0] == "Kartu Keluarga (KK) asli"
    assert all(isinstance(r, str) and r for r in ktp.requirements)
    info = next(s for s in real.services if s.id == "informasi-pertanahan")
    assert info.requirements == ()  # asking a question needs no documents


def test_requirements_are_stripped_into_a_tuple() -> None:
    text = edit(MINIMAL, "  avg_service_minutes = 5\n",
                '  avg_service_minutes = 5\n  requirements = ["  KTP-el asli ", "KK"]\n')
    assert parse_settings(text).services[0].requirements == ("KTP-el asli", "KK")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"KTP-el asli"', "must be a list, not a string"),
        ('["KTP-el", 3]', "must be a list of strings"),
        ('["KTP-el", "  "]', "must not contain an empty line"),
        ("[" + ", ".join(f'"Dokumen {i}"' for i in range(13)) + "]", "at most 12 documents"),
        ('["' + "x" * 121 + '"]', "at most 120 characters"),
    ],
)
def test_bad_requirements_name_key_and_line(value: str, says: str) -> None:
    new = f"  requirements = {value}"
    text = edit(MINIMAL, "  avg_service_minutes = 5\n", f"  avg_service_minutes = 5\n{new}\n")
    message = problems(text)
    assert_reported(message, "agencies[1].services[1].requirements", line_of(text, new))
    assert says in message
