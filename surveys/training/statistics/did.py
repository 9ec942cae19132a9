"""Did officers improve after their training more than colleagues of their unit who were not
(yet) trained? A staggered difference in differences, stacked by training.

Each trained officer's training is its own event (a stack): their months are the three before
the month the training starts ('before'), the three after the month it ends ('after'), and the
three before 'before' (to check that trends ran alike beforehand). The training's own months
are in none of them, and neither is any month of the period that decided who counts as trained
measured twice: the windows sit around the training itself. The controls of a stack are the
officers of the same unit with no training from LEAD_MONTHS before its first month to its last:
not yet trained, or never.

In every calendar month of a stack, the trained officer's mean minus the pooled mean of their
controls in the same month: whatever hit the whole unit that month (a queue system breaking
down, a holiday rush) cancels. The stack's effect is the mean of these monthly differences
after the training minus their mean before; the pre-trend check is the same over the earliest
three months against 'before'; the event study shows every month against 'before'. Trained
officers count equally.

Who is compared with whom is decided in ``stacks``.

Inference: officers are the clusters. Every bootstrap draw resamples officers within their unit
(an officer drawn twice counts twice, as a trained officer and as a control wherever they are
one), recomputes every stack, and the interval is the estimate plus or minus a t quantile (with
one fewer degree of freedom than trained officers) times the bootstrap standard error; the
p-value is the matching t test. Calibrated by simulation (docs/methodology.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats

from surveys.training.statistics.model import (
    ANSWERS_PER_RESPONSE,
    DID_TRAINING,
    EVENT_MONTHS,
    MIN_OFFICERS_PER_GROUP,
    MIN_OFFICERS_TOTAL,
    NOTE_NO_COMPARABLE_UNITS,
    NOTE_NO_OUTCOME_VARIATION,
    NOTE_OK,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_TOO_FEW_OFFICERS,
    NOTE_UNSTABLE_INTERVAL,
    OUTCOME_SCALE,
    OUTCOME_SUMS,
    POWER_TARGET,
    PRETREND,
    ROLE_CONTROL,
    ROLE_NOT_COMPARED,
    ROLE_TRAINED,
    WINDOW_MIN_RESPONSES,
    WINDOW_MONTHS,
    EventPoint,
    TestResult,
)
from surveys.training.statistics.resampling import FloatArray, Resampler, minimum_detectable

# stack_officers is re-exported: callers build the stacks and estimate through this module.
from surveys.training.statistics.stacks import Stacks
from surveys.training.statistics.stacks import stack_officers as stack_officers

_EARLY = slice(0, WINDOW_MONTHS)
_BEFORE = slice(WINDOW_MONTHS, 2 * WINDOW_MONTHS)
_AFTER = slice(2 * WINDOW_MONTHS, 3 * WINDOW_MONTHS)
# Bootstrap draws are computed in blocks of this many rows.
_ROWS_PER_BLOCK = 64
# More undefined draws than this and the interval is not reported.
_MAX_UNDEFINED = 0.1


@dataclass(frozen=True)
class DidResult:
    effect: TestResult
    pretrend: TestResult
    event_study: tuple[EventPoint, ...]
    trained: int
    controls: int
    thin_windows: int
    no_comparison: int
    roles: dict[int, str]


_Sums = tuple[FloatArray, FloatArray, FloatArray, FloatArray]


def _sums(stacks: Stacks, outcome: str) -> _Sums:
    """Values and answers summed per (stack, month): the trained officer's, and per control pair."""
    value_at, count_at = OUTCOME_SUMS[outcome]
    if len(stacks.treated) == 0:
        empty = np.zeros((0, len(EVENT_MONTHS)))
        return empty, empty, empty, empty
    first, all_sums = stacks.panel
    panel = all_sums[:, :, [value_at, count_at]]
    columns = stacks.months - first
    treated = panel[stacks.treated[:, None], columns]
    pairs = panel[stacks.pairs[:, 1][:, None], columns[stacks.pairs[:, 0]]]
    return treated[..., 0], treated[..., 1], pairs[..., 0], pairs[..., 1]


def _nanmean(values: FloatArray, axis: int) -> FloatArray:
    defined = np.isfinite(values)
    total = np.where(defined, values, 0.0).sum(axis=axis)
    count = defined.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _defined_mean(filled: FloatArray, defined: np.ndarray, axis: int) -> FloatArray:
    """The mean over ``axis`` of the defined values (undefined ones filled with 0), NaN where
    none is."""
    total = filled.sum(axis=axis)
    count = defined.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _weighted(filled: FloatArray, defined: np.ndarray, weights: FloatArray) -> FloatArray:
    """The weighted mean over stacks (axis 0) of the defined values, NaN where none is; values
    (undefined ones filled with 0) are (stacks, rows) or (stacks, months, rows), weights
    (stacks, rows). An undefined value or a zero weight adds nothing to either sum."""
    spec = "sr,sr->r" if filled.ndim == 2 else "smr,sr->mr"
    total = np.einsum(spec, filled, weights)
    mass = np.einsum(spec, defined, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(mass > 0, total / np.maximum(mass, 1e-300), np.nan)


class _Design:
    """The stacks of one outcome as arrays, and every estimate for a block of officer weights.

    Arrays of a block are laid out (stacks, months, rows of weights): the sparse product gives
    them in that order without a copy, and the sums over stacks run along the first axis."""

    def __init__(self, stacks: Stacks, outcome: str, usable: np.ndarray, sums: _Sums) -> None:
        treated_values, treated_counts, pair_values, pair_counts = sums
        keep_pairs = usable[stacks.pairs[:, 0]]
        renumber = np.cumsum(usable) - 1
        self.treated = stacks.treated[usable]
        self.scale = OUTCOME_SCALE[outcome]
        with np.errstate(invalid="ignore", divide="ignore"):
            self.treated_mean = treated_values[usable] / treated_counts[usable]
        # One sparse (stack x month, officer) matrix for the controls' values over one for their
        # answers: a block of officer weights times it gives every stack's pooled control sums.
        months = len(EVENT_MONTHS)
        self.shape = (int(usable.sum()), months)
        stack_of = renumber[stacks.pairs[keep_pairs, 0]]
        rows = (stack_of[:, None] * months + np.arange(months)[None, :]).ravel()
        columns = np.repeat(stacks.pairs[keep_pairs, 1], months)
        cells = self.shape[0] * months
        data = np.concatenate((pair_values[keep_pairs].ravel(), pair_counts[keep_pairs].ravel()))
        self.controls = sparse.csr_array(
            (data, (np.concatenate((rows, rows + cells)), np.tile(columns, 2))),
            shape=(2 * cells, len(stacks.officers)),
        )

    def monthly_differences(self, weights: FloatArray) -> FloatArray:
        """(stacks, months, rows): trained mean minus the weighted controls' pooled mean; not a
        finite number where either mean has no answers (0/0, or x/0 from a weight of 0)."""
        sums = self.controls @ weights.T
        cells = len(sums) // 2
        differences = sums[:cells].reshape(*self.shape, len(weights))
        counts = sums[cells:].reshape(*self.shape, len(weights))
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(differences, counts, out=differences)
        np.subtract(self.treated_mean[:, :, None], differences, out=differences)
        if self.scale != 1.0:
            differences *= self.scale
        return differences

    def estimates(self, weights: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Per row of officer weights: the effect, the pre-trend placebo, the event study (rows,
        months). Months without a finite difference, or of a stack without a 'before', count
        nowhere: their relative differences are filled with 0 and left out of every mean."""
        relative = self.monthly_differences(weights)
        defined = np.isfinite(relative)
        before = _defined_mean(
            np.where(defined[:, _BEFORE], relative[:, _BEFORE], 0.0), defined[:, _BEFORE], 1
        )
        defined &= np.isfinite(before)[:, None, :]
        relative -= before[:, None, :]
        np.copyto(relative, 0.0, where=~defined)
        stack_weights = weights[:, self.treated].T
        per_stack = [
            _defined_mean(relative[:, months], defined[:, months], 1) for months in (_AFTER, _EARLY)
        ]
        effect, pretrend = (
            _weighted(np.nan_to_num(mean, nan=0.0), np.isfinite(mean), stack_weights)
            for mean in per_stack
        )
        study = _weighted(relative, defined, stack_weights).T
        return effect, pretrend, study


def _usable(stacks: Stacks, outcome: str, sums: _Sums) -> tuple[np.ndarray, np.ndarray]:
    """Stacks with enough answers before and after, from the trained officer and from their
    controls together; and which have the earliest months too (for the pre-trend)."""
    _treated_values, treated_counts, _pair_values, pair_counts = sums
    control_counts = np.zeros_like(treated_counts)
    np.add.at(control_counts, stacks.pairs[:, 0], pair_counts)
    enough = np.ones(len(treated_counts), dtype=bool)
    minimum = WINDOW_MIN_RESPONSES * ANSWERS_PER_RESPONSE[outcome]
    for counts in (treated_counts, control_counts):
        enough &= counts[:, _BEFORE].sum(axis=1) >= minimum
        enough &= counts[:, _AFTER].sum(axis=1) >= minimum
    return enough, enough & (treated_counts[:, _EARLY].sum(axis=1) > 0)


def _bootstrap_error(draws: FloatArray) -> float | None:
    """The bootstrap standard error, or None when too many draws had no defined value."""
    defined = draws[np.isfinite(draws)]
    if defined.size < max(2, (1 - _MAX_UNDEFINED) * draws.size):
        return None
    return float(np.std(defined, ddof=1))


def _t_interval(
    estimate: float, draws: FloatArray, alpha: float, freedom: int
) -> tuple[tuple[float, float] | None, float]:
    error = _bootstrap_error(draws)
    if error is None:
        return None, float("nan")
    if error == 0:
        return (estimate, estimate), 1.0 if estimate == 0 else 0.0
    quantile = float(stats.t.ppf(1 - alpha / 2, freedom))
    p_value = float(2 * stats.t.sf(abs(estimate) / error, freedom))
    return (estimate - quantile * error, estimate + quantile * error), p_value


def did_training(outcome: str, stacks: Stacks, *, resampler: Resampler, alpha: float) -> DidResult:
    """The effect, its pre-trend check and the event study for one outcome."""
    sums = _sums(stacks, outcome)
    usable, with_early = _usable(stacks, outcome, sums)
    trained = int(usable.sum())
    controls = len(np.unique(stacks.pairs[usable[stacks.pairs[:, 0]], 1]))
    units = len({stacks.officers[t].unit_id for t in stacks.treated[usable]})
    roles = {o.officer_id: ROLE_NOT_COMPARED for o in stacks.officers}
    for c in stacks.pairs[usable[stacks.pairs[:, 0]], 1]:
        roles[stacks.officers[c].officer_id] = ROLE_CONTROL
    for t in stacks.treated[usable]:
        roles[stacks.officers[t].officer_id] = ROLE_TRAINED
    groups = (trained, controls)

    def finish(effect: TestResult, check: TestResult, points: tuple[EventPoint, ...]) -> DidResult:
        thin = len(usable) - trained
        return DidResult(
            effect, check, points, trained, controls, thin, stacks.without_control, roles
        )

    def not_run(note: str) -> DidResult:
        n = trained + controls
        return finish(
            TestResult.not_run(outcome, DID_TRAINING, n, note, groups, units),
            TestResult.not_run(outcome, PRETREND, n, note, groups, units),
            (),
        )

    if len(stacks.treated) == 0:
        alone = stacks.without_control > 0
        return not_run(NOTE_NO_COMPARABLE_UNITS if alone else NOTE_TOO_FEW_OFFICERS)
    if trained + controls < MIN_OFFICERS_TOTAL:
        return not_run(NOTE_TOO_FEW_OFFICERS)
    if min(groups) < MIN_OFFICERS_PER_GROUP:
        return not_run(NOTE_TOO_FEW_IN_GROUP)

    design = _Design(stacks, outcome, usable, sums)
    n = len(stacks.officers)
    observed = design.estimates(np.ones((1, n)))
    effect, pretrend, study = float(observed[0][0]), float(observed[1][0]), observed[2][0]
    differences = design.monthly_differences(np.ones((1, n)))[:, :, 0]
    weights = resampler.bootstrap_counts(*stacks.unit_sizes)
    blocks = [
        design.estimates(weights[i : i + _ROWS_PER_BLOCK])
        for i in range(0, len(weights), _ROWS_PER_BLOCK)
    ]
    boot_effect = np.concatenate([b[0] for b in blocks])
    boot_pretrend = np.concatenate([b[1] for b in blocks])
    boot_study = np.concatenate([b[2] for b in blocks])
    if not np.isfinite(effect):
        return not_run(NOTE_TOO_FEW_OFFICERS)

    per_stack = _nanmean(differences[:, _AFTER], 1) - _nanmean(differences[:, _BEFORE], 1)
    spread = float(np.nanstd(per_stack, ddof=1)) if np.isfinite(per_stack).sum() > 1 else 0.0
    if spread == 0 and effect == 0:
        return not_run(NOTE_NO_OUTCOME_VARIATION)

    freedom = max(1, trained - 1)
    result = _test(outcome, DID_TRAINING, effect, boot_effect, alpha, freedom)
    result = dataclasses.replace(
        result,
        n=trained + controls,
        groups=groups,
        units=units,
        standardized=effect / spread if spread > 0 else None,
    )
    early_stacks = int(with_early.sum())
    if early_stacks < MIN_OFFICERS_PER_GROUP or not np.isfinite(pretrend):
        check = TestResult.not_run(
            outcome, PRETREND, early_stacks, NOTE_TOO_FEW_IN_GROUP, groups, units
        )
    else:
        check = _test(outcome, PRETREND, pretrend, boot_pretrend, alpha, freedom)
        check = dataclasses.replace(check, n=trained + controls, groups=groups, units=units)
    points = []
    for k, month in enumerate(EVENT_MONTHS):
        defined = int(np.isfinite(_nanmean(differences[:, k : k + 1], 1)).sum())
        if defined < MIN_OFFICERS_PER_GROUP or not np.isfinite(study[k]):
            points.append(EventPoint(outcome, month, None, None, None, defined))
            continue
        interval, _p = _t_interval(float(study[k]), boot_study[:, k], alpha, freedom)
        low, high = interval if interval is not None else (None, None)
        points.append(EventPoint(outcome, month, float(study[k]), low, high, defined))
    return finish(result, check, tuple(points))


def _test(
    outcome: str, test: str, estimate: float, draws: FloatArray, alpha: float, freedom: int
) -> TestResult:
    interval, p_value = _t_interval(estimate, draws, alpha, freedom)
    if interval is None:
        return TestResult(
            outcome, test, estimate, None, None, None, None, 0, NOTE_UNSTABLE_INTERVAL
        )
    error = _bootstrap_error(draws)
    detectable = None if error is None else minimum_detectable(error, alpha, POWER_TARGET, freedom)
    return dataclasses.replace(
        TestResult(outcome, test, estimate, *interval, p_value, None, 0, NOTE_OK),
        detectable=detectable,
    )
