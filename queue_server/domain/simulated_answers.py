"""How simulated citizens answer the SKM (for `queue-server simulate`): each service has its
own mean score, drawn once from the seed, and each unsur leans around it the way surveys of
Indonesian halls tend to (most services are free, so U4 scores high; the wait, U3, and the
little-known complaint channel, U8, score low), plus one unsur per service that is
systematically weaker. Answers are drawn around those means, profiles from the shares of an
ordinary MPP's visitors. Pure: everything comes from the seed or the `random.Random` given."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .skm import CODES

RATE = 0.3  # share of served citizens who answer
TABLET_SHARE = 0.4  # of those, on the counter's tablet (the rest on their phone)
MEAN_RANGE = (2.6, 3.7)
SPREAD = 0.6  # standard deviation of one answer around its unsur's mean
TENDENCY = {"U3": -0.35, "U4": 0.4, "U8": -0.25}
WEAK = -0.3  # the service's own weakest unsur
SKIP_SHARE = 0.05  # a profile question left out
SUGGESTION_SHARE = 0.08
SUGGESTIONS = (
    "Mohon ditambah kursi di ruang tunggu.",
    "Pelayanan sudah cepat, pertahankan.",
    "Petugas ramah dan jelas menjelaskan persyaratan.",
    "Antrean pagi terlalu panjang, mohon tambah loket.",
    "Informasi persyaratan sebaiknya ditempel di depan loket.",
    "Toilet perlu lebih sering dibersihkan.",
    "Terima kasih, prosesnya mudah.",
    "Parkir motor kurang luas.",
)
PROFILE_SHARES = {
    "age": {"lt20": 0.06, "20_29": 0.27, "30_39": 0.28, "40_49": 0.2, "50_59": 0.12,
            "ge60": 0.07},
    "sex": {"L": 0.5, "P": 0.5},
    "education": {"sd": 0.1, "smp": 0.15, "sma": 0.42, "diploma": 0.1, "s1": 0.2, "s2": 0.03},
    "occupation": {"pns": 0.12, "tni": 0.02, "polri": 0.02, "swasta": 0.3,
                   "wirausaha": 0.24, "pelajar": 0.1, "lainnya": 0.2},
}


@dataclass(frozen=True, slots=True)
class ServiceTaste:
    """What citizens of one service think, as a mean score per unsur (U1…U9)."""

    mean: float
    means: tuple[float, ...]


def service_taste(seed: int, service_id: str) -> ServiceTaste:
    rng = random.Random(f"{seed}:skm:{service_id}")
    mean = rng.uniform(*MEAN_RANGE)
    weak = rng.choice(CODES)
    means = tuple(mean + TENDENCY.get(code, 0.0) + (WEAK if code == weak else 0.0)
                  + rng.uniform(-0.1, 0.1) for code in CODES)
    return ServiceTaste(mean, means)


def draw_answers(rng: random.Random, taste: ServiceTaste) -> dict[str, int]:
    return {code: min(4, max(1, round(rng.gauss(mean, SPREAD))))
            for code, mean in zip(CODES, taste.means, strict=True)}


def draw_profile(rng: random.Random) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for field, shares in PROFILE_SHARES.items():
        skipped = rng.random() < SKIP_SHARE
        choice = rng.choices(list(shares), list(shares.values()))[0]
        out[field] = None if skipped else choice
    return out


def draw_suggestion(rng: random.Random) -> str | None:
    return rng.choice(SUGGESTIONS) if rng.random() < SUGGESTION_SHARE else None
