"""Every agency of the hall gets a distinct 2–3 letter badge (domain/badges.py)."""

from __future__ import annotations

import pytest

from queue_server.domain.badges import badges, valid_badge
from queue_server.domain.models import Agency
from queue_server.settings import load_settings
from tests.conftest import ROOT


def agency(aid: str, short: str, badge: str = "") -> Agency:
    return Agency(aid, short, short, badge=badge)


def test_the_two_bpjs_offices_no_longer_share_bk():
    got = badges([agency("bpjs-kesehatan", "BPJS Kesehatan"),
                  agency("bpjs-tk", "BPJS Ketenagakerjaan"), agency("dukcapil", "Dukcapil")])
    assert got == {"bpjs-kesehatan": "BKS", "bpjs-tk": "BKT", "dukcapil": "DU"}


def test_initials_where_nothing_clashes():
    assert badges([agency("a", "Dinas Kependudukan"), agency("b", "Kantor Pajak Pratama")]) \
        == {"a": "DK", "b": "KPP"}


def test_an_explicit_badge_is_kept_and_the_others_step_aside():
    got = badges([agency("bpjs-kesehatan", "BPJS Kesehatan", badge="BK"),
                  agency("bpjs-tk", "BPJS Ketenagakerjaan")])
    assert got["bpjs-kesehatan"] == "BK" and got["bpjs-tk"] not in ("BK", "")


def test_look_alike_names_still_end_distinct():
    hall = [agency(f"a{i}", "Samsat") for i in range(12)]
    got = badges(hall)
    assert len(set(got.values())) == 12 and all(valid_badge(b) for b in got.values())


@pytest.mark.parametrize("text", ["BK", "BTK", "A1"])
def test_valid_badges(text):
    assert valid_badge(text)


@pytest.mark.parametrize("text", ["B", "BPJS", "bk", "B-K", ""])
def test_invalid_badges(text):
    assert not valid_badge(text)


def test_the_mpp_lebong_hall_has_distinct_badges():
    settings = load_settings(ROOT / "config.toml")
    got = badges(settings.agencies)
    assert len(set(got.values())) == len(settings.agencies)
    assert all(valid_badge(b) for b in got.values()), got
    assert got["bpjs-kesehatan"] != got["bpjs-tk"]
