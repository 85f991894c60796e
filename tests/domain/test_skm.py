"""SKM arithmetic (PermenPAN-RB 14/2017) from worked numbers: NRR, the exact 1/9 weight,
the IKM rounded half-up before banding, the band edges, the lowest unsur; and the
questionnaire's shape."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from queue_server.domain import skm


def responses(*rows: tuple[int, ...]) -> list[tuple[int, ...]]:
    return list(rows)


def test_questionnaire_has_nine_unsur_each_with_four_answers_scored_one_to_four():
    assert tuple(f"U{i}" for i in range(1, 10)) == skm.CODES
    for element in skm.ELEMENTS:
        assert [o.score for o in element.options] == [1, 2, 3, 4]
        assert element.question.startswith("Bagaimana")
        assert element.question_en and element.name_en
        assert all(o.label and o.label_en for o in element.options)
    assert [o.label for o in skm.BY_CODE["U4"].options] == [
        "Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    assert [o.label for o in skm.BY_CODE["U8"].options][-1] == "Dikelola dengan baik"


def test_profile_codes_are_unique_and_labelled_in_both_languages():
    assert [p.field for p in skm.PROFILE] == ["age", "sex", "education", "occupation"]
    for field in skm.PROFILE:
        assert len(set(field.codes())) == len(field.codes())
        assert all(o.label and o.label_en for o in field.options)
    assert skm.PROFILE_FIELDS["sex"].codes() == ("L", "P")
    assert skm.PROFILE_FIELDS["sex"].label_of(None) == "Tidak diisi"


def test_nrr_is_the_mean_score_and_its_weight_is_exactly_one_ninth():
    result = skm.score(responses((4, 3, 2, 4, 3, 3, 4, 2, 3),
                                 (3, 3, 2, 4, 4, 3, 4, 1, 3),
                                 (4, 2, 3, 4, 3, 3, 3, 2, 2),
                                 (3, 3, 3, 4, 3, 4, 4, 2, 3)))
    u1 = result.elements[0]
    assert u1.total == 14 and u1.nrr == Fraction(14, 4)
    assert u1.nrr_weighted == Fraction(14, 36)  # 3.5 / 9, not 3.5 × 0.111
    assert sum(e.total for e in result.elements) == 110
    # IKM = Σ (total / 4 × 1/9) × 25 = 110 / 36 × 25 = 76.3888… → 76.39: C, Kurang Baik
    assert result.ikm == Decimal("76.39")
    assert result.band.quality == "C" and result.band.performance == "Kurang Baik"
    assert result.lowest == ("U8",)


def test_all_fours_is_one_hundred_exactly_which_a_weight_of_0_111_would_miss():
    result = skm.score([(4,) * 9] * 7)
    assert result.ikm == Decimal("100.00")
    assert result.band.quality == "A"
    # the shortcut the regulation's tables print would give 99.90
    assert round(sum(Decimal(4) * Decimal("0.111") for _ in range(9)) * 25, 2) == Decimal(
        "99.90")


def test_all_ones_is_twenty_five_the_bottom_of_band_d():
    result = skm.score([(1,) * 9])
    assert result.ikm == Decimal("25.00") and result.band.quality == "D"


@pytest.mark.parametrize(("ikm", "quality", "performance"), [
    ("25.00", "D", "Tidak Baik"), ("64.99", "D", "Tidak Baik"),
    ("65.00", "C", "Kurang Baik"), ("76.60", "C", "Kurang Baik"),
    ("76.61", "B", "Baik"), ("88.30", "B", "Baik"),
    ("88.31", "A", "Sangat Baik"), ("100.00", "A", "Sangat Baik"),
])
def test_band_edges(ikm, quality, performance):
    band = skm.band_of(Decimal(ikm))
    assert (band.quality, band.performance) == (quality, performance)


def test_banding_refuses_an_unrounded_or_impossible_ikm():
    with pytest.raises(ValueError):
        skm.band_of(Decimal("76.605"))
    with pytest.raises(ValueError):
        skm.band_of(Decimal("24.99"))


def test_rounding_before_banding_changes_the_band():
    # 19 respondents, 524 points in all: 524 / (9 × 19) × 25 = 76.6081… — under the 76.61
    # edge of B when compared unrounded, 76.61 (B, Baik) once rounded as published
    rows = [(3,) * 9 for _ in range(19)]
    for i in range(11):
        rows[i] = (4, 3, 3, 3, 3, 3, 3, 3, 3)
    result = skm.score(rows)
    exact = Fraction(524 * 25, 9 * 19)
    assert Fraction(7660, 100) < exact < Fraction(7661, 100)
    assert result.ikm == Decimal("76.61")
    assert result.band.quality == "B"


def test_ikm_rounds_half_up_not_to_even():
    assert skm.round_half_up(Fraction(76605, 1000)) == Decimal("76.61")
    assert skm.round_half_up(Fraction(88305, 1000)) == Decimal("88.31")
    assert skm.round_half_up(Fraction(64994999, 1000000)) == Decimal("64.99")
    assert skm.round_half_up(Fraction(1, 3), 3) == Decimal("0.333")


def test_lowest_unsur_lists_every_tie():
    result = skm.score([(3, 2, 3, 3, 3, 3, 3, 2, 3)])
    assert result.lowest == ("U2", "U8")


def test_no_responses_has_no_ikm_and_no_band():
    result = skm.score([])
    assert result.respondents == 0 and result.ikm is None and result.band is None
    assert result.lowest == ()


def test_totals_give_the_same_score_as_the_responses():
    rows = [(4, 3, 2, 4, 3, 3, 4, 2, 3), (1, 2, 3, 4, 1, 2, 3, 4, 1)]
    totals = [sum(col) for col in zip(*rows, strict=True)]
    assert skm.score_totals(2, totals) == skm.score(rows)


@pytest.mark.parametrize("bad", [(0, 3, 3, 3, 3, 3, 3, 3, 3), (5,) * 9, (3,) * 8,
                                 (True,) * 9, (3.0,) * 9])
def test_an_answer_outside_one_to_four_or_a_missing_one_is_refused(bad):
    with pytest.raises(ValueError):
        skm.score([bad])
