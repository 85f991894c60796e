"""The JSON Schemas of the SKM routes (API.md "SKM"): the questionnaire, a response, the
results and the public figures. web/api_skm.py merges them into schemas.SCHEMAS, the
OpenAPI document's components."""

from __future__ import annotations

from typing import Any

from .schema_parts import TIME, nullable

SKM_SCHEMAS: dict[str, dict[str, Any]] = {}
_CODE = {"type": "string", "enum": [f"U{i}" for i in range(1, 10)]}
_QUALITY = nullable("string", enum=["A", "B", "C", "D", None],
                    description="mutu; null without responses")
_PERFORMANCE = nullable("string", enum=["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik",
                                        None], description="kinerja unit pelayanan")
_IKM = nullable("number", description="25.00–100.00, two decimals (half-up, before banding)")

SKM_SCHEMAS["SkmQuestionnaire"] = {
    "type": "object",
    "required": ["lang", "elements", "profile", "suggestion_max"],
    "properties": {
        "lang": {"type": "string", "enum": ["id", "en"]},
        "elements": {"type": "array", "items": {
            "type": "object", "required": ["code", "name", "question", "options"],
            "properties": {
                "code": _CODE, "name": {"type": "string"}, "question": {"type": "string"},
                "options": {"type": "array", "items": {
                    "type": "object", "required": ["score", "label"],
                    "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 4},
                                   "label": {"type": "string"}}}}}}},
        "profile": {"type": "array", "items": {
            "type": "object", "required": ["field", "label", "options"],
            "properties": {
                "field": {"type": "string",
                          "enum": ["age", "sex", "education", "occupation"]},
                "label": {"type": "string"},
                "options": {"type": "array", "items": {
                    "type": "object", "required": ["code", "label"],
                    "properties": {"code": {"type": "string"},
                                   "label": {"type": "string"}}}}}}},
        "suggestion_max": {"type": "integer"},
    },
}
SKM_SCHEMAS["SkmResponseRequest"] = {
    "type": "object",
    "required": ["ticket_token", "answers"],
    "additionalProperties": False,
    "properties": {
        "ticket_token": {"type": "string", "maxLength": 100, "minLength": 1, "pattern": r"\S",
                         "description": "the ticket's tracking token (the end of its QR "
                                        "address)"},
        "answers": {"type": "object", "additionalProperties": False,
                    "required": [f"U{i}" for i in range(1, 10)],
                    "properties": {f"U{i}": {"type": "integer", "minimum": 1, "maximum": 4}
                                   for i in range(1, 10)}},
        "profile": nullable("object", additionalProperties=False, properties={
            name: nullable("string") for name in ("age", "sex", "education", "occupation")},
            description="each value optional; a code of the questionnaire's profile"),
        "suggestion": nullable("string", maxLength=1000),
    },
}
SKM_SCHEMAS["SkmResponse"] = {
    "type": "object",
    "required": ["id", "service_id", "at", "channel"],
    "properties": {"id": {"type": "integer"}, "service_id": {"type": "string"}, "at": TIME,
                   "channel": {"type": "string", "enum": ["phone", "survey"]}},
}
_ELEMENT = {
    "type": "object",
    "required": ["code", "name", "name_en", "total", "nrr", "nrr_weighted"],
    "properties": {
        "code": _CODE, "name": {"type": "string"}, "name_en": {"type": "string"},
        "total": {"type": "integer", "description": "jumlah nilai per unsur"},
        "nrr": nullable("number", description="mean score 1–4, two decimals"),
        "nrr_weighted": nullable("number", description="nrr × 1/9, three decimals"),
    },
}
_SCORE = {
    "respondents": {"type": "integer"},
    "elements": {"type": "array", "items": _ELEMENT},
    "ikm": _IKM, "quality": _QUALITY, "performance": _PERFORMANCE,
    "performance_en": nullable("string"),
    "lowest": {"type": "array", "items": _CODE,
               "description": "the unsur with the lowest NRR (ties: each)"},
}
_ROW = {
    "key": {"type": "string"}, "name": {"type": "string"},
    "population": {"type": "integer", "description": "citizens served (the reports' served)"},
    "min_sample": {"type": "integer", "description": "Krejcie–Morgan"},
    "sample_met": {"type": "boolean"},
    **_SCORE,
}
SKM_SCHEMAS["SkmRow"] = {"type": "object", "required": list(_ROW), "properties": _ROW}
SKM_SCHEMAS["SkmResults"] = {
    "type": "object",
    "required": ["from", "to", "agency_id", "service_id", "by", "population", "min_sample",
                 "sample_met", *_SCORE, "suggestions", "suggestion_list", "profile", "rows"],
    "properties": {
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "agency_id": nullable("string"), "service_id": nullable("string"),
        "by": nullable("string", enum=["agency", "service", None]),
        **{k: v for k, v in _ROW.items() if k not in ("key", "name")},
        "suggestions": {"type": "integer"},
        "suggestion_list": {"type": "array", "items": {
            "type": "object", "required": ["day", "at", "service_id", "service", "text"],
            "properties": {"day": {"type": "string", "format": "date"}, "at": TIME,
                           "service_id": {"type": "string"}, "service": {"type": "string"},
                           "text": {"type": "string"}}}},
        "profile": {"type": "array", "items": {
            "type": "object", "required": ["field", "label", "options"],
            "properties": {"field": {"type": "string"}, "label": {"type": "string"},
                           "options": {"type": "array", "items": {
                               "type": "object", "required": ["code", "label", "count", "pct"],
                               "properties": {"code": nullable("string"),
                                              "label": {"type": "string"},
                                              "count": {"type": "integer"},
                                              "pct": nullable("number")}}}}}},
        "rows": {"type": "array", "items": {"$ref": "#/components/schemas/SkmRow"}},
    },
}
_PUBLIC_SCORE = {"respondents": {"type": "integer"}, "ikm": _IKM, "quality": _QUALITY,
                 "performance": _PERFORMANCE, "performance_en": nullable("string")}
SKM_SCHEMAS["SkmPublic"] = {
    "type": "object",
    "required": ["site", "period", "hall", "agencies"],
    "properties": {
        "site": {"type": "string"},
        "period": {"type": "object",
                   "required": ["kind", "from", "to", "until", "name", "name_en", "complete"],
                   "properties": {
                       "kind": {"type": "string",
                                "enum": ["month", "quarter", "semester", "year"]},
                       "from": {"type": "string", "format": "date"},
                       "to": {"type": "string", "format": "date"},
                       "until": {"type": "string", "format": "date",
                                 "description": "the last day counted"},
                       "name": {"type": "string"}, "name_en": {"type": "string"},
                       "complete": {"type": "boolean", "description": "false: the current "
                                    "period so far (the last one had no responses)"}}},
        "hall": {"type": "object", "required": list(_PUBLIC_SCORE),
                 "properties": _PUBLIC_SCORE},
        "agencies": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "name_en", "short_name",
                                           *_PUBLIC_SCORE],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                           "name_en": {"type": "string"}, "short_name": {"type": "string"},
                           **_PUBLIC_SCORE}}},
    },
}
