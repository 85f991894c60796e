"""One transaction on the hall's database, with the tables of each concern on it.

A use case opens one (`Store.write()` or `Store.read()`), works through its parts —
`tx.tickets`, `tx.events`, `tx.catalog` … — and every part sees the same snapshot and
commits (or rolls back) together with the others."""

from __future__ import annotations

import sqlite3
from functools import cached_property

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
    """The tables are made on first use: a token's lookup or an empty call-next touches two
    of the nineteen, and every request opens one transaction or two."""

    def __init__(self, conn: sqlite3.Connection, writable: bool = True,
                 call_log: CallLog | None = None) -> None:
        self.conn = conn
        self.writable = writable
        self._call_log = call_log
        self.events = EventLog(conn)  # written events are read at commit: always there

    @cached_property
    def catalog(self) -> CatalogTables:
        return CatalogTables(self.conn)

    @cached_property
    def tickets(self) -> TicketTable:
        return TicketTable(self.conn)

    @cached_property
    def print_jobs(self) -> PrintJobTable:
        return PrintJobTable(self.conn)

    @cached_property
    def idempotency(self) -> IdempotencyKeys:
        return IdempotencyKeys(self.conn)

    @cached_property
    def accounts(self) -> AccountTables:
        return AccountTables(self.conn)

    @cached_property
    def web_sessions(self) -> WebSessionTables:
        return WebSessionTables(self.conn)

    @cached_property
    def pairing(self) -> PairingTable:
        return PairingTable(self.conn)

    @cached_property
    def site(self) -> SiteSettingsTable:
        return SiteSettingsTable(self.conn)

    @cached_property
    def admin_edits(self) -> AdminEdits:
        return AdminEdits(self.conn)

    @cached_property
    def reports(self) -> ReportQueries:
        return ReportQueries(self.conn)

    @cached_property
    def eta(self) -> EtaQueries:
        return EtaQueries(self.conn, self._call_log, self.events.written)

    @cached_property
    def catalog_seed(self) -> CatalogSeed:
        return CatalogSeed(self.conn, self.catalog, self.admin_edits)

    @cached_property
    def alarms(self) -> AlarmTable:
        return AlarmTable(self.conn)

    @cached_property
    def heartbeats(self) -> HeartbeatTable:
        return HeartbeatTable(self.conn)

    @cached_property
    def skm(self) -> SkmTables:
        return SkmTables(self.conn)

    @cached_property
    def skm_followups(self) -> SkmFollowupTable:
        return SkmFollowupTable(self.conn)

    @cached_property
    def complaints(self) -> ComplaintTable:
        return ComplaintTable(self.conn)

    @cached_property
    def bookings(self) -> BookingTable:
        return BookingTable(self.conn)

    @property
    def written(self) -> list[Event]:
        """The events this transaction appended (committed once it ends)."""
        return self.events.written
