"""API routes declared once: the declaration registers the Flask view, validates the JSON
body, and feeds the OpenAPI document, so the document cannot drift from the code."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint

from queue_server.domain.errors import BadRequest
from queue_server.web.json_body import read_json_object

_TYPE_NAMES = {str: "string", int: "integer", bool: "boolean", float: "number"}
_ID_TEXT = {str: "teks", int: "bilangan bulat", bool: "true/false", float: "angka"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: type
    required: bool = False
    default: Any = None
    choices: tuple[Any, ...] | None = None
    nullable: bool = False
    max_length: int = 500
    description: str = ""
    nonblank: bool = False  # a text that must say something: not empty, not only spaces
    # a JSON Schema format ("date": YYYY-MM-DD) the use case parses, with its own message
    format: str | None = None

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": _TYPE_NAMES[self.kind]}
        if self.nullable:
            out["type"] = [out["type"], "null"]
        if self.choices:
            out["enum"] = list(self.choices)
        if self.kind is str:
            out["maxLength"] = self.max_length
        if self.format:
            out["format"] = self.format
        if self.nonblank:
            out["minLength"] = 1
            out["pattern"] = r"\S"  # at least one character that is not a space
        if self.default is not None:
            out["default"] = self.default
        if self.description:
            out["description"] = self.description
        return out

    def parse(self, body: dict[str, Any]) -> Any:
        if self.name not in body:
            if self.required:
                raise BadRequest(f"Kolom '{self.name}' wajib diisi.", field=self.name)
            return self.default
        return self.check(body[self.name])

    def check(self, value: Any) -> Any:
        """A value that was sent: clean, or BadRequest naming the field."""
        if value is None and self.nullable:
            return None
        # bool is an int to Python; JSON true for a number field is still a wrong type
        ok = isinstance(value, self.kind) and not (
            isinstance(value, bool) and self.kind is not bool)
        if not ok:
            raise BadRequest(f"Kolom '{self.name}' harus {_ID_TEXT[self.kind]}.",
                             field=self.name)
        if self.kind is str and len(value) > self.max_length:
            raise BadRequest(f"Kolom '{self.name}' terlalu panjang (maks {self.max_length}).",
                             field=self.name)
        if self.nonblank and not value.strip():
            raise BadRequest(f"Kolom '{self.name}' wajib diisi.", field=self.name)
        if self.choices and value not in self.choices:
            allowed = ", ".join(str(c) for c in self.choices)
            raise BadRequest(f"Kolom '{self.name}' harus salah satu dari: {allowed}.",
                             field=self.name)
        return value


@dataclass(frozen=True)
class Body:
    fields: tuple[Field, ...]
    one_of: tuple[str, ...] = ()  # at least one of these names must be present, not null

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {f.name: f.schema() for f in self.fields},
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        if self.one_of:
            # anyOf, not oneOf: sending both is fine (a counter of that service)
            kinds = {f.name: _TYPE_NAMES[f.kind] for f in self.fields}
            out["anyOf"] = [{"required": [name], "properties": {name: {"type": kinds[name]}}}
                            for name in self.one_of]
        return out

    def parse(self) -> dict[str, Any]:
        raw = read_json_object()
        known = {f.name for f in self.fields}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise BadRequest(f"Kolom tidak dikenal: {', '.join(unknown)}.", field=unknown[0])
        values = {f.name: f.parse(raw) for f in self.fields}
        if self.one_of and all(values.get(n) is None for n in self.one_of):
            raise BadRequest(f"Isi salah satu dari: {', '.join(self.one_of)}.",
                             field=self.one_of[0])
        return values


@dataclass(frozen=True)
class ObjectBody:
    """A JSON object described by a components schema and checked by the use case itself
    (the administration forms: the settings registry validates them, field by field)."""

    schema_name: str
    fields: tuple[Field, ...] = ()

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{self.schema_name}"}

    def parse(self) -> dict[str, Any]:
        return read_json_object()


@dataclass
class Route:
    rule: str
    method: str
    summary: str
    who: str
    tag: str
    body: Body | ObjectBody | None
    response: str | None  # a components schema name, wrapped by `wrap`
    wrap: str | None  # key the response object sits under, e.g. "ticket"
    status: int
    query: tuple[Field, ...] = ()
    errors: tuple[int, ...] = ()
    binary: str | None = None  # content type of a non-JSON answer
    many: bool = False  # the wrapped answer is a list
    nullable: bool = False  # the wrapped answer may be null (call-next: nobody waits)
    files: tuple[str, ...] = ()  # content types the answer may come as instead (?format=)
    uploads: tuple[str, ...] = ()  # content types of a request body that is a file itself


@dataclass
class ApiRegistry:
    blueprint: Blueprint
    prefix: str
    routes: list[Route] = field(default_factory=list)

    def route(self, rule: str, method: str, *, summary: str, who: str, tag: str,
              body: Body | ObjectBody | None = None, response: str | None = None,
              wrap: str | None = None,
              status: int = 200, query: tuple[Field, ...] = (),
              errors: tuple[int, ...] = (), binary: str | None = None,
              many: bool = False, nullable: bool = False,
              files: tuple[str, ...] = (), uploads: tuple[str, ...] = ()) -> Callable:
        spec = Route(rule, method, summary, who, tag, body, response, wrap, status, query,
                     errors, binary, many, nullable, files, uploads)
        self.routes.append(spec)

        def decorate(view: Callable) -> Callable:
            @functools.wraps(view)
            def handler(**kwargs: Any) -> Any:
                if spec.body is not None:
                    kwargs["body"] = spec.body.parse()
                return view(**kwargs)

            endpoint = f"{view.__name__}_{method.lower()}"
            self.blueprint.add_url_rule(rule, endpoint, handler, methods=[method])
            return handler

        return decorate

    def openapi(self, title: str, version: str, components: dict[str, Any]) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for r in self.routes:
            path = self.prefix + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule)
            op: dict[str, Any] = {
                "summary": r.summary,
                "description": f"Who may call it: {r.who}.",
                "tags": [r.tag],
                "operationId": f"{r.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', r.rule)}"
                               .strip("_"),
                "responses": {},
            }
            params = [
                {"name": name, "in": "path", "required": True,
                 "schema": {"type": "integer" if name.endswith("_id") and name == "ticket_id"
                            else "string"}}
                for name in re.findall(r"<(?:\w+:)?(\w+)>", r.rule)
            ]
            params += [{"name": f.name, "in": "query", "required": f.required,
                        "schema": f.schema()} for f in r.query]
            if params:
                op["parameters"] = params
            if r.body is not None:
                # a body naming one of several fields (transfer) is required too
                needed = any(f.required for f in r.body.fields) or bool(
                    getattr(r.body, "one_of", ()))
                op["requestBody"] = {"required": needed,
                                     "content": {"application/json": {
                                         "schema": r.body.schema()}}}
            if r.uploads:  # the body is the file (a logo): its bytes, of one of these kinds
                op["requestBody"] = {"required": True, "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in r.uploads}}
            if r.binary:
                content = {r.binary: {"schema": {"type": "string"}}}
            elif r.response:
                ref: dict[str, Any] = {"$ref": f"#/components/schemas/{r.response}"}
                if r.many:
                    ref = {"type": "array", "items": ref}
                if r.nullable:
                    ref = {"oneOf": [ref, {"type": "null"}]}
                schema = {"type": "object", "properties": {r.wrap: ref}} if r.wrap else ref
                content = {"application/json": {"schema": schema}}
            else:
                content = None
            if content is not None:
                # a report as a file: text (csv) or bytes (xlsx), chosen by ?format=
                content.update({kind: {"schema": {"type": "string"} if kind.startswith("text/")
                                       else {"type": "string", "format": "binary"}}
                                for kind in r.files})
            ok: dict[str, Any] = {"description": "OK" if r.status < 300 else "Accepted"}
            if content:
                ok["content"] = content
            op["responses"][str(r.status)] = ok
            error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            # a body that is not JSON by its Content-Type is 415 (web/json_body.py)
            body_errors = (415,) if r.body is not None else ()
            for code in sorted({400, *r.errors, *body_errors}):
                op["responses"][str(code)] = {"description": "Error envelope",
                                              "content": error_ref}
            if r.who != "anyone":
                op["security"] = [{"bearer": []}, {"session": []}]
            paths.setdefault(path, {})[r.method.lower()] = op
        return {
            "openapi": "3.1.0",
            "info": {"title": title, "version": version,
                     "description": "Loket wire contract v1 (docs/api.md). Times are ISO 8601 "
                                    "with the site's offset; errors use one envelope."},
            "paths": paths,
            "components": {
                "schemas": components,
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "session": {"type": "apiKey", "in": "cookie", "name": "loket_session"},
                },
            },
        }
