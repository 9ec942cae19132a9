"""Sampling noise around a score: Welch's t test, t intervals and Benjamini–Hochberg.

Pure functions on sufficient statistics (a count, a sum and a sum of squares of respondent-level
scores), so nothing has to read responses. scipy and numpy are imported inside the functions
that need them: a worker that never draws a dashboard never loads them.

``welch`` accepts numbers or numpy arrays of them, so a simulation can check thousands of
pairs at once through exactly the code the dashboard uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

CONFIDENCE = 0.95
ALPHA = 0.05


@dataclass(frozen=True)
class Moments:
    """Respondent-level scores of one group: how many, their sum and their sum of squares."""

    n: int = 0
    total: float = 0
    squares: float = 0

    @property
    def mean(self) -> float:
        return self.total / self.n

    @property
    def variance(self) -> float:
        """The sample variance (n − 1 in the denominator); needs n ≥ 2."""
        return max((self.squares - self.total * self.total / self.n) / (self.n - 1), 0.0)


@dataclass(frozen=True)
class WelchResult:
    difference: Any  # mean of the first group minus mean of the second
    standard_error: Any
    df: Any
    t: Any
    p: Any
    margin: Any  # half the width of the confidence interval of the difference


def welch(
    n1: Any,
    total1: Any,
    squares1: Any,
    n2: Any,
    total2: Any,
    squares2: Any,
    confidence: float = CONFIDENCE,
) -> WelchResult:
    """Welch's unequal-variance t test of mean₁ − mean₂, with the t distribution's
    Welch–Satterthwaite degrees of freedom (Welch 1947). Every argument may be a numpy array;
    each group needs n ≥ 2. Two groups without any spread give p = 1 when their means are equal
    and p = 0 when they differ."""
    given = (n1, total1, squares1, n2, total2, squares2)
    if all(isinstance(v, int | float) for v in given):
        # Plain numbers: the same arithmetic in floats, without numpy's per-operation cost
        # (an overview runs this for hundreds of units).
        return _welch_one(
            float(n1),
            float(total1),
            float(squares1),
            float(n2),
            float(total2),
            float(squares2),
            confidence,
        )
    import numpy as np
    from scipy import special

    n1, s1, q1, n2, s2, q2 = (np.asarray(v, dtype=float) for v in given)
    if np.any(n1 < 2) or np.any(n2 < 2):
        raise ValueError("Welch's test needs at least two respondents in each group")
    a = np.maximum((q1 - s1 * s1 / n1) / (n1 - 1), 0.0) / n1
    b = np.maximum((q2 - s2 * s2 / n2) / (n2 - 1), 0.0) / n2
    difference = s1 / n1 - s2 / n2
    se = np.sqrt(a + b)
    spread = np.where(se > 0, a * a / (n1 - 1) + b * b / (n2 - 1), 1.0)
    df = np.where(se > 0, (a + b) ** 2 / spread, n1 + n2 - 2)
    t = np.where(se > 0, difference / np.where(se > 0, se, 1.0), 0.0)
    t = np.where((se == 0) & (difference != 0), np.copysign(np.inf, difference), t)
    # scipy.special's Student t: the numbers of scipy.stats.t without its per-call overhead.
    p = 2 * special.stdtr(df, -np.abs(t))
    margin = special.stdtrit(df, 0.5 + confidence / 2) * se
    return WelchResult(difference, se, df, t, p, margin)


def _welch_one(
    n1: float, s1: float, q1: float, n2: float, s2: float, q2: float, confidence: float
) -> WelchResult:
    from scipy import special

    if n1 < 2 or n2 < 2:
        raise ValueError("Welch's test needs at least two respondents in each group")
    a = max((q1 - s1 * s1 / n1) / (n1 - 1), 0.0) / n1
    b = max((q2 - s2 * s2 / n2) / (n2 - 1), 0.0) / n2
    difference = s1 / n1 - s2 / n2
    se = math.sqrt(a + b)
    if se > 0:
        df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
        t = difference / se
    else:
        df = n1 + n2 - 2
        t = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    p = float(2 * special.stdtr(df, -abs(t)))
    margin = float(special.stdtrit(df, 0.5 + confidence / 2)) * se
    return WelchResult(difference, se, df, t, p, margin)


def two_sided_p(t: float, df: float) -> float:
    """The two-sided p-value of t on df degrees of freedom."""
    from scipy import special

    return float(2 * special.stdtr(df, -abs(t)))


def t_margin(moments: Moments, confidence: float = CONFIDENCE) -> float | None:
    """Half the width of the t interval of the mean (Student 1908); None below n = 2."""
    if moments.n < 2:
        return None
    from scipy import special

    critical = float(special.stdtrit(moments.n - 1, 0.5 + confidence / 2))
    return critical * (moments.variance / moments.n) ** 0.5


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """q-values: the false discovery rate controlled over the family (Benjamini & Hochberg
    1995). An empty family gives an empty list."""
    if not p_values:
        return []
    from scipy import stats

    return [float(q) for q in stats.false_discovery_control(p_values, method="bh")]
