"""Scores over successive periods, and whether a change is more than noise.

Pure; the tests load scipy on first use (see ``surveys.method.inference``). ``PeriodSums``
are the sufficient statistics of one unit in one period as the rollups store them.
``ikm_change`` tests the difference of two IKMs with Welch's (unequal variance) t test built
from sums and sums of squares of the complete respondents' totals, so no response has to be
read; ``element_changes`` tests the nine elements together (Benjamini–Hochberg);
``ikm_interval`` is the IKM's t interval.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from surveys.method.inference import (
    ALPHA,
    CONFIDENCE,
    Moments,
    benjamini_hochberg,
    t_margin,
    two_sided_p,
    welch,
)
from surveys.method.scoring import (
    ELEMENT_CODES,
    ElementTotals,
    Grade,
    IkmResult,
    compute_ikm,
    exact_ikm,
    grade_for,
    round_half_up,
)

_ZEROS = (0,) * 9
_CENT = Decimal("0.01")
_FLOOR, _CEILING = Decimal("25.00"), Decimal("100.00")
# A complete respondent's total is 9..36 and the IKM 25/9 × the mean total.
_SCALE = 25 / 9


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

        Overviews compute hundreds of these per request: with equal weights it is
        ``exact_ikm``'s integer arithmetic.
        """
        if weights is not None:
            return self.result(weights=weights).ikm
        if self.n == 0:
            return None
        return exact_ikm(self.sums, self.counts)

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
    """The change of a score from one period to the next (on the 25–100 scale), with its 95 %
    confidence interval and Welch's t test. ``judged`` is False when either period has fewer
    respondents than the minimum: then no verdict is given and no interval is shown."""

    difference: Decimal
    low: Decimal | None
    high: Decimal | None
    t: float
    p: float
    judged: bool
    distinguishable: bool
    n: int  # respondents in the test, this period
    previous_n: int  # and the period before

    @property
    def direction(self) -> str:
        return "up" if self.difference > 0 else "down" if self.difference < 0 else "same"


def ikm_change(
    current_ikm: Decimal | None,
    current: Spread,
    previous_ikm: Decimal | None,
    previous: Spread,
    minimum_n: int = 0,
    confidence: float = CONFIDENCE,
) -> Change | None:
    """Is the IKM's change larger than what sampling alone would produce?

    Welch's t test on the complete respondents' totals (IKM = 25/9 × mean total), with the t
    distribution. None when either IKM is missing or either period has fewer than two complete
    respondents; no verdict (``judged`` False) when either has fewer than ``minimum_n``.
    """
    if current_ikm is None or previous_ikm is None or current.n < 2 or previous.n < 2:
        return None
    test = welch(
        current.n,
        current.total,
        current.squares,
        previous.n,
        previous.total,
        previous.squares,
        confidence,
    )
    # The IKM's own difference (it counts incomplete respondents too) over the totals' error.
    difference = current_ikm - previous_ikm
    standard_error = _SCALE * test.standard_error
    if standard_error > 0:
        t = float(difference) / standard_error
    else:
        t = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    p = two_sided_p(t, test.df)
    judged = min(current.n, previous.n) >= minimum_n
    margin = Decimal(repr(_SCALE * test.margin)) if judged else None
    return Change(
        difference=difference,
        low=None if margin is None else (difference - margin).quantize(_CENT, ROUND_HALF_UP),
        high=None if margin is None else (difference + margin).quantize(_CENT, ROUND_HALF_UP),
        t=t,
        p=p,
        judged=judged,
        distinguishable=judged and p < 1 - confidence,
        n=current.n,
        previous_n=previous.n,
    )


@dataclass(frozen=True)
class ElementChange:
    """One element's change of score (NRR × 25) between two periods; ``q`` is its p-value
    after Benjamini–Hochberg over the elements judged together."""

    code: str
    difference: Decimal
    p: float | None
    q: float | None
    judged: bool
    distinguishable: bool

    @property
    def direction(self) -> str:
        return "up" if self.difference > 0 else "down" if self.difference < 0 else "same"


def element_changes(
    current: Mapping[str, Moments],
    previous: Mapping[str, Moments],
    minimum_n: int = 0,
    alpha: float = ALPHA,
) -> dict[str, ElementChange]:
    """Each element's change, tested with Welch's t on its answers; the elements with at least
    ``minimum_n`` answers in both periods are one family for Benjamini–Hochberg. Elements
    without an answer in either period are left out."""
    found: dict[str, tuple[Decimal, float | None]] = {}
    for code in ELEMENT_CODES:
        now, before = current.get(code, Moments()), previous.get(code, Moments())
        if now.n == 0 or before.n == 0:
            continue
        difference = round_half_up(
            25 * (Fraction(int(now.total), now.n) - Fraction(int(before.total), before.n)), 2
        )
        judged = min(now.n, before.n) >= max(minimum_n, 2)
        p = None
        if judged:
            p = welch(now.n, now.total, now.squares, before.n, before.total, before.squares).p
        found[code] = (difference, p)
    tested = [code for code, (_, p) in found.items() if p is not None]
    q_values = dict(zip(tested, benjamini_hochberg([found[c][1] for c in tested]), strict=True))  # type: ignore[misc]
    return {
        code: ElementChange(
            code,
            difference,
            p,
            q_values.get(code),
            judged=p is not None,
            distinguishable=code in q_values and q_values[code] < alpha,
        )
        for code, (difference, p) in found.items()
    }


@dataclass(frozen=True)
class Interval:
    """A score's confidence interval, with the respondents it rests on."""

    low: Decimal
    high: Decimal
    n: int


def ikm_interval(
    ikm: Decimal | None, spread: Spread, confidence: float = CONFIDENCE
) -> Interval | None:
    """The IKM's t interval from the complete respondents' totals: IKM ± t × 25/9 × sd/√n,
    kept within 25–100. None without an IKM or below two complete respondents."""
    if ikm is None:
        return None
    margin = t_margin(Moments(spread.n, spread.total, spread.squares), confidence)
    if margin is None:
        return None
    half = Decimal(repr(_SCALE * margin))
    return Interval(
        low=max((ikm - half).quantize(_CENT, ROUND_HALF_UP), _FLOOR),
        high=min((ikm + half).quantize(_CENT, ROUND_HALF_UP), _CEILING),
        n=spread.n,
    )


def grade_of(ikm: Decimal | None) -> Grade | None:
    return None if ikm is None else _cached_grade(ikm)


# A rounded IKM has at most 7,501 values: grading each once saves exact-arithmetic work
# in overviews of hundreds of units.
_cached_grade = lru_cache(maxsize=8192)(grade_for)
