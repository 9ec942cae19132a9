"""Does an officer's training volume (JP in the last 12 months) go with their outcome?

Two rank-based views over officers: Spearman's correlation with JP, and officers with at least
20 JP against the others (Mann-Whitney, reported as the rank-biserial correlation). Ranks keep a
few extreme officers or a skewed JP distribution from driving the answer. p-values come from
permutations (scipy's spearmanr p is asymptotic and mannwhitneyu's exact mode ignores ties);
intervals from resampling officers.
"""

from __future__ import annotations

import numpy as np

from surveys.training.statistics.model import (
    JP_THRESHOLD,
    MANNWHITNEY_20JP,
    MIN_OFFICERS_PER_GROUP,
    MIN_OFFICERS_TOTAL,
    NOTE_NO_JP_VARIATION,
    NOTE_NO_OUTCOME_VARIATION,
    NOTE_OK,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_TOO_FEW_OFFICERS,
    NOTE_UNSTABLE_INTERVAL,
    SPEARMAN_JP,
    TestResult,
)
from surveys.training.statistics.resampling import (
    FloatArray,
    IndexArray,
    Resampler,
    by_row_blocks,
    dense_codes,
    percentile_interval,
    permutation_p_value,
    resampled_ranks,
    rowwise_pearson,
)


def _ranks(values: FloatArray) -> tuple[FloatArray, np.ndarray, int]:
    codes, n_distinct = dense_codes(values)
    identity = np.arange(len(values), dtype=np.intp)[None, :]
    return resampled_ranks(codes, n_distinct, identity)[0], codes, n_distinct


def _finish(
    outcome: str,
    test: str,
    estimate: float,
    p_value: float,
    interval: tuple[float, float] | None,
    n: int,
    groups: tuple[int, int] | None = None,
) -> TestResult:
    low, high = interval if interval is not None else (None, None)
    note = NOTE_OK if interval is not None else NOTE_UNSTABLE_INTERVAL
    return TestResult(outcome, test, estimate, low, high, p_value, None, n, note, estimate, groups)


def spearman_jp(
    outcome: str,
    jp: FloatArray,
    values: FloatArray,
    *,
    resampler: Resampler,
    alpha: float,
) -> TestResult:
    """Spearman's rho of JP and the outcome over officers (mid-ranks for ties, as spearmanr)."""
    n = len(values)
    if n < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(outcome, SPEARMAN_JP, n, NOTE_TOO_FEW_OFFICERS)
    if np.ptp(jp) == 0:
        return TestResult.not_run(outcome, SPEARMAN_JP, n, NOTE_NO_JP_VARIATION)
    if np.ptp(values) == 0:
        return TestResult.not_run(outcome, SPEARMAN_JP, n, NOTE_NO_OUTCOME_VARIATION)

    jp_ranks, jp_codes, jp_distinct = _ranks(jp)
    value_ranks, value_codes, value_distinct = _ranks(values)
    jp_centered = jp_ranks - jp_ranks.mean()
    value_centered = value_ranks - value_ranks.mean()
    scale = np.sqrt((jp_centered @ jp_centered) * (value_centered @ value_centered))
    rho = float(jp_centered @ value_centered / scale)

    # Under the null any pairing of JP with outcome is as likely: shuffle one against the other.
    # (einsum rather than @: BLAS threads cost more than they save on these small blocks.)
    def shuffled_covariance(rows: IndexArray) -> FloatArray:
        return np.einsum("ij,j->i", jp_centered[rows], value_centered)

    null = by_row_blocks(shuffled_covariance, resampler.permutations(n))
    p_value = permutation_p_value(rho, null / scale)

    def resampled_rho(rows: IndexArray) -> FloatArray:
        return rowwise_pearson(
            resampled_ranks(jp_codes, jp_distinct, rows),
            resampled_ranks(value_codes, value_distinct, rows),
        )

    boot = by_row_blocks(resampled_rho, resampler.bootstrap(n))
    return _finish(outcome, SPEARMAN_JP, rho, p_value, percentile_interval(boot, alpha), n)


def mannwhitney_20jp(
    outcome: str,
    jp: FloatArray,
    values: FloatArray,
    *,
    resampler: Resampler,
    alpha: float,
) -> TestResult:
    """Officers with >= 20 JP against the rest: rank-biserial r = 2U/(n_high n_low) - 1, where U
    counts (high, low) pairs in which the high-JP officer scores higher, ties counting a half."""
    high = jp >= JP_THRESHOLD
    n_high = int(high.sum())
    n_low = len(values) - n_high
    groups = (n_high, n_low)
    n = len(values)
    if n < MIN_OFFICERS_TOTAL:
        return TestResult.not_run(outcome, MANNWHITNEY_20JP, n, NOTE_TOO_FEW_OFFICERS, groups)
    if min(groups) < MIN_OFFICERS_PER_GROUP:
        return TestResult.not_run(outcome, MANNWHITNEY_20JP, n, NOTE_TOO_FEW_IN_GROUP, groups)
    if np.ptp(values) == 0:
        return TestResult.not_run(outcome, MANNWHITNEY_20JP, n, NOTE_NO_OUTCOME_VARIATION, groups)

    # Low-JP officers first, then high-JP: positions n_low: are the high group.
    ordered = values[np.argsort(high, kind="stable")]
    ranks, codes, n_distinct = _ranks(ordered)
    smallest_rank_sum = n_high * (n_high + 1) / 2

    def rank_biserial(high_rank_sums: FloatArray) -> FloatArray:
        return 2 * (high_rank_sums - smallest_rank_sum) / (n_high * n_low) - 1

    r = float(rank_biserial(np.array([ranks[n_low:].sum()]))[0])

    def high_rank_sums(rows: IndexArray) -> FloatArray:
        return ranks[rows[:, n_low:]].sum(axis=1)

    null = rank_biserial(by_row_blocks(high_rank_sums, resampler.permutations(n)))
    p_value = permutation_p_value(r, null)

    # Officers are resampled within their group so both groups keep their sizes.
    def resampled_high_rank_sums(rows: IndexArray) -> FloatArray:
        return resampled_ranks(codes, n_distinct, rows)[:, n_low:].sum(axis=1)

    draws = resampler.bootstrap(n_low, n_high)
    boot = rank_biserial(by_row_blocks(resampled_high_rank_sums, draws))
    interval = percentile_interval(boot, alpha)
    return _finish(outcome, MANNWHITNEY_20JP, r, p_value, interval, n, groups)
