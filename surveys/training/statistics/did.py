"""Did officers trained between two windows improve more than untrained colleagues in their unit?

Difference in differences over officers: each officer's change (mean after - mean before); in
each unit, the trained officers' mean change minus the untrained officers' mean change; the units
combined with weights n_trained * n_untrained / n_unit (what a regression with unit fixed effects
weights them by). Comparing within units removes whatever moved a whole unit between the windows
(a new queue system, a season). Only units with both trained and untrained officers take part.

Inference: shuffle the trained label among the officers of each unit (permutation p-value) and
resample officers within unit x trained cells (percentile interval).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from surveys.training.statistics.model import (
    DID_TRAINING,
    MIN_OFFICERS_PER_GROUP,
    MIN_OFFICERS_TOTAL,
    NOTE_NO_COMPARABLE_UNITS,
    NOTE_NO_OUTCOME_VARIATION,
    NOTE_OK,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_TOO_FEW_OFFICERS,
    NOTE_UNSTABLE_INTERVAL,
    TestResult,
)
from surveys.training.statistics.resampling import (
    FloatArray,
    IndexArray,
    Resampler,
    by_row_blocks,
    percentile_interval,
    permutation_p_value,
)


def comparable(units: NDArray[np.int64], trained: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Officers whose unit has at least one trained and one untrained officer."""
    if len(units) == 0:
        return np.zeros(0, dtype=bool)
    unit_codes = np.unique(units, return_inverse=True)[1].reshape(-1)
    n_trained = np.bincount(unit_codes, weights=trained.astype(np.float64))
    n_all = np.bincount(unit_codes)
    return ((n_trained > 0) & (n_trained < n_all))[unit_codes]


def did_training(
    outcome: str,
    units: NDArray[np.int64],
    trained: NDArray[np.bool_],
    changes: FloatArray,
    *,
    resampler: Resampler,
    alpha: float,
) -> TestResult:
    """The caller passes only officers with a change; officers of units without a comparison
    group are dropped here (see comparable)."""
    if len(changes) == 0:
        return TestResult.not_run(outcome, DID_TRAINING, 0, NOTE_TOO_FEW_OFFICERS, (0, 0))
    keep = comparable(units, trained)
    units, trained, changes = units[keep], trained[keep], changes[keep]
    n = len(changes)
    n_trained = int(trained.sum())
    groups = (n_trained, n - n_trained)
    if n == 0:
        return TestResult.not_run(outcome, DID_TRAINING, 0, NOTE_NO_COMPARABLE_UNITS, groups)
    if n < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(outcome, DID_TRAINING, n, NOTE_TOO_FEW_OFFICERS, groups)
    if min(groups) < MIN_OFFICERS_PER_GROUP:
        return TestResult.not_run(outcome, DID_TRAINING, n, NOTE_TOO_FEW_IN_GROUP, groups)
    if np.ptp(changes) == 0:
        return TestResult.not_run(outcome, DID_TRAINING, n, NOTE_NO_OUTCOME_VARIATION, groups)

    # Sort by unit, untrained before trained: every unit is two consecutive cells.
    order = np.lexsort((trained, units))
    units, trained, changes = units[order], trained[order], changes[order]
    boundaries = np.flatnonzero((np.diff(units) != 0) | (np.diff(trained.astype(np.int8)) != 0))
    cell_starts = np.concatenate(([0], boundaries + 1))
    cell_sizes = np.diff(np.concatenate((cell_starts, [n])))
    untrained_sizes, trained_sizes = cell_sizes[0::2], cell_sizes[1::2]
    unit_sizes = untrained_sizes + trained_sizes
    weights = untrained_sizes * trained_sizes / unit_sizes
    weights = weights / weights.sum()

    def estimate(arranged: FloatArray) -> FloatArray:
        """The weighted within-unit difference for each row of changes in this cell layout."""
        means = np.add.reduceat(arranged, cell_starts, axis=1) / cell_sizes
        return np.einsum("ij,j->i", means[:, 1::2] - means[:, 0::2], weights)

    observed = float(estimate(changes[None, :])[0])

    def rearranged(rows: IndexArray) -> FloatArray:
        return estimate(changes[rows])

    null = by_row_blocks(rearranged, resampler.permutations(*unit_sizes.tolist()))
    p_value = permutation_p_value(observed, null)
    boot = by_row_blocks(rearranged, resampler.bootstrap(*cell_sizes.tolist()))
    interval = percentile_interval(boot, alpha)

    # Cohen's d: the difference over the spread of changes within unit x trained cells.
    cell_means = np.add.reduceat(changes, cell_starts) / cell_sizes
    residuals = changes - np.repeat(cell_means, cell_sizes)
    freedom = n - len(cell_sizes)
    spread = float(np.sqrt(residuals @ residuals / freedom)) if freedom > 0 else 0.0
    standardized = observed / spread if spread > 0 else None

    low, high = interval if interval is not None else (None, None)
    note = NOTE_OK if interval is not None else NOTE_UNSTABLE_INTERVAL
    return TestResult(
        outcome, DID_TRAINING, observed, low, high, p_value, None, n, note, standardized, groups
    )
