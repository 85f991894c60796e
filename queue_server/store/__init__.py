"""The store: the only layer that runs SQL (SQLite through sqlite-utils)."""

from __future__ import annotations

from pathlib import Path

from .accounts import AccountRow, DeviceRow, TokenRow
from .database import Store
from .migrations import migrate
from .pairing import PairingRow
from .transaction import Transaction

__all__ = ["AccountRow", "DeviceRow", "PairingRow", "Store", "TokenRow", "Transaction",
           "migrate", "open_store"]


def open_store(path: Path | str, *, shared: bool = False) -> Store:
    """Open (creating if needed) the hall's database file and bring its schema up to date.
    `shared`: several server processes write it (Store)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path, shared=shared)
    with store.database() as db:
        migrate(db)
    return store
