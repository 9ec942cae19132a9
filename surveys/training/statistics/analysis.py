"""Officers' training history against citizen satisfaction: the whole analysis.

Every outcome (U6, U7, IKM) gets three tests: Spearman with JP, >= 20 JP against < 20 JP, and the
within-unit difference in differences around a training. With nine tests some will look
significant by chance, so every p-value also gets a Benjamini-Hochberg q-value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
from scipy import stats

from surveys.training.statistics.did import comparable, did_training
from surveys.training.statistics.model import (
    OUTCOMES,
    OfficerOutcomes,
    OutcomeSample,
    TestResult,
    TrainingAnalysis,
)
from surveys.training.statistics.rank_tests import mannwhitney_20jp, spearman_jp
from surveys.training.statistics.resampling import Resampler

DEFAULT_RESAMPLES = 999


def analyse_training(
    officers: Iterable[OfficerOutcomes],
    *,
    min_responses: int = 20,
    seed: int = 0,
    n_resamples: int = DEFAULT_RESAMPLES,
    alpha: float = 0.05,
) -> TrainingAnalysis:
    """Officers with fewer than min_responses responses in the period are left out of every test:
    their means are too noisy to rank. The same seed always gives the same numbers."""
    if min_responses < 1:
        raise ValueError("min_responses must be at least 1")
    if n_resamples < 99:
        raise ValueError("n_resamples must be at least 99 for a usable p-value")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie strictly between 0 and 1")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")

    officers = tuple(officers)
    eligible = [officer for officer in officers if officer.responses >= min_responses]
    samples: list[OutcomeSample] = []
    results: list[TestResult] = []
    resampler = Resampler(seed, n_resamples)
    for outcome in OUTCOMES:
        sample, rows = _analyse_outcome(eligible, outcome, resampler, alpha)
        samples.append(sample)
        results.extend(rows)

    return TrainingAnalysis(
        officers_total=len(officers),
        below_min_responses=len(officers) - len(eligible),
        min_responses=min_responses,
        alpha=alpha,
        n_resamples=n_resamples,
        seed=seed,
        samples=tuple(samples),
        results=_with_q_values(results),
    )


def _analyse_outcome(
    eligible: list[OfficerOutcomes],
    outcome: str,
    resampler: Resampler,
    alpha: float,
) -> tuple[OutcomeSample, list[TestResult]]:
    values = [officer.outcome(outcome) for officer in eligible]
    with_value = [i for i, value in enumerate(values) if value is not None]
    jp = np.array([eligible[i].jp_12m for i in with_value], dtype=np.float64)
    outcome_values = np.array([values[i] for i in with_value], dtype=np.float64)

    changes = [officer.change(outcome) for officer in eligible]
    with_change = [i for i, change in enumerate(changes) if change is not None]
    units = np.array([eligible[i].unit_id for i in with_change], dtype=np.int64)
    trained = np.array([eligible[i].trained_in_window for i in with_change], dtype=bool)
    change_values = np.array([changes[i] for i in with_change], dtype=np.float64)
    n_comparable = int(comparable(units, trained).sum())

    rows = [
        spearman_jp(outcome, jp, outcome_values, resampler=resampler, alpha=alpha),
        mannwhitney_20jp(outcome, jp, outcome_values, resampler=resampler, alpha=alpha),
        did_training(outcome, units, trained, change_values, resampler=resampler, alpha=alpha),
    ]
    sample = OutcomeSample(
        outcome=outcome,
        included=len(with_value),
        missing_outcome=len(eligible) - len(with_value),
        did_included=n_comparable,
        did_missing_window=len(eligible) - len(with_change),
        did_no_comparison=len(with_change) - n_comparable,
    )
    return sample, rows


def _with_q_values(results: list[TestResult]) -> tuple[TestResult, ...]:
    tested = [i for i, row in enumerate(results) if row.p_value is not None]
    if not tested:
        return tuple(results)
    q_values = stats.false_discovery_control([results[i].p_value for i in tested], method="bh")
    updated = list(results)
    for i, q_value in zip(tested, q_values, strict=True):
        updated[i] = dataclasses.replace(results[i], q_value=float(q_value))
    return tuple(updated)
