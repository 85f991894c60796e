"""People, devices and their bearer tokens, through the accounts use cases on a real SQLite
file: what a token lets its holder be, and every refusal on the way to making one."""

from __future__ import annotations

import pytest

from queue_server.domain.errors import BadRequest, Conflict, NotFound
from queue_server.domain.models import DeviceKind, Role
from queue_server.services import accounts
from tests.conftest import field_of


def row_named(hall, name: str):
    [row] = [r for r in accounts.list_tokens(hall) if field_of(r, "name") == name]
    return row


# ---------------------------------------------------------------- what a token makes you


def test_an_officer_token_acts_as_that_officer_at_the_counters_named_by_id_name_or_number(
        hall):
    user_id = accounts.create_user(hall, "rina", "officer", None,
                                   counters=("loket-1", "loket 3", "4"))
    issued = accounts.create_user_token(hall, "rina")
    principal = accounts.principal_for_token(hall, issued.secret)
    assert principal is not None
    assert (principal.kind, principal.name, principal.role) == ("user", "rina", Role.OFFICER)
    assert principal.user_id == user_id
    assert principal.counters == {"loket-1", "loket-3", "loket-4"}
    assert principal.agencies == frozenset()
    assert principal.actor == "user:rina"


def test_a_supervisor_token_carries_the_agencies_supervised(hall):
    accounts.create_user(hall, "sari", "supervisor", None, agencies=("dukcapil", "samsat"))
    principal = accounts.principal_for_token(hall, accounts.create_user_token(hall,
                                                                              "sari").secret)
    assert principal.role is Role.SUPERVISOR
    assert principal.agencies == {"dukcapil", "samsat"}


@pytest.mark.parametrize("kind", ["kiosk", "display"])
def test_a_device_token_acts_as_that_screen(hall, kind):
    issued = accounts.create_device_token(hall, "screen-1", kind)
    principal = accounts.principal_for_token(hall, issued.secret)
    assert (principal.kind, principal.name) == ("device", "screen-1")
    assert principal.device_kind is DeviceKind(kind)
    assert principal.role is None
    assert principal.actor == "device:screen-1"


def test_a_token_is_shown_once_and_listed_only_by_its_public_prefix(hall):
    accounts.create_user(hall, "kepala", "admin", None)
    issued = accounts.create_user_token(hall, "kepala", "kepala-laptop")
    assert issued.secret.startswith(accounts.TOKEN_PREFIX)
    assert issued.prefix == issued.secret[:12]
    assert issued.name == "kepala-laptop"
    listed = accounts.list_tokens(hall)
    assert field_of(row_named(hall, "kepala-laptop"), "prefix") == issued.prefix
    assert issued.secret not in repr(listed)
    assert accounts.hash_token(issued.secret) not in repr(listed)


@pytest.mark.parametrize("secret", [
    "lkt_never-issued-000000000000000",
    "not-a-loket-token",
    "",
])
def test_a_secret_that_was_never_issued_is_nobody(hall, secret):
    accounts.create_device_token(hall, "kiosk-1", "kiosk")
    assert accounts.principal_for_token(hall, secret) is None


def test_use_of_a_token_is_written_down_at_most_once_a_minute(hall, clock):
    issued = accounts.create_device_token(hall, "tv-1", "display")
    assert field_of(row_named(hall, "tv-1"), "last_used_at") is None
    accounts.principal_for_token(hall, issued.secret)
    first = field_of(row_named(hall, "tv-1"), "last_used_at")
    assert first is not None
    clock.advance(seconds=30)
    accounts.principal_for_token(hall, issued.secret)
    assert field_of(row_named(hall, "tv-1"), "last_used_at") == first
    clock.advance(minutes=2)
    accounts.principal_for_token(hall, issued.secret)
    assert field_of(row_named(hall, "tv-1"), "last_used_at") != first


# ---------------------------------------------------------------- revoking


def test_a_revoked_token_stops_at_once_and_the_holders_other_tokens_keep_working(hall):
    accounts.create_user(hall, "budi", "officer", None, counters=("loket-2",))
    tablet = accounts.create_user_token(hall, "budi", "budi-tablet")
    desk = accounts.create_user_token(hall, "budi", "budi-desk")
    assert accounts.revoke_token(hall, "budi-tablet") == 1
    assert accounts.principal_for_token(hall, tablet.secret) is None
    assert accounts.principal_for_token(hall, desk.secret).name == "budi"
    assert field_of(row_named(hall, "budi-tablet"), "revoked_at") is not None
    assert field_of(row_named(hall, "budi-desk"), "revoked_at") is None


def test_revoking_a_name_ends_every_live_token_of_that_name_and_then_there_is_none(hall):
    accounts.create_user(hall, "kepala", "admin", None)
    first = accounts.create_user_token(hall, "kepala")
    second = accounts.create_user_token(hall, "kepala")
    assert accounts.revoke_token(hall, "kepala") == 2
    assert accounts.principal_for_token(hall, first.secret) is None
    assert accounts.principal_for_token(hall, second.secret) is None
    with pytest.raises(NotFound) as refused:
        accounts.revoke_token(hall, "kepala")
    assert refused.value.field == "name"


def test_a_token_can_be_revoked_by_its_public_prefix(hall):
    kiosk = accounts.create_device_token(hall, "kiosk-1", "kiosk")
    other = accounts.create_device_token(hall, "kiosk-2", "kiosk")
    assert accounts.revoke_token(hall, kiosk.prefix) == 1
    assert accounts.principal_for_token(hall, kiosk.secret) is None
    assert accounts.principal_for_token(hall, other.secret) is not None


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(("name", "role", "password", "scope", "error", "field"), [
    ("", "officer", None, {"counters": ("loket-1",)}, BadRequest, "name"),
    ("rina putri", "officer", None, {"counters": ("loket-1",)}, BadRequest, "name"),
    ("x" * 65, "admin", None, {}, BadRequest, "name"),
    ("rina", "boss", None, {}, BadRequest, "role"),
    ("rina", "admin", "pendek", {}, BadRequest, "password"),
    ("rina", "supervisor", None, {"agencies": ("imigrasi-mars",)}, NotFound, "agency"),
    ("rina", "officer", None, {"counters": ("loket-99",)}, NotFound, "counter"),
    ("rina", "supervisor", None, {}, BadRequest, "agency"),
    ("rina", "officer", None, {}, BadRequest, "counter"),
])
def test_a_user_that_cannot_work_is_refused_with_the_field_to_fix(hall, name, role, password,
                                                                   scope, error, field):
    with pytest.raises(error) as refused:
        accounts.create_user(hall, name, role, password, **scope)
    assert refused.value.field == field


def test_a_refused_user_leaves_nothing_behind(hall):
    with pytest.raises(NotFound):
        accounts.create_user(hall, "rina", "officer", None, counters=("loket-1", "loket-99"))
    with pytest.raises(NotFound):
        accounts.create_user_token(hall, "rina")
    accounts.create_user(hall, "rina", "officer", None, counters=("loket-1",))  # no conflict


def test_a_password_of_the_minimum_length_is_accepted(hall):
    password = "r" * accounts.MIN_PASSWORD_LENGTH
    accounts.create_user(hall, "rina", "admin", password)
    assert accounts.principal_for_token(
        hall, accounts.create_user_token(hall, "rina").secret).role is Role.ADMIN


def test_a_second_user_of_the_same_name_is_a_conflict(hall):
    accounts.create_user(hall, "rina", "officer", None, counters=("loket-1",))
    with pytest.raises(Conflict) as refused:
        accounts.create_user(hall, "rina", "admin", None)
    assert refused.value.field == "name"


def test_a_token_for_a_user_who_does_not_exist_is_not_found(hall):
    with pytest.raises(NotFound):
        accounts.create_user_token(hall, "hantu")
    assert accounts.list_tokens(hall) == []


def test_a_device_is_a_kiosk_or_a_display_and_keeps_its_kind(hall):
    with pytest.raises(BadRequest) as refused:
        accounts.create_device_token(hall, "printer-1", "printer")
    assert refused.value.field == "kind"
    accounts.create_device_token(hall, "tv-1", "display")
    with pytest.raises(Conflict) as changed:
        accounts.create_device_token(hall, "tv-1", "kiosk")
    assert changed.value.field == "kind"


# ---------------------------------------------------------------- passwords


def test_passwords_are_stored_as_argon2_and_only_the_right_one_verifies():
    stored = accounts.hash_password("rahasia-rina-123")
    assert stored.startswith("$argon2")
    assert "rahasia-rina-123" not in stored
    assert accounts.verify_password(stored, "rahasia-rina-123")
    assert not accounts.verify_password(stored, "rahasia-rina-124")
    assert not accounts.verify_password(None, "rahasia-rina-123")
    assert not accounts.verify_password("not-an-argon2-hash", "rahasia-rina-123")
