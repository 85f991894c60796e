"""Sign-in tells nothing and locks narrowly (issue 13, defect 6): an unknown name costs the
same argon2 verify as a wrong password (against a dummy hash of the same parameters), and
the lockout is per (name, address), so one PC cannot lock an officer out of the whole hall,
while one address trying many names is still capped. Real SQLite file, fake clock."""

from __future__ import annotations

import time

import argon2
import pytest

from queue_server.domain.errors import RateLimited, Unauthorized
from queue_server.domain.sign_in import MAX_FAILURES, MAX_FAILURES_PER_ADDRESS
from queue_server.services import accounts, sign_in

PASSWORD = "rahasia-rina-123"
PC_A, PC_B = "10.0.0.21", "10.0.0.22"


@pytest.fixture
def rina(hall) -> str:
    accounts.create_user(hall, "rina", "officer", PASSWORD, counters=("loket-1",))
    return "rina"


@pytest.fixture
def verifies(monkeypatch) -> list[str]:
    """Every argon2 verify that really runs, by the hash it checked against."""
    seen: list[str] = []
    real = argon2.PasswordHasher.verify

    def counting(self, hash_, password):
        seen.append(hash_ if isinstance(hash_, str) else hash_.decode())
        return real(self, hash_, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting)
    return seen


def refused(hall, name: str, ip: str | None, error=Unauthorized) -> None:
    with pytest.raises(error):
        sign_in.sign_in(hall, name, "salah-sandi-000", ip=ip)


# ---------------------------------------------------------------- timing


def test_an_unknown_name_costs_one_argon2_verify_like_a_wrong_password(hall, rina, verifies):
    refused(hall, "rina", PC_A)
    refused(hall, "hantu", PC_A)
    assert len(verifies) == 2
    real, dummy = verifies
    assert argon2.extract_parameters(real) == argon2.extract_parameters(dummy)
    assert dummy != real and dummy == sign_in.dummy_password_hash()


def test_an_account_without_a_password_costs_a_verify_and_still_cannot_sign_in(
        hall, verifies):
    accounts.create_user(hall, "kepala", "admin", None)  # token-only account
    refused(hall, "kepala", PC_A)
    assert verifies == [sign_in.dummy_password_hash()]


def test_the_dummy_hash_has_the_parameters_of_a_real_password_hash():
    real = argon2.extract_parameters(accounts.hash_password("rahasia-siapa-saja"))
    assert argon2.extract_parameters(sign_in.dummy_password_hash()) == real


def test_an_unknown_name_takes_about_as_long_as_a_wrong_password(hall, rina):
    sign_in.dummy_password_hash()  # made once per process, not on the clock of this test

    def fastest_of_three(name: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            refused(hall, name, None)
            times.append(time.perf_counter() - start)
        return min(times)

    known, unknown = fastest_of_three("rina"), fastest_of_three("hantu")
    # before the fix an unknown name answered ~30x faster (no argon2 at all)
    assert unknown > known / 3, (known, unknown)


# ---------------------------------------------------------------- lockout per (name, address)


def test_failures_from_one_pc_do_not_lock_the_officer_out_of_another_pc(hall, rina):
    for _ in range(MAX_FAILURES):
        refused(hall, "rina", PC_A)
    refused(hall, "rina", PC_A, RateLimited)
    with pytest.raises(RateLimited):
        sign_in.sign_in(hall, "rina", PASSWORD, ip=PC_A)  # locked there, even when right
    assert sign_in.sign_in(hall, "rina", PASSWORD, ip=PC_B).principal.name == "rina"


def test_a_lock_on_one_pc_ends_after_five_minutes_and_says_when(hall, rina, clock):
    for _ in range(MAX_FAILURES):
        refused(hall, "rina", PC_A)
    clock.advance(minutes=2)
    with pytest.raises(RateLimited) as locked:
        sign_in.sign_in(hall, "rina", PASSWORD, ip=PC_A)
    assert locked.value.retry_after == 3 * 60
    clock.advance(minutes=3)
    assert sign_in.sign_in(hall, "rina", PASSWORD, ip=PC_A).principal.name == "rina"


def test_many_names_from_one_address_are_still_capped_everywhere_else_open(hall, rina):
    # four wrong guesses for each of five names: no single (name, address) pair is locked,
    # but the address has used up its cap across names
    names = ["rina", "budi", "sari", "tono", "wati"]
    assert len(names) * (MAX_FAILURES - 1) == MAX_FAILURES_PER_ADDRESS
    for name in names:
        for _ in range(MAX_FAILURES - 1):
            refused(hall, name, PC_A)
    with pytest.raises(RateLimited):
        sign_in.sign_in(hall, "rina", PASSWORD, ip=PC_A)
    assert sign_in.sign_in(hall, "rina", PASSWORD, ip=PC_B).principal.name == "rina"
