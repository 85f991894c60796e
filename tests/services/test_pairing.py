"""Pairing a kiosk or a TV, through the pairing use cases on a real SQLite file with the
fake clock: the screen asks with a code, an admin approves it, the screen collects its token
once; codes expire; a revoked device stops at once."""

from __future__ import annotations

import re

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from queue_server.domain.models import DeviceKind
from queue_server.services import accounts, pairing
from tests.conftest import ADMIN, KIOSK, field_of, officer


def pending_codes(hall) -> list[str]:
    return [field_of(r, "code") for r in pairing.pending(hall, ADMIN)]


def device_row(hall, name: str):
    [row] = [r for r in pairing.devices(hall, ADMIN) if field_of(r, "name") == name]
    return row


def paired(hall, kind: str = "display", name: str = "tv-lobi") -> str:
    """A screen paired end to end; its collected token."""
    asked = pairing.request_pairing(hall, kind)
    pairing.approve_pairing(hall, ADMIN, asked.code, name)
    return pairing.pairing_status(hall, asked.poll_secret)["token"]


# ---------------------------------------------------------------- asking


def test_a_screen_asks_with_a_code_readable_across_the_hall_and_waits(hall):
    asked = pairing.request_pairing(hall, "display")
    assert re.fullmatch(r"[A-Z2-9]{3}-[A-Z2-9]{3}", asked.code)
    assert not set(asked.code) & set("01OIL")
    assert asked.expires_in_seconds == 15 * 60
    assert pairing.pairing_status(hall, asked.poll_secret) == {"status": "pending",
                                                               "code": asked.code}
    assert pending_codes(hall) == [asked.code]
    assert field_of(pairing.pending(hall, ADMIN)[0], "kind") == "display"


def test_only_kiosks_and_displays_may_ask(hall):
    with pytest.raises(BadRequest) as refused:
        pairing.request_pairing(hall, "printer")
    assert refused.value.field == "kind"
    assert pending_codes(hall) == []


@pytest.mark.parametrize("secret", ["never-handed-out", ""])
def test_polling_with_a_secret_never_handed_out_is_not_found(hall, secret):
    pairing.request_pairing(hall, "kiosk")
    with pytest.raises(NotFound) as refused:
        pairing.pairing_status(hall, secret)
    assert refused.value.field == "secret"


# ---------------------------------------------------------------- approving and collecting


def test_an_approved_screen_collects_a_working_token_exactly_once(hall):
    asked = pairing.request_pairing(hall, "display")
    assert pairing.approve_pairing(hall, ADMIN, asked.code, "tv-lobi") == "tv-lobi"
    handed = pairing.pairing_status(hall, asked.poll_secret)
    assert (handed["status"], handed["device"], handed["kind"]) == ("approved", "tv-lobi",
                                                                    "display")
    principal = accounts.principal_for_token(hall, handed["token"])
    assert (principal.name, principal.device_kind) == ("tv-lobi", DeviceKind.DISPLAY)
    assert pairing.pairing_status(hall, asked.poll_secret) == {"status": "collected"}
    assert pending_codes(hall) == []


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}", " {spaced} "])
def test_the_admin_may_type_the_code_in_lower_case_without_the_dash(hall, typed):
    asked = pairing.request_pairing(hall, "kiosk")
    code = asked.code
    typed = typed.format(code=code, lower=code.lower(), bare=code.replace("-", ""),
                         spaced=code.replace("-", " "))
    pairing.approve_pairing(hall, ADMIN, typed, "kiosk-lobi")
    assert pairing.pairing_status(hall, asked.poll_secret)["status"] == "approved"


@pytest.mark.parametrize("typed", ["", "ABC", "ABC-DEFG", "AB0-XYZ", "ABC_DEF"])
def test_a_mistyped_code_is_refused_as_a_bad_request(hall, typed):
    pairing.request_pairing(hall, "kiosk")
    with pytest.raises(BadRequest) as refused:
        pairing.approve_pairing(hall, ADMIN, typed, "kiosk-lobi")
    assert refused.value.field == "code"


def test_a_code_is_approved_once(hall):
    asked = pairing.request_pairing(hall, "kiosk")
    pairing.approve_pairing(hall, ADMIN, asked.code, "kiosk-1")
    with pytest.raises(NotFound) as refused:
        pairing.approve_pairing(hall, ADMIN, asked.code, "kiosk-2")
    assert refused.value.field == "code"
    assert [field_of(r, "name") for r in pairing.devices(hall, ADMIN)] == ["kiosk-1"]


def test_a_name_taken_by_a_screen_of_the_other_kind_is_refused_and_the_code_stays_open(hall):
    accounts.create_device_token(hall, "lobi-1", "kiosk")
    asked = pairing.request_pairing(hall, "display")
    with pytest.raises(Conflict):
        pairing.approve_pairing(hall, ADMIN, asked.code, "lobi-1")
    assert pairing.pairing_status(hall, asked.poll_secret)["status"] == "pending"
    pairing.approve_pairing(hall, ADMIN, asked.code, "tv-lobi-1")
    assert pairing.pairing_status(hall, asked.poll_secret)["device"] == "tv-lobi-1"


# ---------------------------------------------------------------- expiry


def test_a_code_is_good_for_fifteen_minutes_then_expired(hall, clock):
    asked = pairing.request_pairing(hall, "display")
    clock.advance(minutes=14, seconds=59)
    assert pairing.pairing_status(hall, asked.poll_secret)["status"] == "pending"
    assert pending_codes(hall) == [asked.code]
    clock.advance(seconds=1)
    assert pairing.pairing_status(hall, asked.poll_secret) == {"status": "expired"}
    assert pending_codes(hall) == []
    with pytest.raises(NotFound):
        pairing.approve_pairing(hall, ADMIN, asked.code, "tv-lobi")


def test_a_token_nobody_collected_is_not_kept_after_its_code_expired(hall, clock):
    asked = pairing.request_pairing(hall, "display")
    pairing.approve_pairing(hall, ADMIN, asked.code, "tv-lobi")
    clock.advance(minutes=16)
    pairing.request_pairing(hall, "kiosk")  # the next screen's request clears old hand-overs
    assert pairing.pairing_status(hall, asked.poll_secret) == {"status": "expired"}


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(("who", "error"), [
    (officer("loket-1"), Forbidden),
    (KIOSK, Forbidden),
    (ANONYMOUS, Unauthorized),
])
def test_only_an_admin_approves_lists_or_revokes_screens(hall, who, error):
    asked = pairing.request_pairing(hall, "display")
    accounts.create_device_token(hall, "kiosk-1", "kiosk")
    with pytest.raises(error):
        pairing.approve_pairing(hall, who, asked.code, "tv-lobi")
    with pytest.raises(error):
        pairing.pending(hall, who)
    with pytest.raises(error):
        pairing.devices(hall, who)
    with pytest.raises(error):
        pairing.revoke_device(hall, who, "kiosk-1")
    assert pairing.pairing_status(hall, asked.poll_secret)["status"] == "pending"
    assert field_of(device_row(hall, "kiosk-1"), "revoked_at") is None


# ---------------------------------------------------------------- revoking


def test_a_revoked_screen_stops_at_once_and_is_listed_as_revoked(hall):
    token = paired(hall, "display", "tv-lobi")
    other = paired(hall, "kiosk", "kiosk-1")
    pairing.revoke_device(hall, ADMIN, "tv-lobi")
    assert accounts.principal_for_token(hall, token) is None
    assert accounts.principal_for_token(hall, other).name == "kiosk-1"
    row = device_row(hall, "tv-lobi")
    assert field_of(row, "revoked_at") is not None
    assert field_of(row, "live_tokens") == 0
    assert field_of(device_row(hall, "kiosk-1"), "live_tokens") == 1


def test_revoking_a_screen_that_does_not_exist_is_not_found(hall):
    with pytest.raises(NotFound) as refused:
        pairing.revoke_device(hall, ADMIN, "tv-hantu")
    assert refused.value.field == "name"


def test_a_revoked_screen_can_be_paired_again_under_its_name_with_a_new_token(hall):
    old = paired(hall, "display", "tv-lobi")
    pairing.revoke_device(hall, ADMIN, "tv-lobi")
    new = paired(hall, "display", "tv-lobi")
    assert accounts.principal_for_token(hall, new).name == "tv-lobi"
    assert accounts.principal_for_token(hall, old) is None
    assert field_of(device_row(hall, "tv-lobi"), "revoked_at") is None
