"""The staff's bookings list under /admin/bookings: the day's bookings per service with the
booked person's name and phone, the slot, the status and the check-in time, and the button
that marks a booking missed once its check-in window has passed.

A thin page in the admin shell (web/admin_pages.py `admin_page`): it decides who may open
it (admins; supervisors, whose list the API scopes to their agencies); the bookings API
(web/api_bookings.py) decides again what each may read and change."""

from __future__ import annotations

from flask import Blueprint, current_app

from queue_server.web.admin_pages import admin_page

blueprint = Blueprint("booking_staff", __name__, url_prefix="/admin")


@blueprint.get("/bookings")
def bookings_page():
    # the list starts on the hall's own day, its times labelled with the zone (WIB/WITA/WIT)
    hall = current_app.extensions["loket"].hall
    site = hall.settings.site
    return admin_page("bookings", "admin/bookings.html", today=str(hall.today()),
                      zone_label=site.zone_label or site.timezone, timezone=site.timezone)
