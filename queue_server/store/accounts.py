"""People, devices and their bearer tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.errors import Conflict, NotFound

from . import rows
from .base import Table, marks
from .rows import to_db_time


@dataclass(frozen=True, slots=True)
class AccountRow:
    """Who a token or a browser session belongs to, with their scope."""

    user_id: int | None
    device_id: int | None
    name: str
    role: str | None
    device_kind: str | None
    agencies: frozenset[str]
    counters: frozenset[str]
    token_id: int | None = None
    last_used_at: datetime | None = None
    must_change_password: bool = False


@dataclass(frozen=True, slots=True)
class UserRow:
    """A staff account as the administration sees it: never its password hash."""

    id: int
    name: str
    display_name: str | None
    role: str
    agencies: tuple[str, ...]
    counters: tuple[str, ...]
    active: bool
    must_change_password: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PasswordRow:
    user_id: int
    password_hash: str | None


@dataclass(frozen=True, slots=True)
class TokenRow:
    """A token as `token list` shows it: never its secret."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    user: str | None
    role: str | None
    device: str | None
    device_kind: str | None


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: int
    name: str
    kind: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    live_tokens: int
    counter_id: str | None = None  # a survey tablet's counter


class AccountTables(Table):
    # ---------------------------------------------------------------- users

    def create_user(self, name: str, role: str, password_hash: str | None, at: datetime,
                    agencies: Iterable[str] = (), counters: Iterable[str] = (), *,
                    display_name: str | None = None,
                    must_change_password: bool = False) -> int:
        if self._one("SELECT 1 FROM users WHERE name = ?", (name,)):
            raise Conflict(f"Nama pengguna {name!r} sudah dipakai.", field="name")
        cur = self.conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at, display_name, "
            "must_change_password) VALUES (?, ?, ?, ?, ?, ?)",
            (name, role, password_hash, to_db_time(at), display_name,
             int(must_change_password)))
        user_id = cur.lastrowid or 0
        self.set_user_scope(user_id, agencies, counters)
        return user_id

    def set_user_scope(self, user_id: int, agencies: Iterable[str],
                       counters: Iterable[str]) -> None:
        self.conn.execute("DELETE FROM user_agencies WHERE user_id = ?", (user_id,))
        self.conn.execute("DELETE FROM user_counters WHERE user_id = ?", (user_id,))
        self.conn.executemany("INSERT INTO user_agencies VALUES (?, ?)",
                              [(user_id, a) for a in dict.fromkeys(agencies)])
        self.conn.executemany("INSERT INTO user_counters VALUES (?, ?)",
                              [(user_id, c) for c in dict.fromkeys(counters)])

    def set_password_hash(self, user_id: int, password_hash: str, *,
                          must_change: bool = False) -> None:
        """`must_change`: a one-time password the user must replace at the next sign-in
        (a password the user chose clears it)."""
        self.conn.execute("UPDATE users SET password_hash = ?, must_change_password = ? "
                          "WHERE id = ?", (password_hash, int(must_change), user_id))

    def update_user(self, user_id: int, *, display_name: str | None, role: str) -> None:
        self.conn.execute("UPDATE users SET display_name = ?, role = ? WHERE id = ?",
                          (display_name, role, user_id))

    def set_active(self, user_id: int, active: bool, at: datetime) -> None:
        self.conn.execute("UPDATE users SET disabled_at = ? WHERE id = ?",
                          (None if active else to_db_time(at), user_id))

    def revoke_user_tokens(self, user_id: int, at: datetime) -> int:
        cur = self.conn.execute("UPDATE tokens SET revoked_at = ? WHERE user_id = ? "
                                "AND revoked_at IS NULL", (to_db_time(at), user_id))
        return cur.rowcount

    def users(self) -> list[UserRow]:
        """Every account, active or not, by name."""
        return self._user_rows("SELECT * FROM users ORDER BY name", ())

    def user(self, name: str) -> UserRow | None:
        found = self._user_rows("SELECT * FROM users WHERE name = ?", (name,))
        return found[0] if found else None

    def _user_rows(self, sql: str, params: tuple) -> list[UserRow]:
        users = self._all(sql, params)
        if not users:
            return []
        ids = [r["id"] for r in users]
        agencies: dict[int, list[str]] = {i: [] for i in ids}
        counters: dict[int, list[str]] = {i: [] for i in ids}
        for r in self._all(f"SELECT user_id, agency_id FROM user_agencies WHERE user_id IN "
                           f"({marks(ids)}) ORDER BY agency_id", ids):
            agencies[r[0]].append(r[1])
        for r in self._all(f"SELECT user_id, counter_id FROM user_counters WHERE user_id IN "
                           f"({marks(ids)}) ORDER BY counter_id", ids):
            counters[r[0]].append(r[1])
        return [UserRow(r["id"], r["name"], r["display_name"], r["role"],
                        tuple(agencies[r["id"]]), tuple(counters[r["id"]]),
                        r["disabled_at"] is None, bool(r["must_change_password"]),
                        rows.from_db_time(r["created_at"]))  # type: ignore[arg-type]
                for r in users]

    def counter_agencies(self) -> dict[str, str]:
        """counter id -> its agency, deactivated counters included (a user may still hold
        one)."""
        return {r[0]: r[1] for r in self._all("SELECT id, agency_id FROM counters")}

    def user_id(self, name: str) -> int:
        row = self._one("SELECT id FROM users WHERE name = ?", (name,))
        if row is None:
            raise NotFound(f"no user named {name!r}", field="name")
        return int(row[0])

    def user_account(self, user_id: int) -> AccountRow | None:
        row = self._one("SELECT id, name, role, disabled_at, must_change_password FROM users "
                        "WHERE id = ?", (user_id,))
        if row is None or row["disabled_at"]:
            return None
        agencies = frozenset(r[0] for r in self._all(
            "SELECT agency_id FROM user_agencies WHERE user_id = ?", (user_id,)))
        counters = frozenset(r[0] for r in self._all(
            "SELECT counter_id FROM user_counters WHERE user_id = ?", (user_id,)))
        return AccountRow(row["id"], None, row["name"], row["role"], None, agencies, counters,
                          must_change_password=bool(row["must_change_password"]))

    def password_of(self, name: str) -> PasswordRow | None:
        """The stored hash of an active user (None: no such user, or disabled)."""
        row = self._one("SELECT id, password_hash FROM users WHERE name = ? "
                        "AND disabled_at IS NULL", (name,))
        return PasswordRow(row[0], row[1]) if row else None

    # ---------------------------------------------------------------- devices

    def ensure_device(self, name: str, kind: str, at: datetime,
                      counter_id: str | None = None) -> int:
        """The device of this name, made or revived; `counter_id` is where a survey tablet
        stands (a tablet paired again under its name may have moved to another counter)."""
        row = self._one("SELECT id, kind, revoked_at FROM devices WHERE name = ?", (name,))
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO devices (name, kind, created_at, counter_id) VALUES (?, ?, ?, ?)",
                (name, kind, to_db_time(at), counter_id))
            return cur.lastrowid or 0
        if row["kind"] != kind:
            raise Conflict(f"device {name!r} is a {row['kind']}, not a {kind}", field="kind")
        self.conn.execute("UPDATE devices SET revoked_at = NULL, counter_id = ? WHERE id = ?",
                          (counter_id, row["id"]))
        return int(row["id"])

    def devices(self) -> list[DeviceRow]:
        return [DeviceRow(r["id"], r["name"], r["kind"], rows.from_db_time(r["created_at"]),  # type: ignore[arg-type]
                          rows.from_db_time(r["revoked_at"]),
                          rows.from_db_time(r["last_used_at"]), r["live_tokens"] or 0,
                          r["counter_id"])
                for r in self._all(
            "SELECT d.id, d.name, d.kind, d.created_at, d.revoked_at, d.counter_id, "
            "max(t.last_used_at) AS last_used_at, "
            "sum(CASE WHEN t.id IS NOT NULL AND t.revoked_at IS NULL THEN 1 ELSE 0 END) "
            "AS live_tokens "
            "FROM devices d LEFT JOIN tokens t ON t.device_id = d.id "
            "GROUP BY d.id ORDER BY d.kind, d.name")]

    def revoke_device(self, name: str, at: datetime) -> int | None:
        row = self._one("SELECT id FROM devices WHERE name = ?", (name,))
        if row is None:
            return None
        self.conn.execute("UPDATE devices SET revoked_at = ? WHERE id = ?",
                          (to_db_time(at), row[0]))
        self.conn.execute("UPDATE tokens SET revoked_at = ? WHERE device_id = ? "
                          "AND revoked_at IS NULL", (to_db_time(at), row[0]))
        return int(row[0])

    # ---------------------------------------------------------------- tokens

    def create_token(self, name: str, secret_hash: str, prefix: str, at: datetime, *,
                     user_id: int | None = None, device_id: int | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO tokens (name, secret_hash, prefix, user_id, device_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, secret_hash, prefix, user_id, device_id, to_db_time(at)))
        return cur.lastrowid or 0

    def account_for_token(self, secret_hash: str) -> AccountRow | None:
        # one statement for the token, its device or user and the user's scope: every API
        # request asks it (four queries before, 13 % of an empty call-next's server time)
        row = self._one(
            "SELECT t.id AS token_id, t.user_id, t.device_id, t.last_used_at, "
            "d.name AS device_name, d.kind AS device_kind, d.revoked_at AS device_revoked, "
            "d.counter_id AS device_counter, u.name AS user_name, u.role, "
            "u.disabled_at AS user_disabled, "
            "(SELECT group_concat(agency_id, char(31)) FROM user_agencies "
            " WHERE user_id = t.user_id) AS agencies, "
            "(SELECT group_concat(counter_id, char(31)) FROM user_counters "
            " WHERE user_id = t.user_id) AS counters "
            "FROM tokens t LEFT JOIN devices d ON d.id = t.device_id "
            "LEFT JOIN users u ON u.id = t.user_id "
            "WHERE t.secret_hash = ? AND t.revoked_at IS NULL", (secret_hash,))
        if row is None:
            return None
        last_used = rows.from_db_time(row["last_used_at"])
        if row["user_id"] is not None:
            if row["user_name"] is None or row["user_disabled"]:
                return None
            return AccountRow(row["user_id"], None, row["user_name"], row["role"], None,
                              _ids(row["agencies"]), _ids(row["counters"]), row["token_id"],
                              last_used)
        if row["device_id"] is None or row["device_revoked"]:
            return None
        # a survey tablet is scoped to the one counter it stands at
        counters = frozenset({row["device_counter"]}) if row["device_counter"] else frozenset()
        return AccountRow(None, row["device_id"], row["device_name"], None, row["device_kind"],
                          frozenset(), counters, row["token_id"], last_used)

    def touch_token(self, token_id: int, at: datetime) -> None:
        self.conn.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?",
                          (to_db_time(at), token_id))

    def tokens(self) -> list[TokenRow]:
        return [TokenRow(r["id"], r["name"], r["prefix"],
                         rows.from_db_time(r["created_at"]),  # type: ignore[arg-type]
                         rows.from_db_time(r["last_used_at"]),
                         rows.from_db_time(r["revoked_at"]), r["user"], r["role"],
                         r["device"], r["device_kind"])
                for r in self._all(
            "SELECT t.id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at, "
            "u.name AS user, u.role AS role, d.name AS device, d.kind AS device_kind "
            "FROM tokens t LEFT JOIN users u ON u.id = t.user_id "
            "LEFT JOIN devices d ON d.id = t.device_id ORDER BY t.id")]

    def revoke_tokens(self, name: str, at: datetime) -> int:
        """Revoke every live token called `name` (or whose public prefix is `name`)."""
        cur = self.conn.execute(
            "UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL "
            "AND (name = ? OR prefix = ?)", (to_db_time(at), name, name))
        return cur.rowcount

    def live_credentials(self, token_ids: Iterable[int], session_hashes: Iterable[str]
                         ) -> tuple[set[int], set[str]]:
        """Which of these tokens and browser sessions still work (for open sockets)."""
        token_ids, session_hashes = list(token_ids), list(session_hashes)
        tokens: set[int] = set()
        sessions: set[str] = set()
        if token_ids:
            tokens = {r[0] for r in self._all(
                f"SELECT t.id FROM tokens t LEFT JOIN devices d ON d.id = t.device_id "
                f"WHERE t.id IN ({marks(token_ids)}) "
                f"AND t.revoked_at IS NULL AND d.revoked_at IS NULL", token_ids)}
        if session_hashes:
            sessions = {r[0] for r in self._all(
                f"SELECT id_hash FROM web_sessions WHERE revoked_at IS NULL AND id_hash IN "
                f"({marks(session_hashes)})", session_hashes)}
        return tokens, sessions


def _ids(joined: str | None) -> frozenset[str]:
    """The ids group_concat joined with the unit separator (no id holds one)."""
    return frozenset(joined.split("\x1f")) if joined else frozenset()
