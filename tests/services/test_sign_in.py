"""Browser sign-in through the sign-in use cases on a real SQLite file with the fake clock:
sessions, throttling after wrong passwords and its expiry, signing out, changing the
password. (Each password check is a real argon2 verify, ~0.3 s: the tests keep them few.)"""

from __future__ import annotations

import pytest

from queue_server.domain.access import Principal
from queue_server.domain.errors import BadRequest, RateLimited, Unauthorized
from queue_server.domain.models import Role
from queue_server.services import accounts, sign_in
from tests.conftest import KIOSK

PASSWORD = "rahasia-rina-123"
NEW_PASSWORD = "rahasia-baru-456"


@pytest.fixture
def rina(hall) -> str:
    accounts.create_user(hall, "rina", "officer", PASSWORD, counters=("loket-1",))
    return "rina"


def refused_wrong(hall, name: str = "rina", ip: str | None = None) -> None:
    with pytest.raises(Unauthorized):
        sign_in.sign_in(hall, name, "salah-sandi-000", ip=ip)


# ---------------------------------------------------------------- signing in


def test_signing_in_opens_a_server_side_session_that_acts_as_the_person(hall, rina):
    signed = sign_in.sign_in(hall, "rina", PASSWORD, ip="10.0.0.5", user_agent="Firefox")
    assert len(signed.session_id) >= 43  # 256 random bits
    assert (signed.principal.kind, signed.principal.name) == ("user", "rina")
    assert signed.principal.role is Role.OFFICER
    assert signed.principal.counters == {"loket-1"}
    assert signed.principal.session_hash == sign_in.session_hash(signed.session_id)
    again = sign_in.principal_for_session(hall, signed.session_id)
    assert (again.name, again.role, again.counters) == ("rina", Role.OFFICER, {"loket-1"})


def test_the_name_may_come_with_spaces_around_it(hall, rina):
    assert sign_in.sign_in(hall, "  rina ", PASSWORD).principal.name == "rina"


def test_every_sign_in_gets_a_new_session_id(hall, rina):
    first = sign_in.sign_in(hall, "rina", PASSWORD)
    second = sign_in.sign_in(hall, "rina", PASSWORD)
    assert first.session_id != second.session_id
    assert sign_in.principal_for_session(hall, second.session_id).name == "rina"


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(hall, rina):
    with pytest.raises(Unauthorized) as wrong:
        sign_in.sign_in(hall, "rina", "salah-sandi-000")
    with pytest.raises(Unauthorized) as unknown:
        sign_in.sign_in(hall, "hantu", PASSWORD)
    assert wrong.value.message == unknown.value.message == \
        "Nama pengguna atau kata sandi salah."


def test_a_person_without_a_password_cannot_sign_in(hall):
    accounts.create_user(hall, "kepala", "admin", None)  # token-only account
    with pytest.raises(Unauthorized):
        sign_in.sign_in(hall, "kepala", PASSWORD)


@pytest.mark.parametrize(("name", "password"), [("", PASSWORD), ("   ", PASSWORD),
                                                ("rina", "")])
def test_an_empty_name_or_password_is_a_bad_request(hall, rina, name, password):
    with pytest.raises(BadRequest) as refused:
        sign_in.sign_in(hall, name, password)
    assert refused.value.field == "name"


@pytest.mark.parametrize("session_id", [None, "", "a-session-never-opened"])
def test_a_session_id_never_handed_out_is_nobody(hall, rina, session_id):
    sign_in.sign_in(hall, "rina", PASSWORD)
    assert sign_in.principal_for_session(hall, session_id) is None


# ---------------------------------------------------------------- throttling


def test_five_wrong_passwords_lock_the_name_for_five_minutes_even_for_the_right_one(
        hall, rina, clock):
    for _ in range(5):
        refused_wrong(hall)
        clock.advance(seconds=10)
    with pytest.raises(RateLimited) as locked:
        sign_in.sign_in(hall, "rina", PASSWORD)
    assert "5 menit" in locked.value.message
    clock.advance(minutes=4, seconds=40)  # 4:50 after the fifth failure
    with pytest.raises(RateLimited) as still:
        sign_in.sign_in(hall, "rina", PASSWORD)
    assert "1 menit" in still.value.message
    clock.advance(seconds=10)  # five minutes after the fifth failure
    assert sign_in.sign_in(hall, "rina", PASSWORD).principal.name == "rina"


def test_four_wrong_passwords_do_not_lock(hall, rina):
    for _ in range(4):
        refused_wrong(hall)
    assert sign_in.sign_in(hall, "rina", PASSWORD).principal.name == "rina"


def test_a_successful_sign_in_starts_the_count_again(hall, rina):
    for _ in range(4):
        refused_wrong(hall)
    sign_in.sign_in(hall, "rina", PASSWORD)
    for _ in range(4):
        refused_wrong(hall)
    assert sign_in.sign_in(hall, "rina", PASSWORD).principal.name == "rina"


def test_failures_older_than_fifteen_minutes_do_not_count(hall, rina, clock):
    for _ in range(4):
        refused_wrong(hall)
    clock.advance(minutes=16)
    refused_wrong(hall)
    assert sign_in.sign_in(hall, "rina", PASSWORD).principal.name == "rina"


def test_a_locked_name_does_not_lock_anyone_else(hall, rina):
    accounts.create_user(hall, "budi", "officer", "rahasia-budi-123", counters=("loket-2",))
    for _ in range(5):
        refused_wrong(hall)
    with pytest.raises(RateLimited):
        sign_in.sign_in(hall, "rina", PASSWORD)
    assert sign_in.sign_in(hall, "budi", "rahasia-budi-123").principal.name == "budi"


def test_one_address_guessing_across_twenty_names_is_locked_but_other_addresses_are_not(
        hall, rina):
    for n in range(20):  # unknown names: no argon2 hash to check, still a failure
        refused_wrong(hall, f"tamu-{n}", ip="10.0.0.9")
    with pytest.raises(RateLimited):
        sign_in.sign_in(hall, "rina", PASSWORD, ip="10.0.0.9")
    assert sign_in.sign_in(hall, "rina", PASSWORD, ip="10.0.0.10").principal.name == "rina"


# ---------------------------------------------------------------- sessions ending


def test_signing_out_ends_that_session_on_the_server_and_no_other(hall, rina):
    here = sign_in.sign_in(hall, "rina", PASSWORD)
    there = sign_in.sign_in(hall, "rina", PASSWORD)
    sign_in.sign_out(hall, here.session_id, here.principal)
    assert sign_in.principal_for_session(hall, here.session_id) is None
    assert sign_in.principal_for_session(hall, there.session_id).name == "rina"


def test_a_session_in_use_stays_open_and_ends_after_fourteen_idle_hours(hall, rina, clock):
    used = sign_in.sign_in(hall, "rina", PASSWORD)
    idle = sign_in.sign_in(hall, "rina", PASSWORD)
    clock.advance(hours=10)
    assert sign_in.principal_for_session(hall, used.session_id) is not None
    clock.advance(hours=4, seconds=1)  # idle 14 h 0 m 1 s, used 4 h ago
    assert sign_in.principal_for_session(hall, idle.session_id) is None
    assert sign_in.principal_for_session(hall, used.session_id) is not None


# ---------------------------------------------------------------- changing the password


def test_changing_the_password_keeps_this_session_and_ends_the_others(hall, rina):
    here = sign_in.sign_in(hall, "rina", PASSWORD)
    laptop = sign_in.sign_in(hall, "rina", PASSWORD)
    sign_in.change_password(hall, here.principal, here.session_id, PASSWORD, NEW_PASSWORD,
                            NEW_PASSWORD)
    assert sign_in.principal_for_session(hall, here.session_id).name == "rina"
    assert sign_in.principal_for_session(hall, laptop.session_id) is None
    with pytest.raises(Unauthorized):
        sign_in.sign_in(hall, "rina", PASSWORD)
    assert sign_in.sign_in(hall, "rina", NEW_PASSWORD).principal.name == "rina"


@pytest.mark.parametrize(("current", "new", "repeat", "field"), [
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "repeat"),
    (PASSWORD, "pendek", "pendek", "new"),
    ("salah-sandi-000", NEW_PASSWORD, NEW_PASSWORD, "current"),
])
def test_a_refused_password_change_names_the_field_and_changes_nothing(
        hall, rina, current, new, repeat, field):
    here = sign_in.sign_in(hall, "rina", PASSWORD)
    other = sign_in.sign_in(hall, "rina", PASSWORD)
    with pytest.raises(BadRequest) as refused:
        sign_in.change_password(hall, here.principal, here.session_id, current, new, repeat)
    assert refused.value.field == field
    assert sign_in.principal_for_session(hall, other.session_id) is not None
    assert sign_in.sign_in(hall, "rina", PASSWORD).principal.name == "rina"


@pytest.mark.parametrize("who", [KIOSK, Principal(kind="anonymous")])
def test_only_a_signed_in_person_changes_a_password(hall, who):
    with pytest.raises(Unauthorized):
        sign_in.change_password(hall, who, "no-session", PASSWORD, NEW_PASSWORD,
                                NEW_PASSWORD)
