"""Administration API (API.md "Administration"): the users routes, declared on the API
registry of web/api.py. Thin views: parse, call one use case of services/admin_users.py,
serialise. A one-time password is in the answer that made it and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, jsonify

from queue_server.domain.errors import BadRequest
from queue_server.services import admin_users
from queue_server.web.api import api
from queue_server.web.api_spec import Body, Field, read_json_object
from queue_server.web.auth import current_principal

WHO = "admin; a supervisor for the officers of their agencies"
MAX_IDS = 100


@dataclass(frozen=True)
class IdList(Field):
    """A JSON array of ids (the registry's own fields are scalars)."""

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "maxItems": MAX_IDS,
                               "items": {"type": "string", "maxLength": self.max_length}}
        if self.description:
            out["description"] = self.description
        return out

    def check(self, value: Any) -> Any:
        if not isinstance(value, list) or len(value) > MAX_IDS or not all(
                isinstance(v, str) and 0 < len(v) <= self.max_length for v in value):
            raise BadRequest(f"Kolom '{self.name}' harus daftar id (teks, paling banyak "
                             f"{MAX_IDS}).", field=self.name)
        return value


AGENCIES = IdList("agencies", str, default=(), max_length=40,
                  description="agency ids a supervisor oversees")
COUNTERS = IdList("counters", str, default=(), max_length=40,
                  description="counter ids an officer works at")
DISPLAY_NAME = Field("display_name", str, nullable=True, max_length=80,
                     description="the name shown to colleagues, e.g. Rina Marlina")
ROLE = Field("role", str, choices=("admin", "supervisor", "officer"))

CREATE = Body((Field("name", str, required=True, max_length=64,
                     description="sign-in name: letters, digits, . _ @ -"),
               DISPLAY_NAME, Field("role", str, required=True, choices=ROLE.choices),
               AGENCIES, COUNTERS))
UPDATE = Body((DISPLAY_NAME, ROLE, IdList("agencies", str, max_length=40),
               IdList("counters", str, max_length=40),
               Field("active", bool, description="false ends the user's sessions, tokens "
                                                 "and sockets at once")))


def _ext():
    return current_app.extensions["loket"]


def _user(row: admin_users.UserRow) -> dict[str, Any]:
    return _ext().serializer.user(row)


def _secret(body: dict[str, Any], status: int = 200):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"  # a password never sits in a cache
    return response


@api.route("/admin/users", "GET", summary="Staff accounts (admins, supervisors, officers), "
           "by name", who=WHO, tag="administration", response="User", wrap="users",
           many=True, errors=(401, 403))
def admin_users_list() -> Any:
    rows = admin_users.list_users(_ext().hall, current_principal())
    return jsonify({"users": [_user(r) for r in rows]})


@api.route("/admin/users", "POST", summary="Create a staff account; the answer holds its "
           "one-time password, shown once (it must be changed at the first sign-in)",
           who=WHO, tag="administration", body=CREATE, response="UserCreated", status=201,
           errors=(401, 403, 409))
def admin_user_create(body: dict[str, Any]) -> Any:
    made = admin_users.create_user(
        _ext().hall, current_principal(), name=body["name"], role=body["role"],
        display_name=body["display_name"], agencies=body["agencies"],
        counters=body["counters"])
    return _secret({"user": _user(made.user), "password": made.password}, 201)


@api.route("/admin/users/<name>", "GET", summary="One staff account", who=WHO,
           tag="administration", response="User", wrap="user", errors=(401, 403, 404))
def admin_user_get(name: str) -> Any:
    return jsonify({"user": _user(admin_users.get_user(_ext().hall, current_principal(),
                                                       name))})


@api.route("/admin/users/<name>", "PATCH", summary="Change a staff account (only the fields "
           "sent); active false ends its browser sessions, tokens and sockets at once, "
           "active true lets it sign in again (its tokens stay revoked)", who=WHO,
           tag="administration", body=UPDATE, response="User", wrap="user",
           errors=(401, 403, 404, 409))
def admin_user_update(name: str, body: dict[str, Any]) -> Any:
    sent = read_json_object()  # which fields were sent: an absent one stays as it is
    changes = {key: body[key] for key in sent}
    row = admin_users.update_user(_ext().hall, current_principal(), name, changes)
    return jsonify({"user": _user(row)})


@api.route("/admin/users/<name>/reset-password", "POST", summary="A new one-time password "
           "for the account, shown once; its browser sessions end and the next sign-in must "
           "choose a new password", who=WHO, tag="administration", body=Body(()),
           response="OneTimePassword", errors=(401, 403, 404, 409))
def admin_user_reset_password(name: str, body: dict[str, Any]) -> Any:
    password = admin_users.reset_password(_ext().hall, current_principal(), name)
    return _secret({"password": password})
