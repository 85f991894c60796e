"""Rencana tindak lanjut: what the hall does about an unsur's SKM result of a period, and the
two figures PEKPPP scores it by — the share of actions followed up and the mean days it took.
Pure rules; the service reads and writes the actions, the pages and the printable report show
these very figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .errors import BadRequest
from .skm import CODES as ELEMENTS  # the nine unsur of the questionnaire: U1 … U9

ACTION_MIN, ACTION_MAX = 5, 1000
OWNER_MIN, OWNER_MAX = 2, 120


class FollowupStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STATUS_LABELS: dict[FollowupStatus, tuple[str, str]] = {
    FollowupStatus.PLANNED: ("Direncanakan", "Planned"),
    FollowupStatus.IN_PROGRESS: ("Dalam proses", "In progress"),
    FollowupStatus.DONE: ("Selesai", "Done"),
}


@dataclass(frozen=True, slots=True)
class Followup:
    id: int
    period_from: date
    period_to: date
    agency_id: str | None  # None: an action of the whole hall
    element: str
    action: str
    owner: str
    due_date: date
    status: FollowupStatus
    done_date: date | None
    created_at: datetime
    created_day: date  # the site's local day it was planned: where "days to follow up" start
    created_by: str
    updated_at: datetime

    def is_overdue(self, today: date) -> bool:
        return self.status is not FollowupStatus.DONE and today > self.due_date


@dataclass(frozen=True, slots=True)
class FollowupFigures:
    actions: int
    done: int
    followed_up_pct: float | None  # done / actions × 100, one decimal; None: no actions
    mean_days_to_follow_up: float | None  # over done actions, one decimal; None: none done


def figures(actions: Iterable[Followup]) -> FollowupFigures:
    """Share followed up = done ÷ all × 100; days to follow up = done day − the local day
    the action was planned (0 when done the same day), averaged over the done ones."""
    listed = list(actions)
    done = [a for a in listed if a.status is FollowupStatus.DONE and a.done_date is not None]
    share = round(len(done) / len(listed) * 100, 1) if listed else None
    days = [(a.done_date - a.created_day).days for a in done if a.done_date is not None]
    mean = round(sum(days) / len(days), 1) if days else None
    return FollowupFigures(len(listed), len(done), share, mean)


def clean_element(value: object) -> str:
    if not isinstance(value, str) or value.upper() not in ELEMENTS:
        raise BadRequest("Unsur harus salah satu dari U1 sampai U9.", field="element")
    return value.upper()


def clean_words(value: object, field: str, low: int, high: int, what: str) -> str:
    if not isinstance(value, str):
        raise BadRequest(f"{what} harus teks.", field=field)
    text = " ".join(value.split())
    if len(text) < low:
        raise BadRequest(f"{what} paling sedikit {low} huruf.", field=field)
    if len(text) > high:
        raise BadRequest(f"{what} paling banyak {high} huruf.", field=field)
    return text


def clean_status(value: object) -> FollowupStatus:
    try:
        return FollowupStatus(value)
    except ValueError:
        raise BadRequest("Status harus planned, in_progress atau done.",
                         field="status") from None


def settle_done(status: FollowupStatus, done_date: date | None, created_day: date,
                today: date) -> date | None:
    """The done date an action keeps: a done one has one (today unless given), never before
    it was planned nor in the future; an action not done has none."""
    if status is not FollowupStatus.DONE:
        if done_date is not None:
            raise BadRequest("Tanggal selesai hanya untuk tindak lanjut yang selesai.",
                             field="done_date")
        return None
    chosen = done_date or today
    if chosen < created_day:
        raise BadRequest("Tanggal selesai tidak boleh sebelum rencana dibuat "
                         f"({created_day.isoformat()}).", field="done_date")
    if chosen > today:
        raise BadRequest("Tanggal selesai tidak boleh di masa depan.", field="done_date")
    return chosen
