"""Is a group's score on an element lower than its reference by more than chance? Pure.

Citizens' feedback becomes evidence of a development need only when the statistics support it.
Three comparisons, all over the same months, each one-sided (only a score *below* its reference
is a need), the nine elements of a group tested together (Bonferroni), and none made below the
minimum sample Suara uses for any score:

- An officer against the rest of their unit (``weak_elements``): the officer's answers against
  their colleagues'. The rollups keep each element's sum and count but no sum of squares, so
  the variance of an element's answers (1-4) is bounded instead of estimated: for any answers
  on [1, 4] with mean m, Var ≤ (m − 1)(4 − m) (Bhatia-Davis). The bound is several times the
  variance real answers show, which also absorbs the clustering of answers within months.
- A service point against the unit's other points (``weak_points``): the same
  bounded test on the points' answers, and a difference counts only from
  ``MIN_UNIT_DIFFERENCE`` points on: in a busy unit the test is sharp enough to read which
  months a counter was open, or which officers the roster sent there, as a weaker counter.
- A unit against the other units (``unit_weak_elements``): officers are the unit of analysis
  (answers are nested in officers). Each officer's element score is taken relative to their
  own mean over the elements (U4 aside: what citizens pay is the unit's tariff, not its
  officers' doing), so a unit whose citizens rate everything lower (a hospital's
  anxious patients) is not read as a competency gap; the unit's officers are compared with
  the other units' officers by Welch's t-test, and a difference counts only from
  ``MIN_UNIT_DIFFERENCE`` points on.

tests/unit/test_competency_evidence_calibration.py checks both by simulation: with units,
officers and months that differ but no element-specific gap, few groups are flagged; a real
gap is found.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

LOW, HIGH = 1, 4
# Below this many officers on either side a unit comparison is not made (as in the training
# analysis: fewer officers than this make a t-test noise).
MIN_OFFICERS = 5
# A unit's relative score this much below the other units' at least, in points of the 1-4
# scale, before it counts: near the ceiling of the scale, a unit whose citizens rate everything
# higher shows smaller spreads between elements, which a test alone would read as gaps.
MIN_UNIT_DIFFERENCE = Decimal("0.20")
ELEMENTS_TESTED = 9
ELEMENT_CODES = tuple(f"U{i}" for i in range(1, ELEMENTS_TESTED + 1))
# Elements a unit is not compared with other units on: what citizens pay (U4) is set by the
# unit's tariffs (a hospital charges by regulation, a civil registry is free by law), not by
# its officers. Within a unit (an officer against colleagues, a counter against the others)
# the tariffs are the same, and U4 is compared there.
NOT_ACROSS_UNITS = frozenset({"U4"})
ALPHA = 0.05
_CRITICAL = NormalDist().inv_cdf(1 - ALPHA / ELEMENTS_TESTED)
_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Comparison:
    """One element of a group against its reference."""

    element: str
    mean: Decimal
    n: int
    reference_mean: Decimal
    reference_n: int
    z: float
    below: bool  # lower than the reference beyond chance

    @property
    def difference(self) -> Decimal:
        return self.mean - self.reference_mean


def _variance_bound(mean: float) -> float:
    return max((mean - LOW) * (HIGH - mean), 0.0)


def compare_element(
    element: str,
    total: int,
    n: int,
    reference_total: int,
    reference_n: int,
    minimum: int,
) -> Comparison | None:
    """The group's mean against the reference's; None below the minimum sample on either side.

    ``total`` and ``n`` are the sum of the answers and their count (the rollups' s_i and c_i).
    """
    n, reference_n = int(n), int(reference_n)
    if n < minimum or reference_n < minimum or n <= 0 or reference_n <= 0:
        return None
    mean, reference = float(total) / n, float(reference_total) / reference_n
    error = math.sqrt(_variance_bound(mean) / n + _variance_bound(reference) / reference_n)
    if error == 0:
        z = 0.0 if mean == reference else math.copysign(math.inf, reference - mean)
    else:
        z = (reference - mean) / error
    return Comparison(
        element=element,
        mean=Decimal(repr(mean)).quantize(_PLACES, ROUND_HALF_UP),
        n=n,
        reference_mean=Decimal(repr(reference)).quantize(_PLACES, ROUND_HALF_UP),
        reference_n=reference_n,
        z=z,
        below=z > _CRITICAL,
    )


def weak_elements(
    sums: dict[str, tuple[int, int]],
    reference: dict[str, tuple[int, int]],
    minimum: int,
    min_difference: Decimal = Decimal(0),
) -> list[Comparison]:
    """The elements (code -> (total, count)) lower than the reference beyond chance, and by
    at least ``min_difference`` points, weakest first (largest z)."""
    found = []
    for element, (total, n) in sums.items():
        ref_total, ref_n = reference.get(element, (0, 0))
        comparison = compare_element(element, total, n, ref_total, ref_n, minimum)
        if (
            comparison is not None
            and comparison.below
            and _material(float(total) / int(n), float(ref_total) / int(ref_n), min_difference)
        ):
            found.append(comparison)
    return sorted(found, key=lambda c: -c.z)


@dataclass(frozen=True)
class UnitComparison:
    """One element of a unit against the other units, on officers' relative scores."""

    element: str
    relative: Decimal  # the unit's officers' mean of (element − own mean), in points
    reference_relative: Decimal
    officers: int
    reference_officers: int
    p_value: float
    below: bool


Sums = dict[str, tuple[int, int]]  # element code -> (sum of answers, number of answers)


def _relative_scores(officer: Sums, minimum: int) -> dict[str, float] | None:
    """Element mean − the officer's mean over the elements, when every element reaches the
    minimum number of answers; None otherwise."""
    means = {}
    for element, (total, n) in officer.items():
        if int(n) < minimum:
            return None
        means[element] = float(total) / int(n)
    if not means:
        return None
    overall = sum(means.values()) / len(means)
    return {element: mean - overall for element, mean in means.items()}


def unit_weak_elements(
    unit_officers: list[Sums], other_officers: list[Sums], minimum: int
) -> list[UnitComparison]:
    """The elements a unit's officers score lower on, relative to their own level, than the
    officers of other units, beyond chance; weakest first. Officers with fewer than
    ``minimum`` answers on an element are left out; fewer than ``MIN_OFFICERS`` on either side:
    no comparison. U4 (``NOT_ACROSS_UNITS``) is neither compared nor part of the own level."""
    from scipy.stats import ttest_ind

    own = [r for r in (_relative_scores(_kept(o), minimum) for o in unit_officers) if r]
    others = [r for r in (_relative_scores(_kept(o), minimum) for o in other_officers) if r]
    if len(own) < MIN_OFFICERS or len(others) < MIN_OFFICERS:
        return []
    found = []
    for element in own[0]:
        a = [r[element] for r in own]
        b = [r[element] for r in others if element in r]
        if _spread(a) == 0 and _spread(b) == 0:
            continue  # identical relative scores: nothing a test could say
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # nearly identical values
            result = ttest_ind(a, b, equal_var=False, alternative="less")
        p_value = float(result.pvalue)
        if math.isnan(p_value):
            continue
        found.append(
            UnitComparison(
                element=element,
                relative=Decimal(repr(sum(a) / len(a))).quantize(_PLACES, ROUND_HALF_UP),
                reference_relative=Decimal(repr(sum(b) / len(b))).quantize(_PLACES, ROUND_HALF_UP),
                officers=len(a),
                reference_officers=len(b),
                p_value=p_value,
                below=p_value < ALPHA / ELEMENTS_TESTED
                and _material(sum(a) / len(a), sum(b) / len(b)),
            )
        )
    return sorted((c for c in found if c.below), key=lambda c: c.p_value)


def _kept(officer: Sums) -> Sums:
    return {code: sums for code, sums in officer.items() if code not in NOT_ACROSS_UNITS}


def _spread(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


def _material(relative: float, reference: float, minimum: Decimal = MIN_UNIT_DIFFERENCE) -> bool:
    return Decimal(repr(reference - relative)) >= minimum


def clears(sums: Sums, reference: Sums, counter: Comparison, minimum: int) -> bool:
    """Whether an officer's own answers (from the minimum sample) show that a weak counter they
    staff is not their weakness: on the counter's element they are at least their colleagues'
    level, or above the counter's own mean (others at the counter pull it down)."""
    total, n = sums.get(counter.element, (0, 0))
    ref_total, ref_n = reference.get(counter.element, (0, 0))
    if int(n) < minimum:
        return False
    own = float(total) / int(n)
    if own >= float(counter.mean):
        return True
    return int(ref_n) >= minimum and own >= float(ref_total) / int(ref_n)


def weak_points(
    staffed: set[int], points: Mapping[int, tuple[str, Sums]], minimum: int
) -> list[tuple[str, Comparison]]:
    """(point name, comparison) for the elements where a point the officer staffs scores below
    the unit's other points beyond chance and by at least ``MIN_UNIT_DIFFERENCE`` points
    (tests/unit/test_competency_counter_calibration.py)."""
    found = []
    for point in sorted(staffed):
        if point not in points:
            continue
        name, own = points[point]
        others = [sums for other, (_name, sums) in points.items() if other != point]
        reference = {
            code: (sum(s[code][0] for s in others), sum(s[code][1] for s in others))
            for code in ELEMENT_CODES
        }
        weak = weak_elements(own, reference, minimum, MIN_UNIT_DIFFERENCE)
        found += [(name, c) for c in weak]
    return found
