"""Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017): the nine unsur with their questions
and four scored answers, the respondent profile of the official form, and the arithmetic.

The arithmetic is exact: each unsur's NRR is a Fraction (the mean score), its weight is
exactly 1/9 (the regulation's "0,111" is 1/9 written short; multiplying by 0.111 would drop
IKM 100 to 99.90), and the IKM = Σ NRR × 1/9 × 25 is rounded half-up to two decimals
*before* it is banded, as the published IKM is what the band must agree with."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SCORES = (1, 2, 3, 4)
WEIGHT = Fraction(1, 9)  # nine unsur, equal weight
SCALE = 25  # NRR (1–4) × 25 → IKM 25–100


@dataclass(frozen=True, slots=True)
class Option:
    score: int
    label: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Element:
    """One unsur: its code (U1–U9), name and question, and the four answers scored 1–4."""

    code: str
    name: str
    name_en: str
    question: str
    question_en: str
    options: tuple[Option, ...]


def _options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(score, label, en) for score, (label, en) in zip(SCORES, pairs,
                                                                        strict=True))


_SESUAI = _options(("Tidak sesuai", "Not appropriate"), ("Kurang sesuai", "Less appropriate"),
                   ("Sesuai", "Appropriate"), ("Sangat sesuai", "Very appropriate"))

ELEMENTS: tuple[Element, ...] = (
    Element("U1", "Persyaratan", "Requirements",
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
            "pelayanannya?",
            "What do you think of how well the service's requirements fit the kind of "
            "service?", _SESUAI),
    Element("U2", "Sistem, mekanisme dan prosedur", "System, mechanism and procedure",
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "How easy did you find the service procedure at this unit?",
            _options(("Tidak mudah", "Not easy"), ("Kurang mudah", "Less easy"),
                     ("Mudah", "Easy"), ("Sangat mudah", "Very easy"))),
    Element("U3", "Waktu penyelesaian", "Completion time",
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            "What do you think of how quickly the service was delivered?",
            _options(("Tidak cepat", "Not fast"), ("Kurang cepat", "Less fast"),
                     ("Cepat", "Fast"), ("Sangat cepat", "Very fast"))),
    Element("U4", "Biaya/tarif", "Cost/fee",
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            "What do you think of how reasonable the service's cost/fee is?",
            _options(("Sangat mahal", "Very expensive"), ("Cukup mahal", "Fairly expensive"),
                     ("Murah", "Cheap"), ("Gratis", "Free"))),
    Element("U5", "Produk spesifikasi jenis pelayanan", "Service product specification",
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            "How well does the service's result match the product stated in the service "
            "standard?", _SESUAI),
    Element("U6", "Kompetensi pelaksana", "Staff competence",
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            "What do you think of the competence/ability of the staff who served you?",
            _options(("Tidak kompeten", "Not competent"), ("Kurang kompeten", "Less competent"),
                     ("Kompeten", "Competent"), ("Sangat kompeten", "Very competent"))),
    Element("U7", "Perilaku pelaksana", "Staff behaviour",
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?",
            "What do you think of the staff's behaviour: their courtesy and friendliness?",
            _options(("Tidak sopan dan ramah", "Not polite and friendly"),
                     ("Kurang sopan dan ramah", "Less polite and friendly"),
                     ("Sopan dan ramah", "Polite and friendly"),
                     ("Sangat sopan dan ramah", "Very polite and friendly"))),
    Element("U8", "Penanganan pengaduan, saran dan masukan",
            "Handling of complaints, suggestions and feedback",
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            "What do you think of how complaints from service users are handled?",
            _options(("Tidak ada", "There is none"),
                     ("Ada tetapi tidak berfungsi", "There is one, but it does not work"),
                     ("Berfungsi kurang maksimal", "It works, but not fully"),
                     ("Dikelola dengan baik", "It is well managed"))),
    Element("U9", "Sarana dan prasarana", "Facilities and infrastructure",
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            "What do you think of the quality of the facilities and infrastructure?",
            _options(("Buruk", "Poor"), ("Cukup", "Fair"), ("Baik", "Good"),
                     ("Sangat Baik", "Very good"))),
)
CODES: tuple[str, ...] = tuple(e.code for e in ELEMENTS)
BY_CODE: dict[str, Element] = {e.code: e for e in ELEMENTS}


# ---------------------------------------------------------------- respondent profile


@dataclass(frozen=True, slots=True)
class ProfileOption:
    code: str  # stable: stored in skm_responses and used by exports
    label: str
    label_en: str


@dataclass(frozen=True, slots=True)
class ProfileField:
    field: str
    label: str
    label_en: str
    options: tuple[ProfileOption, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def label_of(self, code: str | None, lang: str = "id") -> str:
        for option in self.options:
            if option.code == code:
                return option.label if lang == "id" else option.label_en
        return "Tidak diisi" if lang == "id" else "Not given"


PROFILE: tuple[ProfileField, ...] = (
    # brackets wide enough for big buttons on a phone
    ProfileField("age", "Usia", "Age", (
        ProfileOption("lt20", "< 20 tahun", "Under 20"),
        ProfileOption("20_29", "20–29 tahun", "20–29"),
        ProfileOption("30_39", "30–39 tahun", "30–39"),
        ProfileOption("40_49", "40–49 tahun", "40–49"),
        ProfileOption("50_59", "50–59 tahun", "50–59"),
        ProfileOption("ge60", "≥ 60 tahun", "60 or over"))),
    ProfileField("sex", "Jenis kelamin", "Sex", (
        ProfileOption("L", "Laki-laki", "Male"),
        ProfileOption("P", "Perempuan", "Female"))),
    ProfileField("education", "Pendidikan terakhir", "Education", (
        ProfileOption("sd", "SD ke bawah", "Primary school or less"),
        ProfileOption("smp", "SMP", "Junior high school"),
        ProfileOption("sma", "SMA", "Senior high school"),
        ProfileOption("diploma", "D1–D3–D4", "Diploma (D1–D4)"),
        ProfileOption("s1", "S1", "Bachelor's degree"),
        ProfileOption("s2", "S2 ke atas", "Master's degree or higher"))),
    ProfileField("occupation", "Pekerjaan utama", "Occupation", (
        ProfileOption("pns", "PNS", "Civil servant"),
        ProfileOption("tni", "TNI", "Armed forces (TNI)"),
        ProfileOption("polri", "POLRI", "Police (POLRI)"),
        ProfileOption("swasta", "Swasta", "Private employee"),
        ProfileOption("wirausaha", "Wirausaha", "Self-employed"),
        ProfileOption("pelajar", "Pelajar/Mahasiswa", "Student"),
        ProfileOption("lainnya", "Lainnya", "Other"))),
)
PROFILE_FIELDS: dict[str, ProfileField] = {p.field: p for p in PROFILE}


# ---------------------------------------------------------------- bands


@dataclass(frozen=True, slots=True)
class Band:
    """A mutu (A–D) and its kinerja, for IKM from `low` (included) upwards."""

    quality: str
    performance: str
    performance_en: str
    low: Decimal
    high: Decimal


BANDS: tuple[Band, ...] = (  # best first
    Band("A", "Sangat Baik", "Very good", Decimal("88.31"), Decimal("100.00")),
    Band("B", "Baik", "Good", Decimal("76.61"), Decimal("88.30")),
    Band("C", "Kurang Baik", "Fair", Decimal("65.00"), Decimal("76.60")),
    Band("D", "Tidak Baik", "Poor", Decimal("25.00"), Decimal("64.99")),
)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """`value` rounded half-up to `places` decimals, exactly (no float on the way)."""
    scale = 10 ** places
    scaled = value * scale
    whole = math.floor(scaled + Fraction(1, 2)) if scaled >= 0 else -math.floor(
        -scaled + Fraction(1, 2))
    return (Decimal(whole) / scale).quantize(Decimal(1).scaleb(-places),
                                             rounding=ROUND_HALF_UP)


def band_of(ikm: Decimal) -> Band:
    """The band of an IKM already rounded to two decimals (25.00–100.00)."""
    if ikm != ikm.quantize(Decimal("0.01")):
        raise ValueError(f"IKM {ikm} must be rounded to two decimals before banding")
    if not Decimal("25.00") <= ikm <= Decimal("100.00"):
        raise ValueError(f"IKM {ikm} is outside 25.00–100.00")
    for band in BANDS:
        if ikm >= band.low:
            return band
    raise AssertionError("unreachable: the last band starts at 25.00")


# ---------------------------------------------------------------- the arithmetic


@dataclass(frozen=True, slots=True)
class ElementScore:
    code: str
    total: int  # Jumlah nilai per unsur
    nrr: Fraction  # mean score, 1–4
    nrr_weighted: Fraction  # nrr × 1/9


@dataclass(frozen=True, slots=True)
class SkmScore:
    """The result of some responses; `ikm`, `band` and `lowest` are None without any."""

    respondents: int
    elements: tuple[ElementScore, ...]
    ikm: Decimal | None
    band: Band | None
    lowest: tuple[str, ...]  # the unsur with the lowest NRR (ties: each of them)


def check_answers(answers: Sequence[int]) -> None:
    if len(answers) != len(CODES):
        raise ValueError(f"a response has {len(CODES)} answers, not {len(answers)}")
    for code, answer in zip(CODES, answers, strict=True):
        if type(answer) is not int or answer not in SCORES:
            raise ValueError(f"{code}: {answer!r} is not a score 1–4")


def score(responses: Iterable[Sequence[int]]) -> SkmScore:
    """Each response is its nine answers in U1…U9 order."""
    totals = [0] * len(CODES)
    count = 0
    for answers in responses:
        check_answers(answers)
        count += 1
        for i, answer in enumerate(answers):
            totals[i] += answer
    return score_totals(count, totals)


def score_totals(respondents: int, totals: Sequence[int]) -> SkmScore:
    """The same from the respondents and each unsur's sum of scores (the "Jumlah nilai per
    unsur" row of the tabulation)."""
    if len(totals) != len(CODES):
        raise ValueError(f"{len(CODES)} totals expected, not {len(totals)}")
    if respondents == 0:
        return SkmScore(0, tuple(ElementScore(c, 0, Fraction(0), Fraction(0)) for c in CODES),
                        None, None, ())
    if any(not respondents * SCORES[0] <= t <= respondents * SCORES[-1] for t in totals):
        raise ValueError("a total is outside what the respondents' scores can add up to")
    elements = tuple(ElementScore(code, total, Fraction(total, respondents),
                                  Fraction(total, respondents) * WEIGHT)
                     for code, total in zip(CODES, totals, strict=True))
    ikm = round_half_up(sum((e.nrr_weighted for e in elements), Fraction(0)) * SCALE)
    lowest_nrr = min(e.nrr for e in elements)
    lowest = tuple(e.code for e in elements if e.nrr == lowest_nrr)
    return SkmScore(respondents, elements, ikm, band_of(ikm), lowest)


# ---------------------------------------------------------------- a stored response


@dataclass(frozen=True, slots=True)
class SkmResponse:
    """One citizen's answers for one served ticket. The counter and service are kept for the
    results; the officer is not, on purpose (no page may tie a score to a person)."""

    id: int
    ticket_id: int
    day: str  # the site's local day of the answer
    at: datetime
    agency_id: str
    service_id: str
    counter_id: str | None
    channel: str  # CHANNELS
    answers: tuple[int, ...]  # U1…U9
    age: str | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None
    suggestion: str | None = None

    def profile(self, name: str) -> str | None:
        return {"age": self.age, "sex": self.sex, "education": self.education,
                "occupation": self.occupation}[name]


CHANNELS = ("phone", "survey")  # the citizen's phone (/t/<token>), the counter's tablet
SUGGESTION_MAX = 1000
