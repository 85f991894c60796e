"""Staff accounts from the administration, through the use cases on a real SQLite file with
the fake clock: one-time passwords, every refused field, who may manage whom, deactivation
ending sessions and tokens, and the events each change leaves. (Each create or reset runs a
real argon2 hash, ~0.2 s: refusals come before it, so they are cheap.)"""

from __future__ import annotations

import json

import pytest

from queue_server.domain.access import ANONYMOUS
from queue_server.domain.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from queue_server.services import accounts, admin_users, sign_in
from tests.conftest import ADMIN, KIOSK, display_principal, officer, supervisor

DUKCAPIL = supervisor("dukcapil", name="sari")
NEW_PASSWORD = "sandi-pilihan-rina-1"


def user_events(hall) -> list[tuple[str, str, dict]]:
    with hall.store.read() as tx:
        return [(r[0], r[1], json.loads(r[2])) for r in tx.conn.execute(
            "SELECT type, actor, data FROM events WHERE type LIKE 'user.%' ORDER BY id")]


def make_officer(hall, name: str = "rina", counters=("loket-1",), by=ADMIN):
    return admin_users.create_user(hall, by, name=name, role="officer",
                                   display_name="Rina Marlina", counters=list(counters))


# ---------------------------------------------------------------- creating


def test_an_admin_creates_an_officer_with_a_one_time_password_stored_only_hashed(hall):
    made = make_officer(hall)
    assert made.user.name == "rina" and made.user.role == "officer"
    assert made.user.counters == ("loket-1",) and made.user.agencies == ()
    assert made.user.active and made.user.must_change_password
    assert len(made.password) == admin_users.PASSWORD_LENGTH
    assert set(made.password) <= set(admin_users.PASSWORD_ALPHABET)
    assert not set(made.password) & set("0O1lI")
    with hall.store.read() as tx:
        stored = tx.accounts.password_of("rina")
    assert stored.password_hash != made.password
    assert accounts.verify_password(stored.password_hash, made.password)


def test_every_account_gets_its_own_password(hall):
    assert len({admin_users.one_time_password() for _ in range(200)}) == 200


def test_creating_appends_one_event_with_the_new_account_and_no_secret(hall):
    made = make_officer(hall)
    [(type_, actor, data)] = user_events(hall)
    assert (type_, actor) == ("user.created", "user:admin")
    assert data == {"entity": "user", "id": "rina", "before": None,
                    "after": admin_users.shape(made.user)}
    with hall.store.read() as tx:
        raw = tx.conn.execute("SELECT data FROM events WHERE type = 'user.created'"
                              ).fetchone()[0]
    assert made.password not in raw and "argon2" not in raw


def test_creating_tells_the_hall_listeners_after_commit(hall):
    heard = []
    hall.subscribe(lambda outcome: heard.extend(e.type for e in outcome.events))
    make_officer(hall)
    assert heard == ["user.created"]


def test_a_supervisor_needs_an_agency_and_an_officer_a_counter(hall):
    with pytest.raises(BadRequest) as no_agency:
        admin_users.create_user(hall, ADMIN, name="sari", role="supervisor")
    assert no_agency.value.field == "agencies"
    with pytest.raises(BadRequest) as no_counter:
        admin_users.create_user(hall, ADMIN, name="rina", role="officer")
    assert no_counter.value.field == "counters"
    made = admin_users.create_user(hall, ADMIN, name="sari", role="supervisor",
                                   agencies=["samsat", "dukcapil", "samsat"])
    assert made.user.agencies == ("dukcapil", "samsat")


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": ""}, "name"),
    ({"name": "rina marlina"}, "name"),
    ({"name": "-rina"}, "name"),
    ({"name": "r" * 65}, "name"),
    ({"name": 7}, "name"),
    ({"role": "kepala"}, "role"),
    ({"display_name": "R" * 81}, "display_name"),
    ({"display_name": "Rina\x07"}, "display_name"),
    ({"display_name": 12}, "display_name"),
    ({"counters": ["loket-99"]}, "counters"),
    ({"counters": "loket-1"}, "counters"),
    ({"counters": [1]}, "counters"),
    ({"role": "supervisor", "agencies": ["kantor-pos"]}, "agencies"),
    ({"role": "supervisor", "agencies": "dukcapil"}, "agencies"),
])
def test_each_bad_field_is_refused_in_indonesian_naming_the_field(hall, fields, field):
    wanted = {"name": "rina", "role": "officer", "counters": ["loket-1"], **fields}
    with pytest.raises(BadRequest) as refused:
        admin_users.create_user(hall, ADMIN, **wanted)
    assert refused.value.field == field
    assert refused.value.message[0].isupper() and refused.value.message.endswith(".")
    assert user_events(hall) == []


def test_a_display_name_of_80_characters_is_kept_with_its_spaces_tidied(hall):
    made = admin_users.create_user(hall, ADMIN, name="rina", role="officer",
                                   display_name="  Rina   " + "M" * 75, counters=["loket-1"])
    assert made.user.display_name == "Rina " + "M" * 75


def test_a_taken_name_is_a_conflict_on_the_name(hall):
    accounts.create_user(hall, "rina", "officer", None, counters=("loket-2",))
    with pytest.raises(Conflict) as taken:
        make_officer(hall)
    assert taken.value.field == "name"
    assert "sudah dipakai" in taken.value.message


def test_the_command_line_with_a_typed_password_asks_for_no_change(hall):
    accounts.create_user(hall, "kepala", "admin", "sandi-kepala-123")
    signed = sign_in.sign_in(hall, "kepala", "sandi-kepala-123")
    assert signed.principal.must_change_password is False
    assert admin_users.get_user(hall, ADMIN, "kepala").must_change_password is False


# ---------------------------------------------------------------- who manages whom


@pytest.mark.parametrize("caller", [KIOSK, display_principal(), officer("loket-1")])
def test_devices_and_officers_cannot_manage_accounts(hall, caller):
    for attempt in (lambda: admin_users.list_users(hall, caller),
                    lambda: make_officer(hall, by=caller)):
        with pytest.raises(Forbidden):
            attempt()


def test_nobody_signed_in_is_asked_to_sign_in(hall):
    with pytest.raises(Unauthorized):
        admin_users.list_users(hall, ANONYMOUS)


def test_a_supervisor_creates_officers_only_at_counters_of_their_agencies(hall):
    made = make_officer(hall, counters=("loket-1", "loket-2"), by=DUKCAPIL)
    assert made.user.counters == ("loket-1", "loket-2")
    with pytest.raises(Forbidden) as other_agency:
        make_officer(hall, name="budi", counters=("loket-1", "loket-6"), by=DUKCAPIL)
    assert other_agency.value.field == "counters"
    for role, scope in (("supervisor", {"agencies": ["dukcapil"]}), ("admin", {})):
        with pytest.raises(Forbidden) as above:
            admin_users.create_user(hall, DUKCAPIL, name="naik", role=role, **scope)
        assert above.value.field == "role"


def test_a_supervisor_sees_and_manages_only_the_officers_of_their_agencies(hall):
    make_officer(hall, "rina", ("loket-1",))
    make_officer(hall, "budi", ("loket-6",))
    make_officer(hall, "dewi", ("loket-2", "loket-7"))  # half Samsat: not Dukcapil's alone
    admin_users.create_user(hall, ADMIN, name="sari", role="supervisor", agencies=["dukcapil"])
    assert [u.name for u in admin_users.list_users(hall, DUKCAPIL)] == ["rina"]
    assert [u.name for u in admin_users.list_users(hall, ADMIN)] == [
        "budi", "dewi", "rina", "sari"]
    for name in ("budi", "dewi", "sari"):
        for attempt in (admin_users.get_user, admin_users.reset_password,
                        lambda hall, who, name: admin_users.set_active(hall, who, name, False)):
            with pytest.raises(Forbidden):
                attempt(hall, DUKCAPIL, name)
    with pytest.raises(Forbidden) as away:
        admin_users.update_user(hall, DUKCAPIL, "rina", {"counters": ["loket-6"]})
    assert away.value.field == "counters"
    with pytest.raises(Forbidden):
        admin_users.update_user(hall, DUKCAPIL, "rina", {"role": "supervisor",
                                                          "agencies": ["dukcapil"]})
    moved = admin_users.update_user(hall, DUKCAPIL, "rina", {"counters": ["loket-3"]})
    assert moved.counters == ("loket-3",)


def test_an_unknown_user_is_not_found(hall):
    with pytest.raises(NotFound) as missing:
        admin_users.get_user(hall, ADMIN, "hantu")
    assert missing.value.field == "name"


# ---------------------------------------------------------------- editing


def test_editing_changes_only_what_is_sent_and_records_before_and_after(hall):
    make_officer(hall)
    changed = admin_users.update_user(hall, ADMIN, "rina", {"display_name": "Rina M."})
    assert (changed.display_name, changed.counters) == ("Rina M.", ("loket-1",))
    (_, _, created), (type_, _, data) = user_events(hall)
    assert type_ == "user.updated"
    assert data["before"] == created["after"]
    assert data["after"] == {**created["after"], "display_name": "Rina M."}


def test_an_edit_that_changes_nothing_leaves_no_event(hall):
    make_officer(hall)
    admin_users.update_user(hall, ADMIN, "rina", {"display_name": "Rina Marlina",
                                                  "counters": ["loket-1"]})
    assert [t for t, _, _ in user_events(hall)] == ["user.created"]


def test_a_new_role_must_bring_the_scope_it_needs(hall):
    make_officer(hall)
    with pytest.raises(BadRequest) as refused:
        admin_users.update_user(hall, ADMIN, "rina", {"role": "supervisor"})
    assert refused.value.field == "agencies"
    promoted = admin_users.update_user(hall, ADMIN, "rina", {"role": "supervisor",
                                                             "agencies": ["dukcapil"]})
    assert promoted.role == "supervisor"


def test_a_counter_deactivated_since_may_stay_but_not_be_given(hall):
    make_officer(hall, counters=("loket-1", "loket-2"))
    make_officer(hall, "budi", counters=("loket-3",))
    with hall.store.write() as tx:  # the catalogue admin's part, done by hand here
        tx.conn.execute("UPDATE counters SET active = 0 WHERE id = 'loket-2'")
        tx.catalog.bump_version()
    kept = admin_users.update_user(hall, ADMIN, "rina", {"display_name": "Rina"})
    assert kept.counters == ("loket-1", "loket-2")
    with pytest.raises(BadRequest) as refused:
        admin_users.update_user(hall, ADMIN, "budi", {"counters": ["loket-2"]})
    assert refused.value.field == "counters"


@pytest.mark.parametrize(("changes", "field"), [
    ({"active": "no"}, "active"), ({"role": None}, "role"), ({"password": "x"}, "password"),
])
def test_bad_edits_are_refused_naming_the_field(hall, changes, field):
    make_officer(hall)
    with pytest.raises(BadRequest) as refused:
        admin_users.update_user(hall, ADMIN, "rina", changes)
    assert refused.value.field == field


def test_nobody_deactivates_demotes_or_resets_themselves(hall):
    accounts.create_user(hall, "kepala", "admin", None)
    me = ADMIN.__class__(kind="user", name="kepala", role=ADMIN.role)
    with pytest.raises(Conflict) as deactivate:
        admin_users.set_active(hall, me, "kepala", False)
    assert deactivate.value.field == "active" and "sendiri" in deactivate.value.message
    with pytest.raises(Conflict) as demote:
        admin_users.update_user(hall, me, "kepala", {"role": "officer",
                                                     "counters": ["loket-1"]})
    assert demote.value.field == "role"
    with pytest.raises(Conflict):
        admin_users.reset_password(hall, me, "kepala")
    assert admin_users.update_user(hall, me, "kepala", {"display_name": "Kepala UPT"}
                                   ).display_name == "Kepala UPT"


# ---------------------------------------------------------------- deactivating


def test_deactivating_ends_sessions_and_tokens_and_reactivating_allows_sign_in(hall):
    made = make_officer(hall)
    signed = sign_in.sign_in(hall, "rina", made.password)
    sign_in.change_password(hall, signed.principal, signed.session_id, made.password,
                            NEW_PASSWORD, NEW_PASSWORD)
    token = accounts.create_user_token(hall, "rina").secret
    assert accounts.principal_for_token(hall, token).name == "rina"

    off = admin_users.set_active(hall, DUKCAPIL, "rina", False)
    assert off.active is False
    assert sign_in.principal_for_session(hall, signed.session_id) is None
    assert accounts.principal_for_token(hall, token) is None
    with pytest.raises(Unauthorized):
        sign_in.sign_in(hall, "rina", NEW_PASSWORD)
    [*_, (type_, actor, data)] = user_events(hall)
    assert (type_, actor) == ("user.updated", "user:sari")
    assert (data["before"]["active"], data["after"]["active"]) == (True, False)

    assert admin_users.set_active(hall, DUKCAPIL, "rina", True).active is True
    assert sign_in.sign_in(hall, "rina", NEW_PASSWORD).principal.name == "rina"
    assert accounts.principal_for_token(hall, token) is None  # tokens stay revoked
    assert sign_in.principal_for_session(hall, signed.session_id) is None


# ---------------------------------------------------------------- passwords


def test_a_one_time_password_signs_in_once_into_a_forced_change(hall):
    made = make_officer(hall)
    signed = sign_in.sign_in(hall, "rina", made.password)
    assert signed.principal.must_change_password is True
    with pytest.raises(BadRequest) as same:
        sign_in.change_password(hall, signed.principal, signed.session_id, made.password,
                                made.password, made.password)
    assert same.value.field == "new"
    sign_in.change_password(hall, signed.principal, signed.session_id, made.password,
                            NEW_PASSWORD, NEW_PASSWORD)
    assert sign_in.principal_for_session(hall, signed.session_id
                                         ).must_change_password is False
    with pytest.raises(Unauthorized):
        sign_in.sign_in(hall, "rina", made.password)  # the one-time password is spent
    assert admin_users.get_user(hall, ADMIN, "rina").must_change_password is False


def test_a_token_is_not_held_to_the_password_change(hall):
    make_officer(hall)
    token = accounts.create_user_token(hall, "rina").secret
    assert accounts.principal_for_token(hall, token).must_change_password is False


def test_a_reset_replaces_the_password_ends_sessions_and_forces_a_change(hall):
    made = make_officer(hall)
    signed = sign_in.sign_in(hall, "rina", made.password)
    sign_in.change_password(hall, signed.principal, signed.session_id, made.password,
                            NEW_PASSWORD, NEW_PASSWORD)
    token = accounts.create_user_token(hall, "rina").secret

    fresh = admin_users.reset_password(hall, DUKCAPIL, "rina")
    assert fresh != made.password and len(fresh) == admin_users.PASSWORD_LENGTH
    assert sign_in.principal_for_session(hall, signed.session_id) is None
    assert accounts.principal_for_token(hall, token).name == "rina"
    with pytest.raises(Unauthorized):
        sign_in.sign_in(hall, "rina", NEW_PASSWORD)
    assert sign_in.sign_in(hall, "rina", fresh).principal.must_change_password is True

    [*_, (type_, actor, data)] = user_events(hall)
    assert (type_, actor) == ("user.password_reset", "user:sari")
    assert (data["before"]["must_change_password"], data["after"]["must_change_password"]) \
        == (False, True)
    assert fresh not in json.dumps(data)
