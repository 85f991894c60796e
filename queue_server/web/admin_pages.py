"""The admin pages under /admin: the shell (navigation, who may see which page) and the
catalogue (agencies, services, counters) and staff pages, all on the administration JSON API.

The pages are thin: a template with the page's containers and one ES module that reads and
writes through /api/v1/admin/... The server only decides who may open a page; the API
decides (again) what they may read and change.

Other admin page blueprints (admin_pages_hall.py) use the same shell:

    from queue_server.web.admin_pages import admin_page

    @blueprint.get("/schedule")
    def schedule_page():
        return admin_page("schedule", "admin/hall_schedule.html")

`admin_page(key, template, **context)` answers the sign-in page to nobody, the 403 page to
anyone the nav item `key` is not for, and otherwise renders `template` (which extends
admin/base.html) with `nav`, `active`, `site`, `version`, `principal` and `context`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, redirect, render_template
from werkzeug.wrappers import Response

from queue_server import __version__
from queue_server.domain import access
from queue_server.domain.access import Principal
from queue_server.domain.models import Role
from queue_server.web.auth import current_principal
from queue_server.web.sessions import login_manager

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    href: str
    label: str  # the Indonesian default; admin/texts.js has `nav.<key>` in both languages
    scoped: bool  # True: supervisors see it too (restricted to their agencies)


NAV: tuple[NavItem, ...] = (
    NavItem("agencies", "/admin/agencies", "Instansi", scoped=False),
    NavItem("services", "/admin/services", "Layanan", scoped=True),
    NavItem("counters", "/admin/counters", "Loket", scoped=True),
    NavItem("people", "/admin/people", "Petugas & staf", scoped=True),
    NavItem("schedule", "/admin/schedule", "Jadwal", scoped=False),
    NavItem("site", "/admin/site", "Situs & layar", scoped=False),
    NavItem("devices", "/admin/devices", "Perangkat", scoped=False),
    NavItem("status", "/admin/status", "Status sistem", scoped=False),
    NavItem("audit", "/admin/audit", "Log audit", scoped=True),
    NavItem("supervisor", "/supervisor", "Pengawasan", scoped=True),
    NavItem("reports", "/reports", "Laporan", scoped=True),
    NavItem("skm", "/skm", "SKM", scoped=True),
    NavItem("complaints", "/complaints", "Pengaduan", scoped=True),
    NavItem("bookings", "/admin/bookings", "Reservasi", scoped=True),
    NavItem("export", "/admin/export", "Ekspor config.toml", scoped=False),
)
_BY_KEY = {item.key: item for item in NAV}


def _hall():
    return current_app.extensions["loket"].hall


def may_see(principal: Principal, item: NavItem) -> bool:
    if principal.is_admin:
        return True
    return item.scoped and principal.role is Role.SUPERVISOR


def visible_nav(principal: Principal) -> list[NavItem]:
    return [item for item in NAV if may_see(principal, item)]


def refusal(key: str) -> Response | tuple[str, int] | None:
    """Nobody signed in → the sign-in page; an officer, a device, or a supervisor on an
    admin-only page → the 403 page; None when the page may be shown."""
    principal = current_principal()
    if principal.kind == "anonymous":
        return login_manager.unauthorized()
    if not principal.is_staff or not may_see(principal, _BY_KEY[key]):
        return forbidden()
    return None


def forbidden() -> tuple[str, int]:
    return render_template("forbidden.html", site=_hall().settings.site), 403


def not_found() -> tuple[str, int]:
    return render_template("admin/missing.html", **shell_context("")), 404


def shell_context(active: str) -> dict[str, Any]:
    principal = current_principal()
    # the agencies this person works within, for filters and choices even where the
    # agencies API is not theirs (supervisors); admins' pages also read the full list
    agencies = [{"id": a.id, "name": a.name, "name_en": a.name_en or a.name,
                 "short_name": a.short_name, "active": a.active}
                for a in _hall().current_catalog().agencies.values()
                if principal.is_staff and access.supervises(principal, a.id)]
    return {"site": _hall().settings.site, "version": __version__, "principal": principal,
            "nav": visible_nav(principal), "active": active, "agencies": agencies}


def admin_page(key: str, template: str, **context: Any) -> Response | tuple[str, int] | str:
    refused = refusal(key)
    if refused is not None:
        return refused
    return render_template(template, **shell_context(key), **context)


@blueprint.get("")
@blueprint.get("/")
def home():
    principal = current_principal()
    if principal.kind == "anonymous":
        return login_manager.unauthorized()
    pages = visible_nav(principal)
    if not principal.is_staff or not pages:
        return forbidden()
    return redirect(pages[0].href)


# ---------------------------------------------------------------- catalogue and people
# A page for one thing refuses another agency's thing at once ("not found", as the API
# says); the page's data comes from the scoped API, which also covers inactive things (the
# live catalogue holds active ones only).

def _catalog():
    return _hall().current_catalog()


@blueprint.get("/agencies")
def agencies_page():
    return admin_page("agencies", "admin/agencies.html")


@blueprint.get("/agencies/new")
def agency_new_page():
    return admin_page("agencies", "admin/agency_form.html", entity_id=None)


@blueprint.get("/agencies/<agency_id>")
def agency_page(agency_id: str):
    return admin_page("agencies", "admin/agency_form.html", entity_id=agency_id)


@blueprint.get("/services")
def services_page():
    return admin_page("services", "admin/services.html")


@blueprint.get("/services/new")
def service_new_page():
    return admin_page("services", "admin/service_form.html", entity_id=None)


@blueprint.get("/services/<service_id>")
def service_page(service_id: str):
    refused = refusal("services")
    if refused is not None:
        return refused
    service = _catalog().services.get(service_id)
    if service is not None and not access.supervises(current_principal(), service.agency_id):
        return not_found()
    return admin_page("services", "admin/service_form.html", entity_id=service_id)


@blueprint.get("/counters")
def counters_page():
    return admin_page("counters", "admin/counters.html")


@blueprint.get("/counters/new")
def counter_new_page():
    return admin_page("counters", "admin/counter_form.html", entity_id=None)


@blueprint.get("/counters/<counter_id>")
def counter_page(counter_id: str):
    refused = refusal("counters")
    if refused is not None:
        return refused
    counter = _catalog().counters.get(counter_id)
    if counter is not None and not access.supervises(current_principal(), counter.agency_id):
        return not_found()
    return admin_page("counters", "admin/counter_form.html", entity_id=counter_id)


@blueprint.get("/people")
def people_page():
    return admin_page("people", "admin/people.html")


@blueprint.get("/people/new")
def person_new_page():
    return admin_page("people", "admin/person_form.html", entity_id=None)


@blueprint.get("/people/<name>")
def person_page(name: str):
    return admin_page("people", "admin/person_form.html", entity_id=name)
