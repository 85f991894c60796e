"""The short badge of each agency on the kiosk's tiles and the TV: 2–3 letters or digits,
distinct in the hall. An admin's (or config.toml's) `badge` is kept as given; the others
come from the short name: the initials ("Dinas Kependudukan" → "DK", one word → its first
two letters, "Dukcapil" → "DU"). Agencies whose initials would be the same all get a longer
one, the initials then a later letter of the last word ("BPJS Kesehatan" and "BPJS
Ketenagakerjaan", both "BK", become "BKS" and "BKT"), so no two tiles read alike and
neither keeps the ambiguous one. Said once here; the pages read the badge from the API."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from .models import Agency

BADGE = re.compile(r"^[A-Z0-9]{2,3}$")
_VOWELS = set("AEIOU")


def valid_badge(text: str) -> bool:
    """What an explicit badge may be: 2–3 capital letters or digits."""
    return bool(BADGE.fullmatch(text))


def _words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", plain.upper())


def candidates(name: str) -> Iterator[str]:
    """The badges a name could take, best first; never ends (digits at the last)."""
    words = _words(name) or ["X"]
    seen: set[str] = set()

    def fresh(badge: str) -> bool:
        if len(badge) < 2 or badge in seen:
            return False
        seen.add(badge)
        return True

    initials = "".join(w[0] for w in words)
    first = initials[:3] if len(words) > 1 else words[0][:2]
    if fresh(first):
        yield first
    # the initials (at most two) and a later letter of the last word: consonants first,
    # they tell words apart better than vowels
    stem = initials[:2] if len(words) > 1 else words[0][:1]
    tail = words[-1][1:]
    for letter in [c for c in tail if c not in _VOWELS] + [c for c in tail if c in _VOWELS]:
        if fresh(stem + letter):
            yield stem + letter
    for later in "".join(words)[1:]:
        if fresh(stem[:1] + later):
            yield stem[:1] + later
    for n in range(2, 100):  # a hall of many look-alike names still gets distinct badges
        if fresh(f"{stem[:1]}{n}"):
            yield f"{stem[:1]}{n}"
    raise ValueError(f"no badge left for {name!r}")


def badges(agencies: Iterable[Agency]) -> dict[str, str]:
    """Agency id → its badge, distinct across the given agencies (explicit ones kept)."""
    agencies = list(agencies)
    out = {a.id: a.badge for a in agencies if a.badge}
    taken = set(out.values())
    names = {a.id: a.short_name or a.name for a in agencies}
    pending = {a.id: candidates(names[a.id]) for a in agencies if not a.badge}
    proposal = {aid: next(gen) for aid, gen in pending.items()}
    order = list(pending)
    for rounds in range(10_000):
        groups: dict[str, list[str]] = {}
        for aid in order:
            groups.setdefault(proposal[aid], []).append(aid)
        moving = []
        for badge, members in groups.items():
            if badge in taken:
                moving += members
            elif len(members) > 1:
                # every one of a clash moves on, so none keeps the shared badge; names that
                # stay alike move in step, so from then on the first in order keeps it
                alike = len({tuple(_words(names[m])) for m in members}) == 1
                moving += members[1:] if alike or rounds > 20 else members
        if not moving:
            break
        for aid in moving:
            proposal[aid] = next(pending[aid])
    return {**out, **proposal}
