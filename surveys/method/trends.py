"""Scores over successive periods, and whether a change is more than noise.

Pure, standard library only. ``PeriodSums`` are the sufficient statistics of one unit in
one period as the rollups store them; ``ikm_change`` tests the difference of two IKMs with
a Welch (unequal variance) z-test built from sums and sums of squares of the complete
respondents' totals, so no response has to be read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from statistics import NormalDist

from surveys.method.scoring import (
    ELEMENT_CODES,
    ElementTotals,
    Grade,
    IkmResult,
    compute_ikm,
    grade_for,
)

_ZEROS = (0,) * 9
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Spread:
    """Respondents who answered all nine elements: count, Σ total and Σ total² (totals 9..36)."""

    n: int = 0
    total: int = 0
    squares: int = 0

    def __add__(self, other: Spread) -> Spread:
        return Spread(self.n + other.n, self.total + other.total, self.squares + other.squares)

    def ikm_standard_error(self) -> float | None:
        """Standard error of the IKM (25–100 scale) estimated from these respondents.

        With everyone answering everything IKM = 25 × mean(total) ÷ 9, so its standard error
        is 25/9 × sd(total)/√n; None below two respondents.
        """
        if self.n < 2:
            return None
        variance = (self.squares - self.total * self.total / self.n) / (self.n - 1)
        return 25 / 9 * math.sqrt(max(variance, 0.0) / self.n)


@dataclass(frozen=True)
class PeriodSums:
    """One group's element sums and counts in one period, with the spread of totals."""

    n: int = 0
    sums: tuple[int, ...] = _ZEROS
    counts: tuple[int, ...] = _ZEROS
    spread: Spread = field(default_factory=Spread)

    def __add__(self, other: PeriodSums) -> PeriodSums:
        return PeriodSums(
            self.n + other.n,
            tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
            tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            self.spread + other.spread,
        )

    def totals(self) -> dict[str, ElementTotals]:
        return {
            code: ElementTotals(code, total, count)
            for code, total, count in zip(ELEMENT_CODES, self.sums, self.counts, strict=True)
        }

    def result(
        self, minimum_n: int = 0, weights: Mapping[str, Fraction] | None = None
    ) -> IkmResult:
        """The full result with every element (for one unit's page)."""
        return compute_ikm(self.totals(), self.n, weights=weights, minimum_n=minimum_n)

    def ikm(self, weights: Mapping[str, Fraction] | None = None) -> Decimal | None:
        """The IKM (25–100, 2 decimals) exactly as ``compute_ikm`` gives it, but fast.

        Overviews compute hundreds of these per request; with equal weights it is integer
        arithmetic: 100 × IKM = 2500/9 × Σ sᵢ/cᵢ, rounded half-up.
        """
        if weights is not None:
            return self.result(weights=weights).ikm
        if self.n == 0 or 0 in self.counts:
            return None
        denominator = math.prod(self.counts)
        numerator = sum(s * (denominator // c) for s, c in zip(self.sums, self.counts, strict=True))
        # round_half_up(2500·N / (9·D)) = floor((5000·N + 9·D) / (18·D))
        cents = (5000 * numerator + 9 * denominator) // (18 * denominator)
        return Decimal(cents).scaleb(-2)

    def rough_ikm(self) -> float | None:
        """A float IKM for drawing (sparklines); never for display as a number."""
        if self.n == 0 or 0 in self.counts:
            return None
        return 25 / 9 * sum(s / c for s, c in zip(self.sums, self.counts, strict=True))


_ROW_KEYS = ("n", *(f"s{i}" for i in range(1, 10)), *(f"c{i}" for i in range(1, 10)))
_ROW_KEYS += ("complete_n", "complete_sum", "complete_squares")


def sums_from_row(row: Mapping[str, object]) -> PeriodSums:
    """A rollup row (``n``, ``s1``…``s9``, ``c1``…``c9``, ``complete_*``) as PeriodSums."""
    # Overviews convert a thousand of these per request: one pass, no helper calls.
    v = [int(row.get(key) or 0) for key in _ROW_KEYS]  # type: ignore[call-overload]
    return PeriodSums(v[0], tuple(v[1:10]), tuple(v[10:19]), Spread(v[19], v[20], v[21]))


@dataclass(frozen=True)
class Change:
    """The change of IKM from one period to the next, with its 95 % confidence interval."""

    difference: Decimal
    low: Decimal
    high: Decimal
    z: float
    distinguishable: bool

    @property
    def direction(self) -> str:
        return "up" if self.difference > 0 else "down" if self.difference < 0 else "same"


def ikm_change(
    current_ikm: Decimal | None,
    current: Spread,
    previous_ikm: Decimal | None,
    previous: Spread,
    confidence: float = 0.95,
) -> Change | None:
    """Is the IKM's change larger than what sampling alone would produce?

    Welch z-test: z = Δ ÷ √(se₁² + se₂²). The change is distinguishable from noise when the
    confidence interval of Δ excludes zero. None when either IKM is missing or either
    period has fewer than two complete respondents.
    """
    if current_ikm is None or previous_ikm is None:
        return None
    se_now, se_before = current.ikm_standard_error(), previous.ikm_standard_error()
    if se_now is None or se_before is None:
        return None
    difference = current_ikm - previous_ikm
    standard_error = math.hypot(se_now, se_before)
    critical = _critical_z(confidence)
    margin = Decimal(repr(critical * standard_error))
    if standard_error == 0:
        z = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    else:
        z = float(difference) / standard_error
    return Change(
        difference=difference,
        low=(difference - margin).quantize(_CENT, rounding=ROUND_HALF_UP),
        high=(difference + margin).quantize(_CENT, rounding=ROUND_HALF_UP),
        z=z,
        distinguishable=abs(z) > critical,
    )


@lru_cache(maxsize=8)
def _critical_z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def grade_of(ikm: Decimal | None) -> Grade | None:
    return None if ikm is None else _cached_grade(ikm)


# A rounded IKM has at most 7,501 values: grading each once saves exact-arithmetic work
# in overviews of hundreds of units.
_cached_grade = lru_cache(maxsize=8192)(grade_for)
