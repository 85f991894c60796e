"""Domain errors. Each carries a stable machine code and an optional field name;
the web layer maps them, in one place, to the JSON error envelope of API.md."""

from __future__ import annotations


class InvalidValue(ValueError):
    """A bad value, said in English (config.toml's messages and the log, as an ordinary
    ValueError) and in Bahasa Indonesia (`indonesian`, at the field of an admin form)."""

    def __init__(self, english: str, indonesian: str) -> None:
        super().__init__(english)
        self.indonesian = indonesian


class QueueError(Exception):
    """Base of every error Loket raises on purpose."""

    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadRequest(QueueError):
    code = "bad_request"


class NotFound(QueueError):
    code = "not_found"


class Conflict(QueueError):
    code = "conflict"


class _Fields:
    """Several fields of one form at once: `field`/`message` name the first, `problems`
    lists each (field, message), so a page marks every field in one round trip."""

    problems: list[tuple[str, str]]

    def __init__(self, problems: list[tuple[str, str]], message: str | None = None) -> None:
        field, first = problems[0]
        QueueError.__init__(self, message or first, field=field)  # type: ignore[arg-type]
        self.problems = problems


class InvalidFields(_Fields, BadRequest):
    pass


class ConflictingFields(_Fields, Conflict):
    """A duplicate id, prefix or number (409), with any other problems of the form."""


class InvalidTransition(QueueError):
    code = "invalid_transition"


class ServiceClosed(QueueError):
    code = "service_closed"


class QuotaReached(ServiceClosed):
    code = "quota_reached"


class Unauthorized(QueueError):
    code = "unauthorized"


class Forbidden(QueueError):
    code = "forbidden"


class RateLimited(QueueError):
    code = "rate_limited"

    def __init__(self, message: str, *, field: str | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after  # seconds until a retry can succeed (Retry-After)


class IdempotencyKeyReused(QueueError):
    """An Idempotency-Key sent again with another request: not a retry but a client bug, so
    neither the first answer nor a new ticket (422)."""

    code = "idempotency_key_reused"


class ConfigError(QueueError):
    """A settings file that cannot be used; the server refuses to start."""

    code = "config_error"
