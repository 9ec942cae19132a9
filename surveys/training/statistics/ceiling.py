"""How much power could any test of the 20 JP comparison have? The ceiling, by simulation.

The calibration (calibration.py) measures the tests the analysis runs. This module measures,
on the same simulated data sets, three tests of the same question (officers with >= 20 JP
against the others, on U6) that the analysis does not run, to tell a weak test from a design
that holds too little information:

- oracle: knows every unit's true level (which no real analysis does), subtracts from each
  officer's mean U6 what an average officer scores at that level, and compares the two groups
  over all officers with a t test: no unit spends any degrees of freedom, units with officers on
  one side of 20 JP only count too.
- within units (t): officers' mean U6 regressed on the >= 20 JP indicator with a fixed effect per
  unit (ordinary least squares, t test): the parametric twin of van Elteren's test.
- within units (weighted): the same, each officer weighted by 1/(tau^2 + sigma^2/n), tau^2 (the
  officers' spread) by moments from the residuals, sigma^2 (one answer's spread) from the spread
  of each officer's monthly means; t test with the residual scale never taken below 1.

Power above the oracle's would be a false-positive machine; the oracle below a goal says that
the goal cannot be reached at this design, whatever the test.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from surveys.training.statistics.calibration import ALPHA, Scenario
from surveys.training.statistics.model import JP_THRESHOLD, OfficerOutcomes
from surveys.training.statistics.simulation import (
    _BASE,
    _CUTS,
    _HALO_SD,
    _NOISE_SD,
    _OFFICER_SD,
    PERIOD_MONTHS,
    simulate,
)

CEILING_TESTS = ("oracle", "within_units_t", "within_units_weighted")


def expected_u6(level: np.ndarray) -> np.ndarray:
    """The mean U6 answer of an average officer (no gain) in a unit at this latent level."""
    spread = math.sqrt(_OFFICER_SD**2 + _HALO_SD**2 + _NOISE_SD**2)
    return 1 + stats.norm.sf((_CUTS[None, :] - _BASE - level[:, None]) / spread).sum(axis=1)


def answer_variance(officers: list[OfficerOutcomes]) -> float:
    """One U6 answer's spread around its officer's mean, pooled from the officers' monthly means
    (between-month spread within officers, weighted by responses)."""
    squares, freedom = 0.0, 0
    for officer in officers:
        cells = [sums for month, sums in officer.monthly.items() if month in PERIOD_MONTHS]
        values = np.array([c[0] for c in cells], dtype=np.float64)
        counts = np.array([c[1] for c in cells], dtype=np.float64)
        if len(counts) > 1:
            mean = values.sum() / counts.sum()
            squares += float((counts * (values / counts - mean) ** 2).sum())
            freedom += len(counts) - 1
    return squares / freedom if freedom else float("nan")


def _t_significant(estimate: float, error: float, freedom: int, alpha: float) -> bool:
    return freedom > 0 and error > 0 and abs(estimate / error) > stats.t.ppf(1 - alpha / 2, freedom)


def ceiling_tests(
    officers: list[OfficerOutcomes], unit_level: np.ndarray, min_responses: int = 20
) -> dict[str, bool]:
    """Which of CEILING_TESTS find the 20 JP difference at ALPHA in one data set."""
    used = [i for i, o in enumerate(officers) if o.responses >= min_responses and o.mean_u6]
    y = np.array([officers[i].mean_u6 for i in used], dtype=np.float64)
    n = np.array([officers[i].responses for i in used], dtype=np.float64)
    high = np.array([officers[i].jp_12m >= JP_THRESHOLD for i in used], dtype=np.float64)
    units = np.unique([officers[i].unit_id for i in used], return_inverse=True)[1].reshape(-1)
    found = {}

    residual = y - expected_u6(unit_level[used])
    design = np.column_stack([np.ones(len(y)), high])
    found["oracle"] = _least_squares(design, residual, np.ones(len(y)))

    # Within units: only units with officers on both sides of 20 JP carry information.
    highs = np.bincount(units, weights=high)
    both = ((highs > 0) & (highs < np.bincount(units)))[units]
    y, n, high, units = y[both], n[both], high[both], units[both]
    design = np.column_stack([high, np.eye(units.max() + 1)[units]])[
        :, np.r_[0, 1 + np.unique(units)]
    ]
    found["within_units_t"] = _least_squares(design, y, np.ones(len(y)), column=0)

    sigma2 = answer_variance([officers[i] for i in np.array(used)[both]])
    fit = np.linalg.lstsq(design, y, rcond=None)[0]
    hat = np.einsum("ij,jk,ik->i", design, np.linalg.pinv(design.T @ design), design)
    tau2 = max(
        0.0, float(((y - design @ fit) ** 2 - (1 - hat) * sigma2 / n).sum() / (1 - hat).sum())
    )
    found["within_units_weighted"] = _least_squares(
        design, y, 1 / (tau2 + sigma2 / n), column=0, scale_floor=1.0
    )
    return found


def _least_squares(
    design: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    column: int = 1,
    scale_floor: float = 0.0,
) -> bool:
    weighted = design.T * weights
    covariance = np.linalg.pinv(weighted @ design)
    fit = covariance @ weighted @ y
    freedom = len(y) - np.linalg.matrix_rank(design)
    if freedom <= 0:
        return False
    scale = float((weights * (y - design @ fit) ** 2).sum() / freedom)
    error = math.sqrt(max(scale, scale_floor) * covariance[column, column])
    return _t_significant(float(fit[column]), error, freedom, ALPHA)


def ceiling(scenario: Scenario, data_sets: int, seed: int = 0) -> dict[str, float]:
    """Share of data sets in which each of CEILING_TESTS finds the difference at ALPHA."""
    hits = dict.fromkeys(CEILING_TESTS, 0)
    for i in range(data_sets):
        simulated = simulate(
            scenario.officers,
            seed=seed + i,
            mean_responses=scenario.mean_responses,
            **scenario.settings,
        )
        assert simulated.unit_level is not None
        for test, significant in ceiling_tests(simulated.officers, simulated.unit_level).items():
            hits[test] += significant
    return {test: count / data_sets for test, count in hits.items()}
