"""SKM scoring: the IKM (Indeks Kepuasan Masyarakat) per PermenPANRB No. 14 Tahun 2017.

Pure functions on plain values, standard library only. Arithmetic is exact (Fraction); rounding
happens once, at the end, half-up.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

ELEMENT_CODES: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
# 1/9 exactly: the 0.111 or 0.11 used by many apps caps the index below 100 and flips grades.
EQUAL_WEIGHTS: dict[str, Fraction] = {code: Fraction(1, 9) for code in ELEMENT_CODES}

_MIN_VALUE, _MAX_VALUE = 1, 4


@dataclass(frozen=True)
class ElementTotals:
    """Sufficient statistics of one element: enough to compute its NRR and to merge tallies."""

    code: str
    total: int
    count: int

    def __post_init__(self) -> None:
        if self.code not in ELEMENT_CODES:
            raise ValueError(f"unknown element code {self.code!r}")
        if self.count < 0 or not self.count * _MIN_VALUE <= self.total <= self.count * _MAX_VALUE:
            raise ValueError(f"{self.code}: total {self.total} impossible for {self.count} answers")


@dataclass(frozen=True)
class Grade:
    letter: str
    label: str


GRADE_A = Grade("A", "Sangat Baik")
GRADE_B = Grade("B", "Baik")
GRADE_C = Grade("C", "Kurang Baik")
GRADE_D = Grade("D", "Tidak Baik")
# Lower bounds on the rounded 25-100 value; the official table has gaps (76,60 / 76,61) that only
# lower bounds close.
_GRADE_BOUNDS: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), GRADE_A),
    (Decimal("76.61"), GRADE_B),
    (Decimal("65.00"), GRADE_C),
)


@dataclass(frozen=True)
class ElementScore:
    code: str
    n: int
    nrr: Fraction | None
    nrr_display: str | None
    score: Decimal | None
    grade: Grade | None


@dataclass(frozen=True)
class IkmResult:
    n: int
    elements: tuple[ElementScore, ...]
    ni: Fraction | None
    ikm: Decimal | None
    grade: Grade | None
    enough: bool

    def ikm_display(self) -> str | None:
        # ikm always carries exactly two decimals, so str() never drops a trailing zero.
        return None if self.ikm is None else str(self.ikm)


@dataclass(frozen=True)
class SampleTarget:
    population: int
    target: int
    achieved: int
    met: bool


def validate_value(value: int) -> int:
    # bool is an int subclass; True must not sneak in as a 1.
    if type(value) is not int or not _MIN_VALUE <= value <= _MAX_VALUE:
        raise ValueError(f"answer value must be an integer 1..4, got {value!r}")
    return value


def _check_codes(codes: Iterable[str]) -> None:
    unknown = sorted(set(codes) - set(ELEMENT_CODES))
    if unknown:
        raise ValueError(f"unknown element codes: {', '.join(map(repr, unknown))}")


def totals_from_answers(answers: Iterable[Mapping[str, int | None]]) -> dict[str, ElementTotals]:
    """Sum and count per element; None or a missing key is a blank, not a zero."""
    totals = dict.fromkeys(ELEMENT_CODES, 0)
    counts = dict.fromkeys(ELEMENT_CODES, 0)
    for answer in answers:
        _check_codes(answer)
        for code, value in answer.items():
            if value is None:
                continue
            totals[code] += validate_value(value)
            counts[code] += 1
    return {code: ElementTotals(code, totals[code], counts[code]) for code in ELEMENT_CODES}


def totals_from_tally(tally: Mapping[str, Mapping[int, int]]) -> dict[str, ElementTotals]:
    """Totals from paper forms counted per value: {"U1": {1: 0, 2: 3, 3: 10, 4: 7}, ...}."""
    _check_codes(tally)
    result = {}
    for code in ELEMENT_CODES:
        total = count = 0
        for value, how_many in tally.get(code, {}).items():
            validate_value(value)
            if type(how_many) is not int or how_many < 0:
                raise ValueError(f"{code}: count for value {value} must be a whole number >= 0")
            total += value * how_many
            count += how_many
        result[code] = ElementTotals(code, total, count)
    return result


def round_half_up(value: Fraction | Decimal, places: int) -> Decimal:
    """Round exactly, halves away from zero (as ROUND_HALF_UP), to `places` decimals."""
    if isinstance(value, float | bool):
        # A float has already lost the value: 76.605 is stored as 76.60499...
        raise TypeError("round_half_up needs an exact value (Fraction, Decimal or int)")
    if places < 0:
        raise ValueError("places must be >= 0")
    exact = Fraction(value)
    units = math.floor(abs(exact) * 10**places + Fraction(1, 2))
    sign = "-" if exact < 0 and units else ""
    # The string constructor is exact; Decimal arithmetic would round to the context precision.
    return Decimal(f"{sign}{units}e-{places}")


def exact_ikm(sums: Sequence[int], counts: Sequence[int]) -> Decimal | None:
    """The IKM (25–100, 2 decimals, half-up) of nine elements' integer sums and answer counts
    with equal weights: the one rule behind every IKM Suara shows (a unit's, an officer's, a
    service point's, a service type's). None when an element has no answer.

    Integer arithmetic, so it is exact and fast: 100 × IKM = 2500/9 × Σ sᵢ/cᵢ, and
    round_half_up(2500·N / (9·D)) = floor((5000·N + 9·D) / (18·D)) with D = Π cᵢ.
    """
    if len(sums) != len(ELEMENT_CODES) or len(counts) != len(ELEMENT_CODES):
        raise ValueError("exact_ikm needs the sums and counts of all nine elements")
    if 0 in counts:
        return None
    denominator = math.prod(counts)
    numerator = sum(s * (denominator // c) for s, c in zip(sums, counts, strict=True))
    cents = (5000 * numerator + 9 * denominator) // (18 * denominator)
    return Decimal(cents).scaleb(-2)


def grade_for(ikm_0_100: Decimal) -> Grade:
    """Grade a 25-100 value; it is rounded to 2 decimals first (idempotent for rounded input)."""
    rounded = round_half_up(ikm_0_100, 2)
    for lower_bound, grade in _GRADE_BOUNDS:
        if rounded >= lower_bound:
            return grade
    return GRADE_D


def _exact_weights(weights: Mapping[str, Fraction] | None) -> dict[str, Fraction]:
    if weights is None:
        return dict(EQUAL_WEIGHTS)
    _check_codes(weights)
    exact = {}
    for code in ELEMENT_CODES:
        weight = weights.get(code, 0)
        if isinstance(weight, float | bool):
            raise ValueError(f"{code}: weight must be exact (Fraction or Decimal), got {weight!r}")
        exact[code] = Fraction(weight)
        if exact[code] < 0:
            raise ValueError(f"{code}: weight must not be negative")
    if sum(exact.values()) != 1:
        raise ValueError(f"weights must sum to exactly 1, got {sum(exact.values())}")
    return exact


def _element_score(totals: ElementTotals) -> ElementScore:
    if totals.count == 0:
        return ElementScore(totals.code, 0, None, None, None, None)
    nrr = Fraction(totals.total, totals.count)
    score = round_half_up(25 * nrr, 2)
    return ElementScore(
        totals.code, totals.count, nrr, str(round_half_up(nrr, 4)), score, grade_for(score)
    )


def compute_ikm(
    totals: Mapping[str, ElementTotals],
    n: int,
    weights: Mapping[str, Fraction] | None = None,
    minimum_n: int = 0,
) -> IkmResult:
    """The IKM of n responses; `enough` is False when there are no responses at all."""
    _check_codes(totals)
    if n < 0:
        raise ValueError("n must be >= 0")
    exact_weights = _exact_weights(weights)
    elements, raw = [], []
    for code in ELEMENT_CODES:
        element = totals.get(code, ElementTotals(code, 0, 0))
        if element.code != code:
            raise ValueError(f"totals for {element.code} filed under {code}")
        if element.count > n:
            raise ValueError(f"{code}: {element.count} answers from {n} responses")
        raw.append(element)
        elements.append(_element_score(element))

    weighted = [(exact_weights[e.code], e.nrr) for e in elements if exact_weights[e.code]]
    known = [(w, nrr) for w, nrr in weighted if nrr is not None]
    ni = ikm = grade = None
    if n > 0 and len(known) == len(weighted):
        ni = sum((w * nrr for w, nrr in known), Fraction(0))
        if weights is None:
            ikm = exact_ikm([e.total for e in raw], [e.count for e in raw])
        else:
            ikm = round_half_up(25 * ni, 2)
        grade = None if ikm is None else grade_for(ikm)
    return IkmResult(n, tuple(elements), ni, ikm, grade, enough=n > 0 and n >= minimum_n)


def ikm_from_answers(
    answers: Iterable[Mapping[str, int | None]],
    weights: Mapping[str, Fraction] | None = None,
    minimum_n: int = 0,
) -> IkmResult:
    answers = list(answers)
    return compute_ikm(totals_from_answers(answers), len(answers), weights, minimum_n)


PRIORITY_LOWEST = 3


def priority_codes(result: IkmResult, lowest: int = PRIORITY_LOWEST) -> tuple[str, ...]:
    """Improvement priorities (the elements a follow-up plan starts from): the ``lowest``
    answered elements plus any graded C or D, weakest first; ties by code. The dashboard, the
    report, its PDF and the public page all ask this one function."""
    ascending = sorted(
        (e for e in result.elements if e.nrr is not None),
        key=lambda e: (e.nrr, e.code),
    )
    chosen = [
        e.code
        for index, e in enumerate(ascending)
        if index < lowest or (e.grade is not None and e.grade.letter in ("C", "D"))
    ]
    return tuple(chosen)


def krejcie_morgan(population: int) -> int:
    """Minimum sample size (Krejcie & Morgan 1970); tends to 384 for huge populations."""
    if population <= 0:
        return 0
    chi_square, p, d = Fraction("3.841"), Fraction(1, 2), Fraction(1, 20)
    variance = p * (1 - p)
    sample = chi_square * population * variance / (d**2 * (population - 1) + chi_square * variance)
    return int(round_half_up(sample, 0))


def sample_target(population: int, achieved: int) -> SampleTarget:
    if achieved < 0:
        raise ValueError("achieved must be >= 0")
    target = krejcie_morgan(population)
    return SampleTarget(population, target, achieved, met=achieved >= target)


def population_for(entries: Iterable[tuple[date, date, int]], start: date, end: date) -> int | None:
    """The population of service users behind a period's sample target, from the entries a
    unit recorded (first day, last day, population), in this order: an entry for exactly the
    period; else the entries lying inside it, summed, when none overlaps another (three months
    make a quarter); else the shortest entry covering the whole period; else None. Every page
    that shows a sample target asks this one rule."""
    entries = sorted(entries)
    for first, last, population in entries:
        if (first, last) == (start, end):
            return population
    inside = [(first, last, n) for first, last, n in entries if first >= start and last <= end]
    disjoint = all(a[1] < b[0] for a, b in itertools.pairwise(inside))
    if inside and disjoint:
        return sum(n for _, _, n in inside)
    covering = [(last - first, n) for first, last, n in entries if first <= start and last >= end]
    return min(covering)[1] if covering else None


def parse_weights(stored: Mapping[str, str] | None) -> dict[str, Fraction] | None:
    """Custom weights as stored ({"U1": "1/9", …} or decimal strings) to exact Fractions."""
    if not stored:
        return None
    weights = {code: Fraction(str(value)) for code, value in stored.items()}
    _exact_weights(weights)  # validates codes, signs and the sum
    return weights
