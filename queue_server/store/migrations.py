"""The schema, as numbered migrations (sqlite-utils `Migrations`). Never edit an applied
migration; add the next number. Each runs in the transaction that records it."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from queue_server.store.database import begin_immediate

migrations = Migrations("loket")


@migrations(name="0001_catalog")
def m0001_catalog(db: Database) -> None:
    db["agencies"].create(
        {"id": str, "name": str, "short_name": str, "position": int, "active": int},
        pk="id", not_null={"name", "short_name"}, defaults={"active": 1, "position": 0},
    )
    db["services"].create(
        {
            "id": str, "agency_id": str, "prefix": str, "name": str, "name_en": str,
            "daily_quota": int, "max_wait_minutes": int, "avg_service_minutes": float,
            "hours": str,  # JSON: weekday -> [["08:00", "15:00"], ...]
            "position": int, "paused_reason": str, "active": int,
        },
        pk="id", foreign_keys=[("agency_id", "agencies", "id")],
        not_null={"agency_id", "prefix", "name"}, defaults={"active": 1, "position": 0},
    )
    db["counters"].create(
        {
            "id": str, "number": int, "name": str, "agency_id": str, "status": str,
            "pause_reason": str, "position": int, "active": int,
        },
        pk="id", foreign_keys=[("agency_id", "agencies", "id")],
        not_null={"number", "name", "agency_id", "status"},
        defaults={"status": "open", "active": 1, "position": 0},
    )
    db["counter_services"].create(
        {"counter_id": str, "service_id": str, "weight": float},
        pk=("counter_id", "service_id"),
        foreign_keys=[("counter_id", "counters", "id"), ("service_id", "services", "id")],
    )
    db["zones"].create({"id": str, "name": str, "agencies": str, "counters": str}, pk="id")
    db["site_settings"].create({"key": str, "value": str}, pk="key")


@migrations(name="0002_tickets_and_events")
def m0002_tickets_and_events(db: Database) -> None:
    db["tickets"].create(
        {
            "id": int, "code": str, "number": int, "day": str, "service_id": str,
            "agency_id": str, "status": str, "priority": int, "priority_kind": str,
            "language": str, "issued_at": str, "called_at": str, "started_at": str,
            "finished_at": str, "counter_id": str, "target_counter_id": str,
            "transferred_from": str, "call_count": int, "track_token": str, "issued_by": str,
        },
        pk="id",
        foreign_keys=[("service_id", "services", "id"), ("agency_id", "agencies", "id")],
        not_null={"code", "number", "day", "service_id", "agency_id", "status", "priority",
                  "language", "issued_at", "track_token", "call_count"},
        defaults={"priority": 0, "call_count": 0, "language": "id"},
    )
    db.execute("CREATE UNIQUE INDEX tickets_day_code ON tickets(day, code)")
    db.execute("CREATE UNIQUE INDEX tickets_track_token ON tickets(track_token)")
    # Only waiting rows are indexed for call-next, so the index stays small however many
    # tickets the file holds.
    db.execute(
        "CREATE INDEX tickets_waiting ON tickets(service_id, day, priority, issued_at, id) "
        "WHERE status = 'waiting' AND target_counter_id IS NULL"
    )
    db.execute(
        "CREATE INDEX tickets_waiting_targeted ON tickets(target_counter_id, issued_at, id) "
        "WHERE status = 'waiting' AND target_counter_id IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX tickets_waiting_by_day ON tickets(day, service_id) "
        "WHERE status = 'waiting'"
    )
    db.execute(
        "CREATE INDEX tickets_at_counter ON tickets(counter_id, called_at) "
        "WHERE status IN ('called', 'serving')"
    )
    db.execute(
        "CREATE INDEX tickets_done ON tickets(service_id, finished_at) WHERE status = 'done'"
    )
    db.execute("CREATE INDEX tickets_day_service ON tickets(day, service_id, status)")

    db["sequences"].create(
        {"service_id": str, "day": str, "last": int}, pk=("service_id", "day"),
    )
    # AUTOINCREMENT: event ids are never reused, so clients can order and de-duplicate by them.
    db.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets(id),
            counter_id TEXT,
            service_id TEXT,
            actor TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    db.execute("CREATE INDEX events_ticket ON events(ticket_id, id)")
    db.execute("CREATE INDEX events_counter_type ON events(counter_id, type, id)")
    db.execute("CREATE INDEX events_service_type ON events(service_id, type, id)")
    db.execute("CREATE INDEX events_at ON events(at)")
    # The audit trail is append-only: the database itself refuses edits and deletions.
    db.execute(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )


@migrations(name="0003_people_and_devices")
def m0003_people_and_devices(db: Database) -> None:
    db["users"].create(
        {"id": int, "name": str, "role": str, "password_hash": str, "created_at": str,
         "disabled_at": str},
        pk="id", not_null={"name", "role", "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX users_name ON users(name)")
    db["user_agencies"].create(
        {"user_id": int, "agency_id": str}, pk=("user_id", "agency_id"),
        foreign_keys=[("user_id", "users", "id")],
    )
    db["user_counters"].create(
        {"user_id": int, "counter_id": str}, pk=("user_id", "counter_id"),
        foreign_keys=[("user_id", "users", "id")],
    )
    db["devices"].create(
        {"id": int, "name": str, "kind": str, "created_at": str, "revoked_at": str},
        pk="id", not_null={"name", "kind", "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX devices_name ON devices(name)")
    db["tokens"].create(
        {
            "id": int, "name": str, "secret_hash": str, "prefix": str, "user_id": int,
            "device_id": int, "created_at": str, "last_used_at": str, "revoked_at": str,
        },
        pk="id", not_null={"name", "secret_hash", "prefix", "created_at"},
        foreign_keys=[("user_id", "users", "id"), ("device_id", "devices", "id")],
    )
    db.execute("CREATE UNIQUE INDEX tokens_secret_hash ON tokens(secret_hash)")
    db.execute("CREATE INDEX tokens_name ON tokens(name)")


@migrations(name="0004_printing_and_idempotency")
def m0004_printing_and_idempotency(db: Database) -> None:
    db["print_jobs"].create(
        {
            "id": int, "ticket_id": int, "printer": str, "status": str, "reason": str,
            "copy": int, "attempts": int, "last_error": str, "error_kind": str,
            "created_at": str, "updated_at": str, "next_attempt_at": str, "actor": str,
        },
        pk="id", foreign_keys=[("ticket_id", "tickets", "id")],
        not_null={"ticket_id", "printer", "status", "reason", "created_at", "updated_at",
                  "actor"},
        defaults={"copy": 0, "attempts": 0},
    )
    db.execute("CREATE INDEX print_jobs_due ON print_jobs(next_attempt_at) "
               "WHERE status = 'pending'")
    db.execute("CREATE INDEX print_jobs_ticket ON print_jobs(ticket_id, id)")
    # A kiosk that retries a request (double tap, flaky Wi-Fi) sends the same key and gets
    # the same ticket back instead of a second one.
    db["idempotency_keys"].create(
        {"key": str, "actor": str, "ticket_id": int, "created_at": str},
        pk=("actor", "key"), foreign_keys=[("ticket_id", "tickets", "id")],
    )


@migrations(name="0005_sessions_pairing_signin")
def m0005_sessions_pairing_signin(db: Database) -> None:
    # Browser sessions live on the server: signing in makes a new id (no fixation), and
    # signing out or changing the password ends them for real.
    db["web_sessions"].create(
        {"id_hash": str, "user_id": int, "created_at": str, "last_seen_at": str,
         "revoked_at": str, "ip": str, "user_agent": str},
        pk="id_hash", foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "created_at", "last_seen_at"},
    )
    db.execute("CREATE INDEX web_sessions_user ON web_sessions(user_id)")
    db["sign_in_attempts"].create(
        {"id": int, "name": str, "ip": str, "at": str, "ok": int},
        pk="id", not_null={"name", "at", "ok"},
    )
    db.execute("CREATE INDEX sign_in_attempts_name ON sign_in_attempts(name, at)")
    db.execute("CREATE INDEX sign_in_attempts_ip ON sign_in_attempts(ip, at)")
    # An unpaired kiosk or TV shows a short code; an admin approves it; the screen then
    # collects its token once with the secret only it knows.
    db["pairing_requests"].create(
        {"id": int, "code": str, "poll_hash": str, "kind": str, "created_at": str,
         "expires_at": str, "approved_at": str, "approved_by": str, "device_name": str,
         "token_secret": str, "collected_at": str},
        pk="id", not_null={"code", "poll_hash", "kind", "created_at", "expires_at"},
    )
    db.execute("CREATE UNIQUE INDEX pairing_poll ON pairing_requests(poll_hash)")
    db.execute("CREATE INDEX pairing_code ON pairing_requests(code, expires_at)")


@migrations(name="0006_service_requirements")
def m0006_service_requirements(db: Database) -> None:
    # persyaratan: a JSON list of the documents a citizen must bring
    db["services"].add_column("requirements", str, not_null_default="[]")


@migrations(name="0007_administration")
def m0007_administration(db: Database) -> None:
    # bookings take their share of the day quota from online_quota (the bookings issue)
    db["services"].add_column("online_quota", int)
    # a service's own opening hours per weekday, overriding the site's (NULL: the site's
    # schedule); the next seed fills it from config.toml
    db["services"].add_column("own_hours", str)
    db["agencies"].add_column("name_en", str)
    db["users"].add_column("display_name", str)
    # a one-time password from the admin must be replaced at the next sign-in
    db["users"].add_column("must_change_password", int, not_null_default=0)
    # Where a catalogue or site value last came from: a row here means an admin set it in
    # the browser, so a restart with config.toml keeps it (field "*": the admin created the
    # whole thing, so its absence from config.toml does not deactivate it).
    db["admin_edits"].create(
        {"entity": str, "id": str, "field": str, "at": str, "actor": str},
        pk=("entity", "id", "field"), not_null={"at", "actor"},
    )


@migrations(name="0008_eta_given_alarms_heartbeats")
def m0008_eta_given_alarms_heartbeats(db: Database) -> None:
    # the estimate the citizen was told at issue (ticket, screen and paper agree), so its
    # accuracy can be measured against the wait they then had
    db["tickets"].add_column("eta_minutes_given", int)
    # Alarms are derived state; a row holds one raised alarm until it clears, with who
    # acknowledged it. `subject` names what it is about (a ticket, counter, printer,
    # device or service), so one condition is one open alarm.
    db["alarms"].create(
        {"id": int, "kind": str, "subject": str, "agency_id": str, "service_id": str,
         "counter_id": str, "device": str, "since": str, "message": str,
         "cleared_at": str, "acknowledged_by": str, "acknowledged_at": str},
        pk="id", not_null={"kind", "subject", "since", "message"},
    )
    db.execute("CREATE UNIQUE INDEX alarms_open ON alarms(kind, subject) "
               "WHERE cleared_at IS NULL")
    # kiosks and TVs say they are alive; one silent too long raises screen_offline
    db["device_heartbeats"].create(
        {"device": str, "kind": str, "last_seen_at": str, "page": str},
        pk="device", not_null={"kind", "last_seen_at"},
    )


@migrations(name="0009_report_indexes")
def m0009_report_indexes(db: Database) -> None:
    # reports read the tickets of some local days in (day, id) order and their events in
    # the same order: this index (its entries are (day, rowid)) serves both reads without
    # a sort of a whole month's rows (bench/reports.py prints the plans)
    db.execute("CREATE INDEX tickets_day ON tickets(day)")


@migrations(name="0010_skm_followups_complaints")
def m0010_skm_followups_complaints(db: Database) -> None:
    # One SKM response per served ticket (PermenPAN-RB 14/2017). The counter and service
    # are kept for the results; the officer is not (no public page may name them).
    db["skm_responses"].create(
        {"id": int, "ticket_id": int, "day": str, "at": str, "agency_id": str,
         "service_id": str, "counter_id": str, "channel": str,
         "u1": int, "u2": int, "u3": int, "u4": int, "u5": int, "u6": int, "u7": int,
         "u8": int, "u9": int,
         "age": str, "sex": str, "education": str, "occupation": str, "suggestion": str},
        pk="id", foreign_keys=[("ticket_id", "tickets", "id")],
        not_null={"ticket_id", "day", "at", "agency_id", "service_id", "channel",
                  "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"},
    )
    db.execute("CREATE UNIQUE INDEX skm_responses_ticket ON skm_responses(ticket_id)")
    db.execute("CREATE INDEX skm_responses_day ON skm_responses(day)")
    # a survey tablet stands at one counter: it shows the form to whom that counter served
    db["devices"].add_column("counter_id", str)
    # rencana tindak lanjut: what the hall does about an unsur's result of a period
    db["skm_followups"].create(
        {"id": int, "period_from": str, "period_to": str, "agency_id": str,
         "element": str, "action": str, "owner": str, "due_date": str, "status": str,
         "done_date": str, "created_at": str, "created_by": str, "updated_at": str},
        pk="id", not_null={"period_from", "period_to", "element", "action", "owner",
                           "due_date", "status", "created_at", "created_by", "updated_at"},
    )
    # pengaduan: a citizen's complaint or suggestion, tracked by a code they keep
    db["complaints"].create(
        {"id": int, "code": str, "ticket_id": int, "agency_id": str, "service_id": str,
         "channel": str, "category": str, "text": str, "contact": str, "status": str,
         "answer": str, "created_at": str, "due_date": str, "answered_at": str,
         "answered_by": str, "updated_at": str},
        pk="id", not_null={"code", "channel", "category", "text", "status", "created_at",
                           "due_date", "updated_at"},
    )
    db.execute("CREATE UNIQUE INDEX complaints_code ON complaints(code)")
    db.execute("CREATE INDEX complaints_status ON complaints(status, created_at)")


@migrations(name="0011_bookings")
def m0011_bookings(db: Database) -> None:
    # a service's booking slots (admin-edited like its quotas): minutes a slot, places in
    # one, how many days ahead citizens may book; none means the service takes no bookings
    db["services"].add_column("slot_minutes", int)
    db["services"].add_column("slot_capacity", int)
    db["services"].add_column("booking_days_ahead", int)
    # One booking of one slot. Name and phone are personal data: erased (set NULL, erased_at
    # set) after [booking] retention_days; the code stays for the reports.
    db["bookings"].create(
        {"id": int, "code": str, "service_id": str, "agency_id": str, "day": str,
         "start": str, "end": str, "name": str, "phone": str, "status": str,
         "ticket_id": int, "created_at": str, "checked_in_at": str, "cancelled_at": str,
         "missed_at": str, "erased_at": str},
        pk="id", foreign_keys=[("service_id", "services", "id"), ("ticket_id", "tickets", "id")],
        not_null={"code", "service_id", "agency_id", "day", "start", "end", "status",
                  "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX bookings_code ON bookings(code)")
    db.execute("CREATE INDEX bookings_slot ON bookings(service_id, day, start, status)")
    db.execute("CREATE INDEX bookings_erase ON bookings(created_at) WHERE erased_at IS NULL")
    # the ticket a check-in issued carries its booking's code (API.md: Ticket.booking_code)
    db["tickets"].add_column("booking_code", str)


@migrations(name="0012_hardening")
def m0012_hardening(db: Database) -> None:
    # issue 13 (years in a regency hall). Each part below belongs to one change; an empty
    # part adds nothing.
    # -- pairing: an approved pairing keeps no usable token (defect 10)
    # The device's token is minted only when the screen collects it with its secret; only
    # its hash is stored (in tokens). A hand-over still waiting from before had its token
    # in clear here: that token, never delivered, is revoked, and the screen gets a new one
    # when it collects. `address`: who asked, for the per-address bound on pending codes.
    import hashlib  # only this part hashes

    db["pairing_requests"].add_column("device_id", int)
    db["pairing_requests"].add_column("address", str)
    db.execute("UPDATE pairing_requests SET device_id = (SELECT d.id FROM devices d "
               "WHERE d.name = pairing_requests.device_name) WHERE approved_at IS NOT NULL")
    waiting = db.execute("SELECT approved_at, token_secret FROM pairing_requests "
                         "WHERE token_secret IS NOT NULL").fetchall()
    for approved_at, secret in waiting:
        db.execute("UPDATE tokens SET revoked_at = ? WHERE secret_hash = ? AND revoked_at "
                   "IS NULL", (approved_at, hashlib.sha256(secret.encode()).hexdigest()))
    db.execute("ALTER TABLE pairing_requests DROP COLUMN token_secret")
    db.execute("CREATE INDEX pairing_open ON pairing_requests(expires_at) "
               "WHERE approved_at IS NULL")
    # -- backups: what the server knows of its backups
    # -- transfers / audit (defect 13)
    # -- idempotency: request fingerprint (defect 8)
    # A hash of what was asked (method, path, canonical JSON body) beside each key, so the
    # same key with another request is refused instead of answered with the first ticket.
    # Keys remembered before this have none and are still honoured as plain retries.
    db["idempotency_keys"].add_column("fingerprint", str)
    # -- heartbeats: the address each screen last beat from (the admin status page)
    db["device_heartbeats"].add_column("address", str)
    return None


@migrations(name="0013_hall_day_one")
def m0013_hall_day_one(db: Database) -> None:
    # issue 14 (the hall on day one). Each part below belongs to one change; an empty part
    # adds nothing.
    # -- agency logos and distinct short badges
    # An explicit badge (NULL: from the short name, domain/badges.py) and the logo's file
    # name in the data folder's logos/ (NULL: none), from config.toml or the admin form.
    db["agencies"].add_column("badge", str)
    db["agencies"].add_column("logo", str)
    # -- printing: a job that keeps failing waits for a healthy printer
    db["print_jobs"].add_column("held_at", str)  # NULL: not held
    db["print_jobs"].add_column("hold_reason", str)  # domain.print_jobs.HoldReason
    # the spooler asks at every round which printers are held
    db.execute("CREATE INDEX print_jobs_held ON print_jobs(printer) "
               "WHERE held_at IS NOT NULL AND status = 'pending'")
    # -- events outbox (issue 16): what each process has published
    # the newest event each room was sent, by whichever process sent it: every process's
    # heartbeat tells its screens this, so a screen that missed a message (a message queue
    # outage, a lost emit) resyncs; `at` lets old ticket rooms be swept
    db.execute("CREATE TABLE room_marks (room TEXT PRIMARY KEY, event_id INTEGER NOT NULL, "
               "at TEXT NOT NULL) WITHOUT ROWID")
    # the tail asks every half second which rooms have news: WHERE event_id > ?
    db.execute("CREATE INDEX room_marks_event ON room_marks(event_id)")
    return None


@migrations(name="0014_booking_retries")
def m0014_booking_retries(db: Database) -> None:
    # a booking retried with its Idempotency-Key (a phone's lost answer) is the first one
    db.execute("ALTER TABLE idempotency_keys ADD COLUMN booking_id INTEGER "
               "REFERENCES bookings(id)")
    return None


def migrate(db: Database) -> list[str]:
    """Apply pending migrations under a write lock, so two processes starting together
    cannot both apply one. Returns the names applied."""
    begin_immediate(db.conn)
    try:
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return pending
