"""SKM collection (API.md "SKM"): the questionnaire, and a citizen's response for the ticket
they were served on — from their phone (holding the ticket's tracking token) or on the
survey tablet of the counter that served them. The results and the public figures are in
services/skm_results.py (re-exported here)."""

from __future__ import annotations

from typing import Any

from queue_server.domain import access
from queue_server.domain import skm as q
from queue_server.domain.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidFields,
    InvalidTransition,
    NotFound,
)
from queue_server.domain.models import DeviceKind, Ticket, TicketStatus

from .hall import Hall, Outcome
from .skm_results import public, results  # noqa: F401  (one import for the callers)

LANGS = ("id", "en")
BODY_KEYS = ("ticket_token", "answers", "profile", "suggestion")
TOKEN_MAX = 100


def _lang(lang: str | None) -> str:
    chosen = lang or "id"
    if chosen not in LANGS:
        raise BadRequest("Bahasa harus id atau en.", field="lang")
    return chosen


def questionnaire(lang: str | None = "id") -> dict[str, Any]:
    """The nine unsur with their four answers, and the respondent profile, in `lang`."""
    en = _lang(lang) == "en"
    return {
        "lang": "en" if en else "id",
        "elements": [{
            "code": e.code, "name": e.name_en if en else e.name,
            "question": e.question_en if en else e.question,
            "options": [{"score": o.score, "label": o.label_en if en else o.label}
                        for o in e.options],
        } for e in q.ELEMENTS],
        "profile": [{
            "field": p.field, "label": p.label_en if en else p.label,
            "options": [{"code": o.code, "label": o.label_en if en else o.label}
                        for o in p.options],
        } for p in q.PROFILE],
        "suggestion_max": q.SUGGESTION_MAX,
    }


# ---------------------------------------------------------------- the body


def _answers(raw: Any, problems: list[tuple[str, str]]) -> tuple[int, ...]:
    if not isinstance(raw, dict):
        problems.append(("answers", "Kolom 'answers' wajib diisi: nilai 1–4 untuk U1 sampai "
                                    "U9."))
        return ()
    for key in sorted(set(raw) - set(q.CODES)):
        problems.append((f"answers.{key}", f"Unsur {key!r} tidak dikenal (U1 sampai U9)."))
    out: list[int] = []
    for element in q.ELEMENTS:
        value = raw.get(element.code)
        where = f"answers.{element.code}"
        if value is None:
            problems.append((where, f"Jawaban {element.code} ({element.name}) wajib diisi."))
        elif isinstance(value, bool) or not isinstance(value, int) or value not in q.SCORES:
            problems.append((where, f"Jawaban {element.code} ({element.name}) harus angka "
                                    "1, 2, 3 atau 4."))
        else:
            out.append(value)
    return tuple(out)


def _profile(raw: Any, problems: list[tuple[str, str]]) -> dict[str, str | None]:
    """Each profile value is optional (a citizen may leave one out), but must be a code."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(("profile", "Kolom 'profile' harus objek {age, sex, education, "
                                    "occupation}."))
        return {}
    for key in sorted(set(raw) - set(q.PROFILE_FIELDS)):
        problems.append((f"profile.{key}", f"Data responden {key!r} tidak dikenal."))
    out: dict[str, str | None] = {}
    for field in q.PROFILE:
        value = raw.get(field.field)
        if value is not None and value not in field.codes():
            problems.append((f"profile.{field.field}",
                             f"{field.label} harus salah satu dari: "
                             f"{', '.join(field.codes())}."))
        out[field.field] = value
    return out


def _suggestion(raw: Any, problems: list[tuple[str, str]]) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        problems.append(("suggestion", "Saran harus berupa teks."))
        return None
    text = raw.strip()
    if len(text) > q.SUGGESTION_MAX:
        problems.append(("suggestion", f"Saran paling panjang {q.SUGGESTION_MAX} karakter."))
    return text or None


def _token(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise BadRequest("Kolom 'ticket_token' wajib diisi (token pelacakan tiket).",
                         field="ticket_token")
    if len(raw) > TOKEN_MAX:
        raise NotFound("Tiket tidak ditemukan. Periksa kembali kode QR Anda.",
                       field="ticket_token")
    return raw.strip()


# ---------------------------------------------------------------- the use case


def _may_answer(principal: access.Principal, ticket: Ticket) -> str:
    """The channel of this answer, or Forbidden: a survey tablet answers only for a citizen
    its own counter served; anyone else holding the token answers from a phone."""
    if principal.device_kind is DeviceKind.SURVEY:
        if ticket.counter_id is None or ticket.counter_id not in principal.counters:
            raise Forbidden("Tablet survei ini hanya menerima penilaian untuk warga yang "
                            "dilayani di loketnya.", field="ticket_token")
        return "survey"
    return "phone"


def submit_response(hall: Hall, principal: access.Principal,
                    body: dict[str, Any]) -> q.SkmResponse:
    """Record one citizen's answers for their served ticket (API.md POST /skm/responses)."""
    if not isinstance(body, dict):
        raise BadRequest("Isi permintaan harus objek JSON ({...}).")
    unknown = sorted(set(body) - set(BODY_KEYS))
    if unknown:
        raise BadRequest(f"Kolom tidak dikenal: {', '.join(unknown)}.", field=unknown[0])
    token = _token(body.get("ticket_token"))
    problems: list[tuple[str, str]] = []
    answers = _answers(body.get("answers"), problems)
    profile = _profile(body.get("profile"), problems)
    suggestion = _suggestion(body.get("suggestion"), problems)
    if problems:
        raise InvalidFields(problems)

    now = hall.now()
    with hall.store.write() as tx:
        try:
            ticket = tx.tickets.by_token(token)
        except NotFound as exc:
            raise NotFound(exc.message, field="ticket_token") from None
        channel = _may_answer(principal, ticket)
        if ticket.status is not TicketStatus.DONE:
            raise InvalidTransition("Penilaian dapat diberikan setelah layanan Anda selesai.",
                                    field="ticket_token")
        if tx.skm.for_ticket(ticket.id) is not None:
            raise Conflict("Penilaian untuk tiket ini sudah diterima. Terima kasih.",
                           field="ticket_token")
        response = tx.skm.insert(q.SkmResponse(
            id=0, ticket_id=ticket.id, day=hall.today(now), at=now,
            agency_id=ticket.agency_id, service_id=ticket.service_id,
            counter_id=ticket.counter_id, channel=channel, answers=answers,
            suggestion=suggestion, **profile))
        # the audit log shows that (and where) it was answered, never the scores
        tx.events.append("skm.answered", now, principal.actor, ticket_id=ticket.id,
                         counter_id=ticket.counter_id, service_id=ticket.service_id,
                         data={"channel": channel})
        events = tx.written
    hall.publish(Outcome(ticket=None, events=events))
    return response
