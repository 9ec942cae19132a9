"""Vectorised resampling over officers: permutations, bootstrap draws, ranks without sorting.

Every function works on a whole (n_resamples x n) matrix at once so the analysis of thousands of
officers stays well under a second per outcome. Strata are runs of consecutive positions (the
caller sorts officers by unit or group first): permutations and bootstrap draws stay inside them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.intp]
IndexArray = NDArray[np.integer]
FloatArray = NDArray[np.float64]


def dense_codes(values: FloatArray) -> tuple[IntArray, int]:
    """Each value's position among the distinct values (0 = smallest), and how many there are."""
    distinct, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.intp).reshape(-1), len(distinct)


def resampled_ranks(codes: IntArray, n_distinct: int, draws: IndexArray) -> FloatArray:
    """Mid-ranks of each row of values[draws], every row ranked on its own.

    Sorting 999 rows of 5,000 values is the slow part of a bootstrapped rank statistic. The values
    only repeat the original ones, so counting how often each distinct value was drawn and taking
    cumulative sums gives the same mid-ranks: a value tied c times whose count ends at position s
    has rank s - (c - 1) / 2.
    """
    n_rows, width = draws.shape
    offsets = (np.arange(n_rows, dtype=np.intp) * n_distinct)[:, None]
    flat = (codes[draws] + offsets).ravel()
    counts = np.bincount(flat, minlength=n_rows * n_distinct).reshape(n_rows, n_distinct)
    # Twice the mid-rank, 2s - c + 1, stays an integer and is computed in place.
    doubled = np.cumsum(counts, axis=1)
    doubled *= 2
    doubled -= counts
    doubled += 1
    return doubled.ravel()[flat].reshape(n_rows, width) * 0.5


def rowwise_pearson(a: FloatArray, b: FloatArray) -> FloatArray:
    """Pearson correlation of each row of a with the same row of b; NaN where a row is constant."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    cov = np.einsum("ij,ij->i", a, b)
    spread = np.sqrt(np.einsum("ij,ij->i", a, a) * np.einsum("ij,ij->i", b, b))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(spread > 0, cov / np.where(spread > 0, spread, 1.0), np.nan)


def _strata_bounds(strata_sizes: tuple[int, ...]) -> tuple[IntArray, IntArray]:
    sizes = np.asarray(strata_sizes, dtype=np.intp)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
    return starts, sizes


class Resampler:
    """Permutations and bootstrap draws of officer positions, memoised by layout.

    A layout is a tuple of strata sizes over consecutive positions (the caller sorts officers by
    unit or group first); draws never leave their stratum. Generating the random draws is the
    slowest step of the analysis, and tests on the same officers can share them: a uniformly
    random permutation stays one whatever it is applied to. Each layout has its own random stream
    derived from (seed, kind, layout), so a test's numbers depend only on the seed and its own
    data, never on which other tests ran before it.
    """

    _PERMUTATION, _BOOTSTRAP, _COUNTS = 0, 1, 2

    def __init__(self, seed: int, n_resamples: int) -> None:
        self.seed = seed
        self.n_resamples = n_resamples
        self._memo: dict[tuple[int, tuple[int, ...]], NDArray[Any]] = {}

    def _rng(self, kind: int, layout: tuple[int, ...]) -> np.random.Generator:
        return np.random.default_rng([self.seed, kind, len(layout), *layout])

    def permutations(self, *strata_sizes: int) -> NDArray[np.int32]:
        """n_resamples random orders of the positions, each shuffling only within its stratum."""
        key = (self._PERMUTATION, strata_sizes)
        if key not in self._memo:
            rng = self._rng(*key)
            starts, sizes = _strata_bounds(strata_sizes)
            out = np.empty((self.n_resamples, int(sizes.sum())), dtype=np.int32)
            for start, size in zip(starts, sizes, strict=True):
                positions = np.arange(start, start + size, dtype=np.int32)
                block = np.broadcast_to(positions, (self.n_resamples, size))
                out[:, start : start + size] = rng.permuted(block, axis=1)
            self._memo[key] = out
        return self._memo[key]

    def bootstrap(self, *strata_sizes: int) -> NDArray[np.int32]:
        """n_resamples bootstrap samples of positions, drawn with replacement within each stratum,
        so every stratum keeps its size (a group can never vanish from a draw)."""
        key = (self._BOOTSTRAP, strata_sizes)
        if key not in self._memo:
            rng = self._rng(*key)
            starts, sizes = _strata_bounds(strata_sizes)
            column_start = np.repeat(starts, sizes).astype(np.int32)
            column_size = np.repeat(sizes, sizes).astype(np.int32)
            shape = (self.n_resamples, int(sizes.sum()))
            offset = rng.integers(0, column_size, shape, dtype=np.int32)
            self._memo[key] = column_start + offset
        return self._memo[key]

    def bootstrap_counts(self, *strata_sizes: int) -> NDArray[np.float64]:
        """How often each position is drawn in each of the bootstrap samples above: the weights
        of a cluster bootstrap (a position drawn twice counts twice)."""
        key = (self._COUNTS, strata_sizes)
        if key not in self._memo:
            rows = self.bootstrap(*strata_sizes)
            n_rows, n = rows.shape
            flat = (rows + (np.arange(n_rows) * n)[:, None]).ravel()
            counts = np.bincount(flat, minlength=n_rows * n).reshape(n_rows, n)
            self._memo[key] = counts.astype(np.float64)
        return self._memo[key]


# Statistics run over blocks of resamples: the temporary (rows x officers) arrays stay around
# 128 x n instead of n_resamples x n (a few MB rather than hundreds for 5,000 officers).
ROWS_PER_BLOCK = 128


def by_row_blocks(statistic: Callable[[IndexArray], FloatArray], rows: IndexArray) -> FloatArray:
    """statistic(rows) computed block by block and concatenated."""
    return np.concatenate(
        [statistic(rows[i : i + ROWS_PER_BLOCK]) for i in range(0, len(rows), ROWS_PER_BLOCK)]
    )


def permutation_p_value(observed: float, null: FloatArray, center: float = 0.0) -> float:
    """Two-sided Monte Carlo p-value, counting the observed arrangement as one of the draws so it
    is never 0 (Phipson & Smyth 2010; what scipy.stats.permutation_test does)."""
    distance = abs(observed - center)
    # Rounding noise must not turn an equally extreme draw into a less extreme one.
    tolerance = 1e-12 * max(1.0, distance)
    extreme = np.count_nonzero(np.abs(null - center) >= distance - tolerance)
    return float((extreme + 1) / (len(null) + 1))


def percentile_interval(
    draws: FloatArray, alpha: float, max_undefined: float = 0.1
) -> tuple[float, float] | None:
    """The alpha/2 and 1 - alpha/2 quantiles of the bootstrap draws, or None when too many draws
    had no defined value (e.g. a resample where every officer had the same JP)."""
    defined = draws[np.isfinite(draws)]
    if defined.size == 0 or defined.size < (1 - max_undefined) * draws.size:
        return None
    low, high = np.quantile(defined, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


def minimum_detectable(
    error: float, alpha: float, power: float, freedom: int | None = None
) -> float | None:
    """The smallest true effect a two-sided test at alpha finds with the given power, for a
    statistic with this standard error: (q(1 - alpha/2) + q(power)) x error, with t quantiles
    when the test uses them (freedom) and normal ones otherwise. None when the error is not a
    positive finite number."""
    if not np.isfinite(error) or error <= 0:
        return None
    from scipy import stats

    if freedom is None:
        return float((stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) * error)
    return float((stats.t.ppf(1 - alpha / 2, freedom) + stats.t.ppf(power, freedom)) * error)
