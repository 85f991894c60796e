"""Loket: the queue system of a Mall Pelayanan Publik."""

from __future__ import annotations

__version__ = "0.1.0"
