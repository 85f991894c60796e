"""How an estimated wait is said to a citizen, once for every surface: the kiosk's service
rows and ticket, the phone page and the printed ticket all show these words (the server
sends them as `eta_text`/`eta_text_en`; the printer gets them already written).

Zero minutes is "segera" (soon), never "± 0 menit"; from an hour on the wait is said in
hours and minutes, as people say it ("± 1 jam 15 menit")."""

from __future__ import annotations

from typing import Literal

Language = Literal["id", "en"]

_SOON = {"id": "segera", "en": "soon"}
_ABOUT = {"id": "± ", "en": "~"}
_MINUTES = {"id": "{m} menit", "en": "{m} min"}
_HOURS = {"id": "{h} jam", "en": "{h} h"}


def wait_words(minutes: int | None, language: str = "id") -> str | None:
    """The estimate in words; None when there is no estimate (the surface shows a dash or
    leaves the line out). A language other than "en" reads as Indonesian."""
    if minutes is None:
        return None
    lang: Language = "en" if language == "en" else "id"
    if minutes <= 0:
        return _SOON[lang]
    hours, rest = divmod(minutes, 60)
    parts = ([_HOURS[lang].format(h=hours)] if hours else []) + (
        [_MINUTES[lang].format(m=rest)] if rest else [])
    return _ABOUT[lang] + " ".join(parts)
