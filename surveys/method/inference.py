"""Sampling noise around a score: Welch's t test, t intervals and Benjamini–Hochberg.

Pure functions on sufficient statistics (a count, a sum and a sum of squares of respondent-level
scores), so nothing has to read responses. scipy and numpy are imported inside the functions
that need them: a worker that never draws a dashboard never loads them.

``welch`` accepts numbers or numpy arrays of them, so a simulation can check thousands of
pairs at once through exactly the code the dashboard uses.
"""

from __future__ import annotations

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
    import numpy as np
    from scipy import stats

    n1, n2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    s1, s2 = np.asarray(total1, dtype=float), np.asarray(total2, dtype=float)
    q1, q2 = np.asarray(squares1, dtype=float), np.asarray(squares2, dtype=float)
    if np.any(n1 < 2) or np.any(n2 < 2):
        raise ValueError("Welch's test needs at least two respondents in each group")
    var1 = np.maximum((q1 - s1 * s1 / n1) / (n1 - 1), 0.0)
    var2 = np.maximum((q2 - s2 * s2 / n2) / (n2 - 1), 0.0)
    a, b = var1 / n1, var2 / n2
    difference = s1 / n1 - s2 / n2
    se = np.sqrt(a + b)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(se > 0, (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1)), n1 + n2 - 2)
        t = np.where(se > 0, difference / se, np.where(difference == 0, 0.0, np.inf))
    t = np.where(np.isnan(t), 0.0, t)
    p = 2 * stats.t.sf(np.abs(t), df)
    margin = stats.t.ppf(0.5 + confidence / 2, df) * se
    return WelchResult(
        _plain(difference), _plain(se), _plain(df), _plain(t), _plain(p), _plain(margin)
    )


def two_sided_p(t: float, df: float) -> float:
    """The two-sided p-value of t on df degrees of freedom."""
    from scipy import stats

    return float(2 * stats.t.sf(abs(t), df))


def t_margin(moments: Moments, confidence: float = CONFIDENCE) -> float | None:
    """Half the width of the t interval of the mean (Student 1908); None below n = 2."""
    if moments.n < 2:
        return None
    from scipy import stats

    critical = float(stats.t.ppf(0.5 + confidence / 2, moments.n - 1))
    return critical * (moments.variance / moments.n) ** 0.5


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """q-values: the false discovery rate controlled over the family (Benjamini & Hochberg
    1995). An empty family gives an empty list."""
    if not p_values:
        return []
    from scipy import stats

    return [float(q) for q in stats.false_discovery_control(p_values, method="bh")]


def _plain(value: Any) -> Any:
    """A 0-d array as a float, arrays as they are."""
    return float(value) if getattr(value, "ndim", 1) == 0 else value
