"""The site and the schedule as an admin edits them in the browser (API.md "Administration":
`/admin/site`, `/admin/schedule`), and how config.toml seeds them.

The values live in `site_settings` ("site.name" … "site.public_url", "schedule.hours",
"schedule.holidays"). A restart applies config.toml's value of every key no admin set and
keeps each one an admin set, reporting where config says otherwise. What an admin set is
tracked in `admin_edits` per key: each site key, each weekday of the hours
("schedule.hours.friday") and the holiday list as a whole ("schedule.holidays").
Every value is checked by the settings registry, the same rules as config.toml (see
site_values.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from queue_server.domain import access
from queue_server.domain.errors import BadRequest
from queue_server.domain.holidays import Holiday, LineProblem, next_closed_days, parse_holiday_lines
from queue_server.domain.opening import WEEKDAYS
from queue_server.settings import Settings
from queue_server.store import Transaction
from queue_server.store.site_settings import HOLIDAYS_KEY, HOURS_KEY, SITE_FIELDS, SITE_KEYS

from .hall import Hall, Outcome, live_settings, require
from .site_values import (
    WEEK,
    Schedule,
    ScheduleView,
    SiteConfig,
    clean_schedule,
    clean_site,
    describe,
    schedule_of,
    site_of,
)

SITE = "site"  # entity and id of the site's events and admin edits
SCHEDULE = "schedule"
HOURS_FIELDS = {day: f"{HOURS_KEY}.{day}" for day in WEEKDAYS}  # admin_edits, per weekday


# ---------------------------------------------------------------- reading


def _require_admin(principal: access.Principal, what: str) -> None:
    require(principal.is_admin, principal.kind == "anonymous", what)


def get_site(hall: Hall, principal: access.Principal) -> SiteConfig:
    _require_admin(principal, "melihat pengaturan gedung")
    with hall.store.read() as tx:
        return site_of(live_settings(hall.config, tx))


def get_schedule(hall: Hall, principal: access.Principal) -> ScheduleView:
    _require_admin(principal, "melihat jadwal layanan")
    with hall.store.read() as tx:
        return _view(hall, schedule_of(live_settings(hall.config, tx)))


def _view(hall: Hall, schedule: Schedule) -> ScheduleView:
    today = hall.local(hall.now()).date()
    return ScheduleView(schedule, next_closed_days(today, schedule.hours, schedule.holidays))


def parse_holidays(hall: Hall, principal: access.Principal,
                   text: object) -> tuple[list[Holiday], list[LineProblem]]:
    """A pasted list read without saving anything (the page then PUTs the schedule)."""
    _require_admin(principal, "mengubah jadwal layanan")
    if not isinstance(text, str):
        raise BadRequest("Daftar hari libur harus teks.", field="text")
    return parse_holiday_lines(text)


# ---------------------------------------------------------------- changing


def put_site(hall: Hall, principal: access.Principal, body: Mapping[str, Any]) -> SiteConfig:
    """Replace the site's values: all checked first, then one transaction or nothing."""
    _require_admin(principal, "mengubah pengaturan gedung")
    after = clean_site(body)
    now = hall.now()
    with hall.store.write() as tx:
        before = site_of(live_settings(hall.config, tx))
        changed = [n for n in SITE_FIELDS if getattr(before, n) != getattr(after, n)]
        for name in changed:
            tx.site.set(SITE_KEYS[name], getattr(after, name))
        _record(tx, principal, now, SITE, [SITE_KEYS[n] for n in changed],
                before.shape(), after.shape())
        events = list(tx.written)
    _publish(hall, events)
    return after


def put_schedule(hall: Hall, principal: access.Principal,
                 body: Mapping[str, Any]) -> ScheduleView:
    _require_admin(principal, "mengubah jadwal layanan")
    after = clean_schedule(body)
    now = hall.now()
    with hall.store.write() as tx:
        before = schedule_of(live_settings(hall.config, tx))
        changed = [HOURS_FIELDS[day] for i, day in enumerate(WEEKDAYS)
                   if before.hours.get(i, ()) != after.hours[i]]
        if changed:
            tx.site.set_hours(after.hours)
        if before.holidays != after.holidays:
            tx.site.set_holidays(after.holidays)
            changed.append(HOLIDAYS_KEY)
        _record(tx, principal, now, SCHEDULE, changed, before.shape(), after.shape())
        events = list(tx.written)
    _publish(hall, events)
    return _view(hall, after)


def _record(tx: Transaction, principal: access.Principal, now: datetime, entity: str,
            changed: list[str], before: dict[str, Any], after: dict[str, Any]) -> None:
    """The edit's event, its admin_edits marks and the version bump; nothing for a PUT
    that changes nothing (no event, no reload)."""
    if not changed:
        return
    tx.admin_edits.mark(entity, entity, changed, now, principal.actor)
    tx.events.append(f"{entity}.updated", now, principal.actor,
                     data={"entity": entity, "id": entity, "before": before, "after": after})
    tx.catalog.bump_version()  # every process reloads its catalogue and live settings


def _publish(hall: Hall, events: list) -> None:
    # reload at once after commit: the next ticket, TV state and track URL use the edit
    catalog = hall.current_catalog()
    hall.publish(Outcome(ticket=None, events=events, catalog=catalog))


# ---------------------------------------------------------------- seeding


class SeedLines(Protocol):
    """The start-up log's lines (the catalogue's seeding report has them too)."""

    changes: list[str]  # what the file changed
    kept: list[str]  # admin edits the file disagrees with: "kept admin edit of …"


@dataclass
class SiteSeedReport:
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _config_site(settings: Settings) -> dict[str, str]:
    """config.toml's site values by key (no English running text in config: "")."""
    return {SITE_KEYS[name]: value for name, value in site_of(settings).shape().items()}


def seed_site(tx: Transaction, settings: Settings, now: datetime | None = None,
              report: SeedLines | None = None, *,
              keep_admin_edits: bool = True) -> SeedLines:
    """config.toml's site values, hours and holidays into `site_settings`, keeping every
    key an admin set (each one config disagrees with is reported in `report.kept`), added
    to `report` (the catalogue's seeding report) when given.
    `keep_admin_edits=False` (`config apply`): the file wins everywhere."""
    now = now or datetime.now(UTC)
    report = report if report is not None else SiteSeedReport()
    edited = (tx.admin_edits.of(SITE).get(SITE, set())
              | tx.admin_edits.of(SCHEDULE).get(SCHEDULE, set())) if keep_admin_edits else set()
    changes_before = len(report.changes)
    _fold_old_running_text(tx, now, edited, report)

    for key, wanted in _config_site(settings).items():
        stored = tx.site.get(key)
        if key in edited and stored is not None:
            if stored != wanted:
                report.kept.append(f"kept admin edit of {key}: {stored!r}, config says "
                                   f"{wanted!r}")
        elif stored != wanted:
            tx.site.set(key, wanted)
            report.changes.append(f"site_settings: {'set' if stored is None else 'updated'} "
                                  f"{key}")

    _seed_hours(tx, settings, edited, report)
    _seed_holidays(tx, settings, edited, report)
    if len(report.changes) > changes_before:
        tx.catalog.bump_version()
    return report


def _seed_hours(tx: Transaction, settings: Settings, edited: set[str],
                report: SeedLines) -> None:
    stored = tx.site.hours()
    week: WEEK = {}
    updated = []
    for i, day in enumerate(WEEKDAYS):
        wanted = tuple(settings.hours.get(i, ()))
        have = None if stored is None else stored.get(i, ())
        if HOURS_FIELDS[day] in edited and have is not None:
            week[i] = have
            if have != wanted:
                report.kept.append(f"kept admin edit of {HOURS_FIELDS[day]}: "
                                   f"{describe(have)!r}, config says {describe(wanted)!r}")
        else:
            week[i] = wanted
            if have != wanted:
                updated.append(day)
    if updated:
        tx.site.set_hours(week)
        report.changes.append(f"site_settings: {'set' if stored is None else 'updated'} "
                              f"{HOURS_KEY} ({', '.join(updated)})")


def _seed_holidays(tx: Transaction, settings: Settings, edited: set[str],
                   report: SeedLines) -> None:
    wanted = dict(settings.site.holidays)
    stored = tx.site.holidays()
    if stored == wanted:
        return
    if HOLIDAYS_KEY in edited and stored is not None:
        report.kept.append(f"kept admin edit of {HOLIDAYS_KEY}: {_days(stored, wanted)}")
        return
    tx.site.set_holidays(wanted)
    report.changes.append(f"site_settings: {'set' if stored is None else 'updated'} "
                          f"{HOLIDAYS_KEY} ({len(wanted)} days)")


def _days(kept: dict[date, str], config: dict[date, str]) -> str:
    """How the admin's holiday list and config's differ, briefly, for the start-up log."""
    def listed(days: list[date]) -> str:
        shown = ", ".join(d.isoformat() for d in days[:5])
        return shown + (f" and {len(days) - 5} more" if len(days) > 5 else "")

    parts = [f"{len(kept)} days, config says {len(config)}"]
    if extra := sorted(set(config) - set(kept)):
        parts.append(f"only in config: {listed(extra)}")
    if mine := sorted(set(kept) - set(config)):
        parts.append(f"only the admin's: {listed(mine)}")
    if renamed := sorted(d for d in set(kept) & set(config) if kept[d] != config[d]):
        parts.append(f"named otherwise: {listed(renamed)}")
    return "; ".join(parts)


OLD_RUNNING_TEXT = "running_text"  # read by the TV before the site keys had their names


def _fold_old_running_text(tx: Transaction, now: datetime, edited: set[str],
                           report: SeedLines) -> None:
    """A running text stored under the old key overrode config.toml's: it becomes the
    admin's site.running_text (kept across restarts), and the old key goes."""
    old = tx.site.get(OLD_RUNNING_TEXT)
    if old is None:
        return
    key = SITE_KEYS["running_text"]
    if key not in edited:
        tx.site.set(key, old)
        tx.admin_edits.mark(SITE, SITE, [key], now, "system:upgrade")
        edited.add(key)
    tx.site.delete(OLD_RUNNING_TEXT)
    report.changes.append(f"site_settings: {OLD_RUNNING_TEXT} moved to {key}")
