"""The minimum SKM sample: Krejcie & Morgan (1970), "Determining sample size for research
activities", Educational and Psychological Measurement 30, p. 608 — the table the
PermenPAN-RB 14/2017 appendix points to (95 % confidence, 5 % margin, P = 0.5).

The table is kept as published rather than computed, since halls compare their figure with
the printed table; each row is its formula s = X²NP(1−P) / (d²(N−1) + X²P(1−P)) rounded
(X² = 3.841, P = 0.5, d = 0.05), which the tests check row by row."""

from __future__ import annotations

from bisect import bisect_left

# (population N, sample S), every row of the published table
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40),
    (50, 44), (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70),
    (90, 73), (95, 76), (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108),
    (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136), (220, 140),
    (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165),
    (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201),
    (440, 205), (460, 210), (480, 214), (500, 217), (550, 226), (600, 234), (650, 242),
    (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278),
    (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331),
    (2600, 335), (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354),
    (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368), (10000, 370),
    (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381), (75000, 382),
    (1000000, 384),
)
_POPULATIONS = tuple(n for n, _ in KREJCIE_MORGAN)


def minimum_sample(population: int) -> int:
    """The S of the smallest table N at or above `population` (the safe side between two
    rows); a population of 10 or fewer is asked in full; above 1,000,000 the table's last
    row (384) holds."""
    if population < 0:
        raise ValueError("a population cannot be negative")
    if population <= KREJCIE_MORGAN[0][0]:
        return population
    index = bisect_left(_POPULATIONS, population)
    if index == len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return KREJCIE_MORGAN[index][1]
