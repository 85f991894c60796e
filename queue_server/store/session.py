"""Every SQL statement of Loket lives in this package; this module holds the operations a
use case runs inside one transaction. Methods read and write rows and append events; they
never decide anything (the domain does)."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from queue_server.domain.errors import Conflict, NotFound
from queue_server.domain.models import Agency, Counter, CounterStatus, Event, Service, Ticket, Zone
from queue_server.domain.print_jobs import PrintJob

from . import rows
from .rows import TICKET_COLUMNS, to_db_time


@dataclass(frozen=True, slots=True)
class Catalog:
    """Agencies, services, counters and zones: small, read on every request, cached."""

    version: int
    agencies: dict[str, Agency]
    services: dict[str, Service]
    counters: dict[str, Counter]
    zones: dict[str, Zone]


@dataclass(frozen=True, slots=True)
class AccountRow:
    user_id: int | None
    device_id: int | None
    name: str
    role: str | None
    device_kind: str | None
    agencies: frozenset[str]
    counters: frozenset[str]
    token_id: int | None = None
    last_used_at: str | None = None


class Session:
    def __init__(self, conn: sqlite3.Connection, writable: bool = True) -> None:
        self.conn = conn
        self.writable = writable
        self.events: list[Event] = []

    def _one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, tuple(params)).fetchone()

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    # ------------------------------------------------------------ events

    def append_event(
        self,
        type: str,
        at: datetime,
        actor: str,
        *,
        ticket_id: int | None = None,
        counter_id: str | None = None,
        service_id: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Event:
        payload = data or {}
        cur = self.conn.execute(
            "INSERT INTO events (type, at, ticket_id, counter_id, service_id, actor, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (type, to_db_time(at), ticket_id, counter_id, service_id, actor,
             json.dumps(payload, separators=(",", ":"), ensure_ascii=False)),
        )
        event = Event(cur.lastrowid or 0, type, at, actor, ticket_id, counter_id, service_id,
                      payload)
        self.events.append(event)
        return event

    def last_event_id(self) -> int:
        row = self._one("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        return int(row[0]) if row else 0

    def events_of_ticket(self, ticket_id: int) -> list[Event]:
        return [rows.event(r) for r in self._all(
            "SELECT * FROM events WHERE ticket_id = ? ORDER BY id", (ticket_id,))]

    def latest_event_id(self, ticket_id: int, type: str) -> int | None:
        row = self._one("SELECT max(id) FROM events WHERE ticket_id = ? AND type = ?",
                        (ticket_id, type))
        return row[0] if row else None

    def calls_of_service_after(self, service_id: str, event_id: int) -> int:
        """First calls of a service's tickets after an event: the forfeit rule counts them."""
        row = self._one(
            "SELECT count(*) FROM events WHERE service_id = ? AND type = 'called' AND id > ?",
            (service_id, event_id),
        )
        return int(row[0]) if row else 0

    def recent_call_priorities(self, counter_id: str, limit: int) -> list[bool]:
        """Whether each of this counter's latest calls was a priority citizen, newest first."""
        return [bool(r[0]) for r in self._all(
            "SELECT json_extract(data, '$.priority') FROM events "
            "WHERE counter_id = ? AND type = 'called' ORDER BY id DESC LIMIT ?",
            (counter_id, limit),
        )]

    def recent_calls(self, since: datetime, limit: int) -> list[tuple[Event, Ticket]]:
        """Latest calls and recalls (newest first) with their tickets, for displays."""
        found = self._all(
            f"SELECT e.id AS e_id, e.type AS e_type, e.at AS e_at, e.actor AS e_actor, "
            f"e.counter_id AS e_counter_id, e.service_id AS e_service_id, e.data AS e_data, "
            f"{', '.join('t.' + c.strip() for c in TICKET_COLUMNS.split(','))} "
            f"FROM events e JOIN tickets t ON t.id = e.ticket_id "
            f"WHERE e.type IN ('called', 'recalled') AND e.at >= ? "
            f"ORDER BY e.id DESC LIMIT ?",
            (to_db_time(since), limit),
        )
        out = []
        for r in found:
            event = Event(r["e_id"], r["e_type"], rows.from_db_time(r["e_at"]),  # type: ignore[arg-type]
                          r["e_actor"], r["id"], r["e_counter_id"], r["e_service_id"],
                          json.loads(r["e_data"]))
            out.append((event, rows.ticket(r)))
        return out

    # ------------------------------------------------------------ catalog

    def catalog_version(self) -> int:
        row = self._one("SELECT value FROM site_settings WHERE key = 'catalog_version'")
        return int(row[0]) if row else 0

    def bump_catalog_version(self) -> None:
        self.conn.execute(
            "INSERT INTO site_settings (key, value) VALUES ('catalog_version', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def load_catalog(self) -> Catalog:
        agencies = {r["id"]: rows.agency(r) for r in self._all(
            "SELECT * FROM agencies WHERE active = 1 ORDER BY position, id")}
        services = {r["id"]: rows.service(r) for r in self._all(
            "SELECT * FROM services WHERE active = 1 ORDER BY position, id")}
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for r in self._all("SELECT counter_id, service_id, weight FROM counter_services "
                           "ORDER BY rowid"):
            if r["service_id"] in services:
                weights[r["counter_id"]][r["service_id"]] = r["weight"]
        counters = {r["id"]: rows.counter(r, dict(weights[r["id"]])) for r in self._all(
            "SELECT * FROM counters WHERE active = 1 ORDER BY number")}
        zones = {r["id"]: rows.zone(r) for r in self._all("SELECT * FROM zones ORDER BY id")}
        return Catalog(self.catalog_version(), agencies, services, counters, zones)

    def upsert_catalog(
        self,
        agencies: list[Agency],
        services: list[Service],
        counters: list[Counter],
        zones: list[Zone],
    ) -> list[str]:
        """Make the catalog tables say what the config says. Rows that left the config are
        deactivated, never deleted: old tickets still point at them. Returns what changed."""
        changes: list[str] = []

        def sync(table: str, records: list[dict[str, Any]], keep_status: Iterable[str] = ()):
            current = {r["id"]: dict(r) for r in self._all(f"SELECT * FROM {table}")}
            for record in records:
                old = current.pop(record["id"], None)
                if old is None:
                    cols = ", ".join(record)
                    marks = ", ".join("?" for _ in record)
                    self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                      tuple(record.values()))
                    changes.append(f"{table}: added {record['id']}")
                    continue
                diff = {k: v for k, v in record.items()
                        if k not in keep_status and old.get(k) != v}
                if diff:
                    sets = ", ".join(f"{k} = ?" for k in diff)
                    self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                                      (*diff.values(), record["id"]))
                    changes.append(f"{table}: updated {record['id']} ({', '.join(diff)})")
            for gone, old in current.items():
                if table == "zones":
                    self.conn.execute("DELETE FROM zones WHERE id = ?", (gone,))
                    changes.append(f"zones: removed {gone}")
                elif old.get("active"):
                    self.conn.execute(f"UPDATE {table} SET active = 0 WHERE id = ?", (gone,))
                    changes.append(f"{table}: deactivated {gone}")

        sync("agencies", [{"id": a.id, "name": a.name, "short_name": a.short_name,
                           "position": a.position, "active": 1} for a in agencies])
        sync("services", [{
            "id": s.id, "agency_id": s.agency_id, "prefix": s.prefix, "name": s.name,
            "name_en": s.name_en, "daily_quota": s.daily_quota,
            "max_wait_minutes": s.max_wait_minutes,
            "avg_service_minutes": s.avg_service_minutes,
            "hours": rows.hours_to_json(s.hours), "position": s.position, "active": 1,
        } for s in services])
        sync("counters", [{"id": c.id, "number": c.number, "name": c.name,
                           "agency_id": c.agency_id, "position": c.number, "active": 1}
                          for c in counters])
        sync("zones", [{"id": z.id, "name": z.name, "agencies": json.dumps(list(z.agencies)),
                        "counters": json.dumps(list(z.counters))} for z in zones])

        wanted = {(c.id, s, w) for c in counters for s, w in c.service_weights.items()}
        present = {(r[0], r[1], r[2]) for r in self._all(
            "SELECT counter_id, service_id, weight FROM counter_services")}
        if wanted != present:
            self.conn.execute("DELETE FROM counter_services")
            self.conn.executemany(
                "INSERT INTO counter_services (counter_id, service_id, weight) VALUES (?, ?, ?)",
                [(c.id, s, w) for c in counters for s, w in c.service_weights.items()],
            )
            changes.append("counter_services: updated")
        if changes:
            self.bump_catalog_version()
        return changes

    def set_counter_status(self, counter_id: str, status: CounterStatus,
                           reason: str | None) -> None:
        self.conn.execute("UPDATE counters SET status = ?, pause_reason = ? WHERE id = ?",
                          (status.value, reason, counter_id))
        self.bump_catalog_version()

    def set_service_pause(self, service_id: str, reason: str | None) -> None:
        self.conn.execute("UPDATE services SET paused_reason = ? WHERE id = ?",
                          (reason, service_id))
        self.bump_catalog_version()

    # ------------------------------------------------------------ tickets

    def next_number(self, service_id: str, day: str) -> int:
        row = self._one(
            "INSERT INTO sequences (service_id, day, last) VALUES (?, ?, 1) "
            "ON CONFLICT(service_id, day) DO UPDATE SET last = last + 1 RETURNING last",
            (service_id, day),
        )
        assert row is not None
        return int(row[0])

    def issued_count(self, service_id: str, day: str) -> int:
        row = self._one("SELECT last FROM sequences WHERE service_id = ? AND day = ?",
                        (service_id, day))
        return int(row[0]) if row else 0

    def issued_counts(self, day: str) -> dict[str, int]:
        return {r[0]: r[1] for r in self._all(
            "SELECT service_id, last FROM sequences WHERE day = ?", (day,))}

    def insert_ticket(self, t: Ticket) -> Ticket:
        try:
            cur = self.conn.execute(
                "INSERT INTO tickets (code, number, day, service_id, agency_id, status, "
                "priority, priority_kind, language, issued_at, track_token, issued_by, "
                "call_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (t.code, t.number, t.day, t.service_id, t.agency_id, t.status.value,
                 int(t.priority), t.priority_kind.value if t.priority_kind else None,
                 t.language, to_db_time(t.issued_at), t.track_token, t.issued_by),
            )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"ticket {t.code} already exists today") from exc
        return replace(t, id=cur.lastrowid or 0)

    def save_ticket(self, t: Ticket) -> None:
        """Write the fields a move may change."""
        self.conn.execute(
            "UPDATE tickets SET status = ?, service_id = ?, agency_id = ?, called_at = ?, "
            "started_at = ?, finished_at = ?, counter_id = ?, target_counter_id = ?, "
            "transferred_from = ?, call_count = ? WHERE id = ?",
            (t.status.value, t.service_id, t.agency_id, to_db_time(t.called_at),
             to_db_time(t.started_at), to_db_time(t.finished_at), t.counter_id,
             t.target_counter_id, t.transferred_from, t.call_count, t.id),
        )

    def ticket(self, ticket_id: int) -> Ticket:
        row = self._one(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,))
        if row is None:
            raise NotFound(f"Tiket {ticket_id} tidak ditemukan.", field="id")
        return rows.ticket(row)

    def ticket_by_token(self, token: str) -> Ticket:
        row = self._one(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE track_token = ?", (token,))
        if row is None:
            raise NotFound("Tiket tidak ditemukan. Periksa kembali kode QR Anda.",
                           field="token")
        return rows.ticket(row)

    def waiting_heads(self, counter: Counter, day: str) -> list[Ticket]:
        """The oldest waiting ticket of each (service, priority) group this counter serves,
        plus every ticket transferred to it. The call policy orders each group oldest-first,
        so its winner is always among these; reading only heads keeps call-next O(log n)."""
        found: list[Ticket] = [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE status = 'waiting' "
            f"AND target_counter_id = ? AND day = ? ORDER BY issued_at, id", (counter.id, day))]
        for service_id in counter.service_weights:
            for priority in (1, 0):
                row = self._one(
                    f"SELECT {TICKET_COLUMNS} FROM tickets INDEXED BY tickets_waiting "
                    f"WHERE status = 'waiting' "
                    f"AND target_counter_id IS NULL AND service_id = ? AND day = ? "
                    f"AND priority = ? ORDER BY issued_at, id LIMIT 1",
                    (service_id, day, priority),
                )
                if row is not None:
                    found.append(rows.ticket(row))
        return found

    def waiting_counts(self, day: str, service_ids: Iterable[str] | None = None
                       ) -> dict[str, int]:
        """Today's waiting tickets per service; give `service_ids` to count only those (a
        use case counts what it changed, not the whole hall)."""
        if service_ids is None:
            return {r[0]: r[1] for r in self._all(
                "SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' "
                "AND day = ? GROUP BY service_id", (day,))}
        ids = sorted(set(service_ids))
        counts = {s: 0 for s in ids}
        for r in self._all(
                f"SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' AND day = ? "
                f"AND service_id IN ({', '.join('?' for _ in ids)}) GROUP BY service_id",
                (day, *ids)):
            counts[r[0]] = r[1]
        return counts

    def people_ahead(self, t: Ticket) -> int:
        """Waiting tickets that go before this one: in its counter's own line when it was
        sent to a counter, else in its service's line (priority ones, then older ones).
        Each count is a range scan of a covering partial index, never a table lookup."""
        if t.target_counter_id is not None:
            row = self._one(
                "SELECT count(*) FROM tickets WHERE status = 'waiting' "
                "AND target_counter_id = ? AND (issued_at < ? OR (issued_at = ? AND id < ?))",
                (t.target_counter_id, to_db_time(t.issued_at), to_db_time(t.issued_at), t.id))
            return int(row[0]) if row else 0
        issued = to_db_time(t.issued_at)
        older = self._one(
            "SELECT count(*) FROM tickets INDEXED BY tickets_waiting WHERE status = 'waiting' "
            "AND target_counter_id IS NULL AND service_id = ? AND day = ? AND priority = ? "
            "AND issued_at <= ? "
            "AND (issued_at < ? OR id < ?)",
            (t.service_id, t.day, int(t.priority), issued, issued, t.id))
        ahead = int(older[0]) if older else 0
        if not t.priority:
            first = self._one(
                "SELECT count(*) FROM tickets INDEXED BY tickets_waiting "
                "WHERE status = 'waiting' AND target_counter_id IS NULL AND service_id = ? "
                "AND day = ? AND priority = 1",
                (t.service_id, t.day))
            ahead += int(first[0]) if first else 0
        return ahead

    def tickets_at_counters(self) -> dict[str, Ticket]:
        """The ticket each counter is calling or serving now (its latest, if several)."""
        current: dict[str, Ticket] = {}
        for r in self._all(f"SELECT {TICKET_COLUMNS} FROM tickets "
                           f"WHERE status IN ('called', 'serving') ORDER BY called_at"):
            t = rows.ticket(r)
            if t.counter_id:
                current[t.counter_id] = t
        return current

    def tickets_at_counter(self, counter_id: str) -> list[Ticket]:
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE counter_id = ? "
            f"AND status IN ('called', 'serving') ORDER BY called_at", (counter_id,))]

    def recent_service_minutes(self, service_id: str, since: datetime,
                               limit: int = 20) -> list[float]:
        return [r[0] for r in self._all(
            "SELECT (julianday(finished_at) - julianday(started_at)) * 1440 FROM tickets "
            "WHERE status = 'done' AND service_id = ? AND finished_at >= ? "
            "AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
            (service_id, to_db_time(since), limit))]

    # ------------------------------------------------------------ print jobs

    def insert_print_job(self, job: PrintJob) -> PrintJob:
        cur = self.conn.execute(
            "INSERT INTO print_jobs (ticket_id, printer, status, reason, copy, attempts, "
            "created_at, updated_at, next_attempt_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)",
            (job.ticket_id, job.printer, job.status.value, job.reason, int(job.copy),
             job.attempts, to_db_time(job.created_at), to_db_time(job.updated_at),
             to_db_time(job.next_attempt_at), job.actor))
        return replace(job, id=cur.lastrowid or 0)

    def save_print_job(self, job: PrintJob) -> None:
        self.conn.execute(
            "UPDATE print_jobs SET status = ?, copy = ?, attempts = ?, last_error = ?, "
            "error_kind = ?, updated_at = ?, next_attempt_at = ? WHERE id = ?",
            (job.status.value, int(job.copy), job.attempts, job.last_error, job.error_kind,
             to_db_time(job.updated_at), to_db_time(job.next_attempt_at), job.id))

    def print_job(self, job_id: int) -> PrintJob:
        row = self._one("SELECT * FROM print_jobs WHERE id = ?", (job_id,))
        if row is None:
            raise NotFound(f"print job {job_id} not found")
        return rows.print_job(row)

    def claim_print_jobs(self, now: datetime, lease: timedelta, limit: int = 20
                         ) -> list[PrintJob]:
        """Due jobs, pushed `lease` into the future in the same statement, so that another
        server process on this file does not send them too while this one tries."""
        return [rows.print_job(r) for r in self._all(
            "UPDATE print_jobs SET next_attempt_at = ? WHERE id IN (SELECT id FROM print_jobs "
            "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
            "LIMIT ?) RETURNING *", (to_db_time(now + lease), to_db_time(now), limit))]

    def next_print_due(self) -> datetime | None:
        row = self._one("SELECT min(next_attempt_at) FROM print_jobs WHERE status = 'pending'")
        return rows.from_db_time(row[0]) if row and row[0] else None

    def latest_print_job(self, ticket_id: int) -> PrintJob | None:
        row = self._one("SELECT * FROM print_jobs WHERE ticket_id = ? ORDER BY id DESC "
                        "LIMIT 1", (ticket_id,))
        return rows.print_job(row) if row else None

    def pending_print_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self._all(
            "SELECT printer, count(*) FROM print_jobs WHERE status = 'pending' "
            "GROUP BY printer")}

    # ------------------------------------------------------------ idempotency

    def ticket_for_key(self, actor: str, key: str) -> int | None:
        found, ticket_id = self.key_result(actor, key)
        return ticket_id if found else None

    def key_result(self, actor: str, key: str) -> tuple[bool, int | None]:
        """(seen before, the ticket it gave then: None when it gave no ticket)."""
        row = self._one("SELECT ticket_id FROM idempotency_keys WHERE actor = ? AND key = ?",
                        (actor, key))
        return (False, None) if row is None else (True, row[0])

    def remember_key(self, actor: str, key: str, ticket_id: int | None, at: datetime) -> None:
        self.conn.execute(
            "INSERT INTO idempotency_keys (key, actor, ticket_id, created_at) "
            "VALUES (?, ?, ?, ?)", (key, actor, ticket_id, to_db_time(at)))

    # ------------------------------------------------------------ people, devices, tokens

    def create_user(self, name: str, role: str, password_hash: str | None, at: datetime,
                    agencies: Iterable[str] = (), counters: Iterable[str] = ()) -> int:
        if self._one("SELECT 1 FROM users WHERE name = ?", (name,)):
            raise Conflict(f"user {name!r} already exists", field="name")
        cur = self.conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role, password_hash, to_db_time(at)))
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

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                          (password_hash, user_id))

    def user_id(self, name: str) -> int:
        row = self._one("SELECT id FROM users WHERE name = ?", (name,))
        if row is None:
            raise NotFound(f"no user named {name!r}", field="name")
        return int(row[0])

    def user_account(self, user_id: int) -> AccountRow | None:
        row = self._one("SELECT id, name, role, disabled_at FROM users WHERE id = ?",
                        (user_id,))
        if row is None or row["disabled_at"]:
            return None
        agencies = frozenset(r[0] for r in self._all(
            "SELECT agency_id FROM user_agencies WHERE user_id = ?", (user_id,)))
        counters = frozenset(r[0] for r in self._all(
            "SELECT counter_id FROM user_counters WHERE user_id = ?", (user_id,)))
        return AccountRow(row["id"], None, row["name"], row["role"], None, agencies, counters)

    def user_password_hash(self, name: str) -> tuple[int, str | None] | None:
        row = self._one("SELECT id, password_hash FROM users WHERE name = ? "
                        "AND disabled_at IS NULL", (name,))
        return (row[0], row[1]) if row else None

    def users(self) -> list[dict[str, Any]]:
        out = []
        for r in self._all("SELECT id, name, role, created_at, disabled_at FROM users "
                           "ORDER BY name"):
            account = self.user_account(r["id"])
            out.append({**dict(r), "agencies": sorted(account.agencies) if account else [],
                        "counters": sorted(account.counters) if account else []})
        return out

    def ensure_device(self, name: str, kind: str, at: datetime) -> int:
        row = self._one("SELECT id, kind, revoked_at FROM devices WHERE name = ?", (name,))
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO devices (name, kind, created_at) VALUES (?, ?, ?)",
                (name, kind, to_db_time(at)))
            return cur.lastrowid or 0
        if row["kind"] != kind:
            raise Conflict(f"device {name!r} is a {row['kind']}, not a {kind}", field="kind")
        if row["revoked_at"]:
            self.conn.execute("UPDATE devices SET revoked_at = NULL WHERE id = ?", (row["id"],))
        return int(row["id"])

    def create_token(self, name: str, secret_hash: str, prefix: str, at: datetime, *,
                     user_id: int | None = None, device_id: int | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO tokens (name, secret_hash, prefix, user_id, device_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, secret_hash, prefix, user_id, device_id, to_db_time(at)))
        return cur.lastrowid or 0

    def account_for_token(self, secret_hash: str) -> AccountRow | None:
        row = self._one(
            "SELECT t.id AS token_id, t.user_id, t.device_id, t.last_used_at, "
            "d.name AS device_name, d.kind AS device_kind, d.revoked_at AS device_revoked "
            "FROM tokens t LEFT JOIN devices d ON d.id = t.device_id "
            "WHERE t.secret_hash = ? AND t.revoked_at IS NULL", (secret_hash,))
        if row is None:
            return None
        if row["user_id"] is not None:
            account = self.user_account(row["user_id"])
            if account is None:
                return None
            return AccountRow(account.user_id, None, account.name, account.role, None,
                              account.agencies, account.counters, row["token_id"],
                              row["last_used_at"])
        if row["device_id"] is None or row["device_revoked"]:
            return None
        return AccountRow(None, row["device_id"], row["device_name"], None, row["device_kind"],
                          frozenset(), frozenset(), row["token_id"], row["last_used_at"])

    def touch_token(self, token_id: int, at: datetime) -> None:
        self.conn.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?",
                          (to_db_time(at), token_id))

    def tokens(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._all(
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

    # ------------------------------------------------------------ counter console

    def skipped_at_counter(self, counter_id: str, day: str, limit: int = 20) -> list[Ticket]:
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE counter_id = ? AND day = ? "
            f"AND status = 'no_show' ORDER BY called_at DESC LIMIT ?", (counter_id, day, limit))]

    def waiting_for_counter(self, counter: Counter, day: str, limit: int = 100) -> list[Ticket]:
        """What the counter could call: sent to it, or waiting for one of its services."""
        ids = list(counter.service_weights) or [""]
        return [rows.ticket(r) for r in self._all(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE status = 'waiting' AND day = ? AND "
            f"(target_counter_id = ? OR (target_counter_id IS NULL AND service_id IN "
            f"({', '.join('?' for _ in ids)}))) "
            f"ORDER BY target_counter_id IS NULL, priority DESC, issued_at, id LIMIT ?",
            (day, counter.id, *ids, limit))]

    def actor_counts(self, actor: str, since: datetime) -> dict[str, Any]:
        """An officer's day: calls, finished, skipped, and the mean service minutes."""
        row = self._one(
            "SELECT count(*) FILTER (WHERE type = 'called'), "
            "count(*) FILTER (WHERE type = 'finished'), "
            "count(*) FILTER (WHERE type = 'skipped') "
            "FROM events WHERE actor = ? AND at >= ?", (actor, to_db_time(since)))
        mean = self._one(
            "SELECT avg((julianday(t.finished_at) - julianday(t.started_at)) * 1440) "
            "FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.actor = ? "
            "AND e.type = 'finished' AND e.at >= ? AND t.started_at IS NOT NULL",
            (actor, to_db_time(since)))
        return {"called": row[0] if row else 0, "finished": row[1] if row else 0,
                "skipped": row[2] if row else 0,
                "mean_service_minutes": round(mean[0], 1) if mean and mean[0] else None}

    # ------------------------------------------------------------ browser sessions

    def create_web_session(self, id_hash: str, user_id: int, at: datetime, ip: str | None,
                           user_agent: str | None) -> None:
        self.conn.execute(
            "INSERT INTO web_sessions (id_hash, user_id, created_at, last_seen_at, ip, "
            "user_agent) VALUES (?, ?, ?, ?, ?, ?)",
            (id_hash, user_id, to_db_time(at), to_db_time(at), ip, (user_agent or "")[:200]))

    def web_session(self, id_hash: str) -> tuple[int, datetime] | None:
        """(user id, last seen) of a live session."""
        row = self._one("SELECT user_id, last_seen_at FROM web_sessions WHERE id_hash = ? "
                        "AND revoked_at IS NULL", (id_hash,))
        return (int(row[0]), rows.from_db_time(row[1])) if row else None  # type: ignore[return-value]

    def touch_web_session(self, id_hash: str, at: datetime) -> None:
        self.conn.execute("UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ?",
                          (to_db_time(at), id_hash))

    def revoke_web_sessions(self, at: datetime, *, id_hash: str | None = None,
                            user_id: int | None = None, keep: str | None = None) -> int:
        if id_hash is not None:
            cur = self.conn.execute("UPDATE web_sessions SET revoked_at = ? WHERE id_hash = ? "
                                    "AND revoked_at IS NULL", (to_db_time(at), id_hash))
        else:
            cur = self.conn.execute(
                "UPDATE web_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS "
                "NULL AND id_hash != ?", (to_db_time(at), user_id, keep or ""))
        return cur.rowcount

    def record_sign_in(self, name: str, ip: str | None, at: datetime, ok: bool) -> None:
        self.conn.execute("INSERT INTO sign_in_attempts (name, ip, at, ok) VALUES (?, ?, ?, ?)",
                          (name, ip, to_db_time(at), int(ok)))

    def sign_in_failures(self, since: datetime, *, name: str | None = None,
                         ip: str | None = None) -> list[datetime]:
        """Failed attempts since `since` and since the last success (for that name/ip)."""
        column, value = ("name", name) if name is not None else ("ip", ip)
        last_ok = self._one(f"SELECT max(at) FROM sign_in_attempts WHERE {column} = ? "
                            f"AND ok = 1", (value,))
        start = max(to_db_time(since) or "", (last_ok[0] if last_ok and last_ok[0] else ""))
        return [rows.from_db_time(r[0]) for r in self._all(  # type: ignore[misc]
            f"SELECT at FROM sign_in_attempts WHERE {column} = ? AND ok = 0 AND at > ? "
            f"ORDER BY at", (value, start))]

    # ------------------------------------------------------------ pairing and devices

    def insert_pairing(self, code: str, poll_hash: str, kind: str, at: datetime,
                       expires: datetime) -> int:
        cur = self.conn.execute(
            "INSERT INTO pairing_requests (code, poll_hash, kind, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)", (code, poll_hash, kind, to_db_time(at), to_db_time(expires)))
        return cur.lastrowid or 0

    def open_pairing(self, code: str, now: datetime) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM pairing_requests WHERE code = ? AND expires_at > ? "
                        "AND approved_at IS NULL", (code, to_db_time(now)))
        return dict(row) if row else None

    def pairing_by_poll(self, poll_hash: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM pairing_requests WHERE poll_hash = ?", (poll_hash,))
        return dict(row) if row else None

    def approve_pairing(self, pairing_id: int, at: datetime, by: str, device_name: str,
                        token_secret: str) -> None:
        self.conn.execute(
            "UPDATE pairing_requests SET approved_at = ?, approved_by = ?, device_name = ?, "
            "token_secret = ? WHERE id = ?",
            (to_db_time(at), by, device_name, token_secret, pairing_id))

    def collect_pairing(self, pairing_id: int, at: datetime) -> None:
        """The screen took its token: it is not kept anywhere any more."""
        self.conn.execute("UPDATE pairing_requests SET token_secret = NULL, collected_at = ? "
                          "WHERE id = ?", (to_db_time(at), pairing_id))

    def pending_pairings(self, now: datetime) -> list[dict[str, Any]]:
        return [dict(r) for r in self._all(
            "SELECT id, code, kind, created_at, expires_at FROM pairing_requests "
            "WHERE approved_at IS NULL AND expires_at > ? ORDER BY id DESC", (to_db_time(now),))]

    def forget_expired_pairings(self, now: datetime) -> None:
        self.conn.execute("UPDATE pairing_requests SET token_secret = NULL WHERE expires_at < ? "
                          "AND token_secret IS NOT NULL", (to_db_time(now),))

    def devices(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._all(
            "SELECT d.id, d.name, d.kind, d.created_at, d.revoked_at, "
            "max(t.last_used_at) AS last_used_at, "
            "sum(CASE WHEN t.revoked_at IS NULL THEN 1 ELSE 0 END) AS live_tokens "
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

    def live_credentials(self, token_ids: Iterable[int], session_hashes: Iterable[str]
                         ) -> tuple[set[int], set[str]]:
        """Which of these tokens and browser sessions still work (for open sockets)."""
        token_ids, session_hashes = list(token_ids), list(session_hashes)
        tokens: set[int] = set()
        sessions: set[str] = set()
        if token_ids:
            tokens = {r[0] for r in self._all(
                f"SELECT t.id FROM tokens t LEFT JOIN devices d ON d.id = t.device_id "
                f"WHERE t.id IN ({', '.join('?' for _ in token_ids)}) "
                f"AND t.revoked_at IS NULL AND d.revoked_at IS NULL", token_ids)}
        if session_hashes:
            sessions = {r[0] for r in self._all(
                f"SELECT id_hash FROM web_sessions WHERE revoked_at IS NULL AND id_hash IN "
                f"({', '.join('?' for _ in session_hashes)})", session_hashes)}
        return tokens, sessions

    # ------------------------------------------------------------ site settings

    def site_setting(self, key: str) -> str | None:
        row = self._one("SELECT value FROM site_settings WHERE key = ?", (key,))
        return row[0] if row else None

    def set_site_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO site_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def integrity_ok(self) -> bool:
        row = self._one("PRAGMA quick_check")
        return bool(row) and row[0] == "ok"
