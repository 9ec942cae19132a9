"""Does an officer's training volume (JP) go with their outcome, among colleagues of one unit?

Two rank-based views, both stratified by unit: officers are ranked only among the officers of
their own unit, and the units' comparisons are combined.

- Spearman within units: the correlation of within-unit JP ranks with within-unit outcome
  ranks, each centred on its unit's middle rank, pooled over the units (a unit whose officers all
  have the same JP adds nothing).
- >= 20 JP against < 20 JP within units: van Elteren's stratified Wilcoxon test, reported as the
  units' rank-biserial correlations averaged with van Elteren's weights n_high * n_low / (n + 1)
  (an affine function of van Elteren's statistic, so the same test). Only units with officers on
  both sides of 20 JP take part.

A unit whose officers are both better trained and better rated (or worse) than another's then no
longer counts as evidence: that is the confounding between units that a pooled ranking mistakes
for an effect of training. p-values come from permutations of the outcome among officers of the
same unit; intervals from resampling officers within their unit (and, for the two groups, within
their group), re-ranking every draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from surveys.training.statistics.model import (
    JP_THRESHOLD,
    MANNWHITNEY_20JP,
    MIN_OFFICERS_PER_GROUP,
    MIN_OFFICERS_TOTAL,
    NOTE_NO_COMPARABLE_UNITS,
    NOTE_NO_JP_VARIATION,
    NOTE_NO_OUTCOME_VARIATION,
    NOTE_OK,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_TOO_FEW_OFFICERS,
    NOTE_UNSTABLE_INTERVAL,
    POWER_TARGET,
    SPEARMAN_JP,
    TestResult,
)
from surveys.training.statistics.resampling import (
    FloatArray,
    IndexArray,
    IntArray,
    Resampler,
    by_row_blocks,
    dense_codes,
    minimum_detectable,
    percentile_interval,
    permutation_p_value,
    resampled_ranks,
    rowwise_pearson,
)


@dataclass(frozen=True)
class _UnitRanks:
    """Values ranked within their unit, for officers sorted so each unit is one run of positions.

    The distinct (unit, value) pairs are coded in order, so ranking a whole row of draws ranks
    each unit's officers after all officers of earlier units: subtracting the unit's first
    position leaves the rank within the unit. Resampling keeps each unit's size, so this holds
    for every draw.
    """

    codes: IntArray
    n_distinct: int
    unit_start: FloatArray  # per position: the first position of its unit

    @classmethod
    def of(cls, unit_codes: IntArray, values: FloatArray, unit_start: FloatArray) -> _UnitRanks:
        value_codes, n_values = dense_codes(values)
        codes, n_distinct = dense_codes((unit_codes * n_values + value_codes).astype(np.float64))
        return cls(codes, n_distinct, unit_start)

    def ranks(self, rows: IndexArray) -> FloatArray:
        """1-based mid-ranks within the unit, for each row of positions."""
        return resampled_ranks(self.codes, self.n_distinct, rows) - self.unit_start

    def observed(self) -> FloatArray:
        return self.ranks(np.arange(len(self.codes), dtype=np.intp)[None, :])[0]


def _runs(sorted_codes: IntArray) -> tuple[IntArray, IntArray]:
    """Starts and sizes of the runs of equal codes."""
    n = len(sorted_codes)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(sorted_codes)) + 1)).astype(np.intp)
    sizes = np.diff(np.concatenate((starts, [n]))).astype(np.intp)
    return starts, sizes


def _unit_codes(units: np.ndarray) -> IntArray:
    return np.unique(units, return_inverse=True)[1].astype(np.intp).reshape(-1)


def _units_where(units: IntArray, condition: np.ndarray) -> np.ndarray:
    """Officers whose unit satisfies ``condition`` (one boolean per unit code)."""
    return condition[units] if len(units) else np.zeros(0, dtype=bool)


def _finish(
    outcome: str,
    test: str,
    estimate: float,
    p_value: float,
    interval: tuple[float, float] | None,
    n: int,
    units: int,
    null: FloatArray,
    alpha: float,
    groups: tuple[int, int] | None = None,
) -> TestResult:
    """The row of a rank test. Its minimum detectable effect takes the statistic's standard
    error from the spread of the permutation draws: its exact spread when there is no effect,
    and close to it for the effects near the detection limit."""
    low, high = interval if interval is not None else (None, None)
    note = NOTE_OK if interval is not None else NOTE_UNSTABLE_INTERVAL
    detectable = minimum_detectable(float(np.std(null, ddof=1)), alpha, POWER_TARGET)
    return TestResult(
        outcome,
        test,
        estimate,
        low,
        high,
        p_value,
        None,
        n,
        note,
        estimate,
        groups,
        units,
        detectable,
    )


def _small_cell_interval(
    estimate: float, draws: FloatArray, null: FloatArray, alpha: float, n: int, cells: int
) -> tuple[float, float] | None:
    """estimate +- t * standard error, for draws resampled inside small cells.

    Resampling m officers within a cell of m has (m - 1)/m of the variance of drawing a new
    cell, and units split at 20 JP leave cells of a handful of officers: the percentile interval
    covered 92.6-93.9% where 95% was promised (docs/methodology.md). The bootstrap SE is scaled by
    sqrt(n / (n - cells)) and never taken below the spread of the permutation draws (the
    estimate's exact spread when there is no effect); the t quantile has n - cells degrees of
    freedom, and the interval is cut at the correlation's bounds -1 and 1.
    """
    defined = draws[np.isfinite(draws)]
    if defined.size < 0.9 * draws.size or n <= cells:
        return None
    from scipy import stats

    error = float(np.std(defined, ddof=1)) * math.sqrt(n / (n - cells))
    error = max(error, float(np.std(null, ddof=1)))
    reach = float(stats.t.ppf(1 - alpha / 2, n - cells)) * error
    return max(-1.0, estimate - reach), min(1.0, estimate + reach)


def spearman_jp(
    outcome: str,
    units: np.ndarray,
    jp: FloatArray,
    values: FloatArray,
    *,
    resampler: Resampler,
    alpha: float,
) -> TestResult:
    """Spearman's rho of JP and the outcome within units, pooled (mid-ranks for ties)."""
    if len(values) < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(outcome, SPEARMAN_JP, len(values), NOTE_TOO_FEW_OFFICERS)
    codes = _unit_codes(units)
    spread = np.full(codes.max() + 1, -np.inf)
    np.maximum.at(spread, codes, jp)
    floor = np.full(codes.max() + 1, np.inf)
    np.minimum.at(floor, codes, jp)
    keep = _units_where(codes, spread > floor)
    n = int(keep.sum())
    n_units = len(np.unique(codes[keep]))
    if n == 0:
        return TestResult.not_run(outcome, SPEARMAN_JP, n, NOTE_NO_JP_VARIATION)
    if n < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(outcome, SPEARMAN_JP, n, NOTE_TOO_FEW_OFFICERS, units=n_units)

    order = np.argsort(codes[keep], kind="stable")
    codes, jp, values = _unit_codes(codes[keep][order]), jp[keep][order], values[keep][order]
    starts, sizes = _runs(codes)
    unit_start = np.repeat(starts, sizes).astype(np.float64)
    middle = np.repeat((sizes + 1) / 2, sizes)
    jp_ranks = _UnitRanks.of(codes, jp, unit_start)
    value_ranks = _UnitRanks.of(codes, values, unit_start)
    jp_centered = jp_ranks.observed() - middle
    value_centered = value_ranks.observed() - middle
    scale = float(np.sqrt((jp_centered @ jp_centered) * (value_centered @ value_centered)))
    if scale == 0:
        return TestResult.not_run(outcome, SPEARMAN_JP, n, NOTE_NO_OUTCOME_VARIATION, units=n_units)
    rho = float(jp_centered @ value_centered / scale)

    # Under the null any pairing of JP with outcome inside a unit is as likely: shuffle within.
    # (einsum rather than @: BLAS threads cost more than they save on these small blocks.)
    def shuffled_covariance(rows: IndexArray) -> FloatArray:
        return np.einsum("ij,j->i", jp_centered[rows], value_centered)

    null = by_row_blocks(shuffled_covariance, resampler.permutations(*sizes.tolist()))
    p_value = permutation_p_value(rho, null / scale)

    # Each unit's centred ranks sum to zero, so their Pearson correlation is the pooled rho.
    def resampled_rho(rows: IndexArray) -> FloatArray:
        return rowwise_pearson(jp_ranks.ranks(rows) - middle, value_ranks.ranks(rows) - middle)

    boot = by_row_blocks(resampled_rho, resampler.bootstrap(*sizes.tolist()))
    interval = percentile_interval(boot, alpha)
    return _finish(outcome, SPEARMAN_JP, rho, p_value, interval, n, n_units, null / scale, alpha)


def mannwhitney_20jp(
    outcome: str,
    units: np.ndarray,
    jp: FloatArray,
    values: FloatArray,
    *,
    resampler: Resampler,
    alpha: float,
) -> TestResult:
    """Officers with >= 20 JP against colleagues of their unit with fewer (van Elteren).

    In a unit, the rank-biserial r = 2U/(n_high n_low) - 1, where U counts (high, low) pairs in
    which the high-JP officer scores higher, ties counting a half; the units' r are averaged with
    weights n_high * n_low / (n_unit + 1)."""
    high = jp >= JP_THRESHOLD
    all_groups = (int(high.sum()), int((~high).sum()))
    if len(values) < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(
            outcome, MANNWHITNEY_20JP, len(values), NOTE_TOO_FEW_OFFICERS, all_groups
        )
    codes = _unit_codes(units)
    highs = np.bincount(codes, weights=high.astype(np.float64))
    totals = np.bincount(codes)
    keep = _units_where(codes, (highs > 0) & (highs < totals))
    n = int(keep.sum())
    groups = (int(high[keep].sum()), int((~high[keep]).sum()))
    n_units = len(np.unique(codes[keep]))
    if n == 0:
        return TestResult.not_run(
            outcome, MANNWHITNEY_20JP, 0, NOTE_NO_COMPARABLE_UNITS, all_groups
        )
    if n < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(
            outcome, MANNWHITNEY_20JP, n, NOTE_TOO_FEW_OFFICERS, groups, n_units
        )
    if min(groups) < MIN_OFFICERS_PER_GROUP:
        return TestResult.not_run(
            outcome, MANNWHITNEY_20JP, n, NOTE_TOO_FEW_IN_GROUP, groups, n_units
        )

    # By unit, and inside a unit the officers below 20 JP first.
    order = np.lexsort((high[keep], codes[keep]))
    codes, high, values = _unit_codes(codes[keep][order]), high[keep][order], values[keep][order]
    starts, sizes = _runs(codes)
    cell_starts, cell_sizes = _runs(2 * codes + high)
    n_low, n_high = cell_sizes[0::2], cell_sizes[1::2]
    weights = n_high * n_low / (sizes + 1)
    # estimate = (sum over high officers of coefficient * within-unit rank - offset) / weight
    coefficient = np.where(high, np.repeat(2 / (sizes + 1), sizes), 0.0)
    offset = float((weights * ((n_high + 1) / n_low + 1)).sum())
    total_weight = float(weights.sum())
    ranks = _UnitRanks.of(codes, values, np.repeat(starts, sizes).astype(np.float64))
    observed_ranks = ranks.observed()
    if np.all(observed_ranks == np.repeat((sizes + 1) / 2, sizes)):
        return TestResult.not_run(
            outcome, MANNWHITNEY_20JP, n, NOTE_NO_OUTCOME_VARIATION, groups, n_units
        )

    def estimate(rank_rows: FloatArray) -> FloatArray:
        return (np.einsum("ij,j->i", rank_rows, coefficient) - offset) / total_weight

    r = float(estimate(observed_ranks[None, :])[0])

    def shuffled(rows: IndexArray) -> FloatArray:
        return estimate(observed_ranks[rows])

    null = by_row_blocks(shuffled, resampler.permutations(*sizes.tolist()))
    p_value = permutation_p_value(r, null)

    # Officers are resampled within their unit and group so every cell keeps its size.
    def resampled(rows: IndexArray) -> FloatArray:
        return estimate(ranks.ranks(rows))

    boot = by_row_blocks(resampled, resampler.bootstrap(*cell_sizes.tolist()))
    interval = _small_cell_interval(r, boot, null, alpha, n, len(cell_sizes))
    return _finish(outcome, MANNWHITNEY_20JP, r, p_value, interval, n, n_units, null, alpha, groups)
