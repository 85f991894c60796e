"""The citizen's booking pages (phone first, no sign-in): /booking walks agency → service →
day → slot → name and phone → confirmation; /booking/manage/<code> (or /booking/manage#code)
shows one booking and cancels it. Every booking figure comes from the booking API (API.md
"Bookings"); the pages carry only what the settings say: the site's name, the local day,
its holidays (so a day without slots can say why) and which services take bookings."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Blueprint, current_app, render_template, request

from queue_server import __version__

blueprint = Blueprint("booking", __name__, url_prefix="/booking")

# the booking code's alphabet (API.md: 6 characters, no 0/O, 1/I/L); anything else in the
# path is not passed on to the page
_CODE = re.compile(r"[2-9A-HJKMNP-Z]{6}")
# holidays told to the page: far enough for any booking_days_ahead an admin sets
HOLIDAY_HORIZON_DAYS = 120


def _citizen(template: str, **context: object) -> str:
    hall = current_app.extensions["loket"].hall
    site = hall.fresh_settings().site
    now = hall.now()
    today = hall.today(now)
    first = date.fromisoformat(today)
    last = first + timedelta(days=HOLIDAY_HORIZON_DAYS)
    holidays = {d.isoformat(): name for d, name in sorted(site.holidays.items())
                if first <= d <= last}
    offset = hall.local(now).utcoffset()
    lang = "en" if request.args.get("lang") == "en" else "id"
    # the services taking bookings and how many days ahead (0: today only), from the
    # catalogue as the admin pages left it; slots and places come from the API
    bookable = {s.id: s.booking_days_ahead for s in hall.current_catalog().services.values()
                if s.active and s.slot_minutes and s.slot_capacity
                and s.booking_days_ahead is not None}
    return render_template(
        template, site=site, version=__version__, lang=lang,
        page={"today": today, "holidays": holidays, "zone": site.zone_label,
              # Indonesia keeps one offset all year: the calendar file's times are in UTC
              "utc_offset_minutes": int(offset.total_seconds() // 60) if offset else 0,
              "site": site.name, "address": site.address, "demo": bool(hall.demo),
              "bookable": bookable},
        **context)


@blueprint.get("")
@blueprint.get("/")
def book() -> str:
    return _citizen("booking/book.html")


@blueprint.get("/manage")
@blueprint.get("/manage/<code>")
def manage(code: str = "") -> str:
    # the code is only handed to the page, whose API call checks it: nothing is looked up here
    code = code.upper()
    return _citizen("booking/manage.html", code=code if _CODE.fullmatch(code) else "")
