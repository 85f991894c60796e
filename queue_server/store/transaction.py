"""One transaction on the hall's database, with the tables of each concern on it.

A use case opens one (`Store.write()` or `Store.read()`), works through its parts —
`tx.tickets`, `tx.events`, `tx.catalog` … — and every part sees the same snapshot and
commits (or rolls back) together with the others."""

from __future__ import annotations

import sqlite3

from queue_server.domain.models import Event

from .accounts import AccountTables
from .admin_edits import AdminEdits
from .alarms import AlarmTable
from .bookings import BookingTable
from .call_log import CallLog
from .catalog_seed import CatalogSeed
from .catalog_tables import CatalogTables
from .complaints import ComplaintTable
from .eta_queries import EtaQueries
from .events import EventLog
from .heartbeats import HeartbeatTable
from .idempotency import IdempotencyKeys
from .pairing import PairingTable
from .print_jobs import PrintJobTable
from .report_queries import ReportQueries
from .site_settings import SiteSettingsTable
from .skm import SkmTables
from .skm_followups import SkmFollowupTable
from .tickets import TicketTable
from .web_sessions import WebSessionTables


class Transaction:
    def __init__(self, conn: sqlite3.Connection, writable: bool = True,
                 call_log: CallLog | None = None) -> None:
        self.conn = conn
        self.writable = writable
        self.events = EventLog(conn)
        self.catalog = CatalogTables(conn)
        self.tickets = TicketTable(conn)
        self.print_jobs = PrintJobTable(conn)
        self.idempotency = IdempotencyKeys(conn)
        self.accounts = AccountTables(conn)
        self.web_sessions = WebSessionTables(conn)
        self.pairing = PairingTable(conn)
        self.site = SiteSettingsTable(conn)
        self.admin_edits = AdminEdits(conn)
        self.reports = ReportQueries(conn)
        self.eta = EtaQueries(conn, call_log, self.events.written)
        self.catalog_seed = CatalogSeed(conn, self.catalog, self.admin_edits)
        self.alarms = AlarmTable(conn)
        self.heartbeats = HeartbeatTable(conn)
        self.skm = SkmTables(conn)
        self.skm_followups = SkmFollowupTable(conn)
        self.complaints = ComplaintTable(conn)
        self.bookings = BookingTable(conn)

    @property
    def written(self) -> list[Event]:
        """The events this transaction appended (committed once it ends)."""
        return self.events.written
