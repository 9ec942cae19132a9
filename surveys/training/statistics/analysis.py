"""Officers' training history against citizen satisfaction: the whole analysis.

Every outcome (U6, U7, IKM) gets three tests, each comparing officers only with colleagues of
their own unit: Spearman with JP, >= 20 JP against < 20 JP (van Elteren), and the staggered
difference in differences around each officer's training. With nine tests some will look
significant by chance, so every p-value also gets a Benjamini-Hochberg q-value. The difference
in differences' pre-trend checks and event study come beside them, outside that family.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
from scipy import stats

from surveys.training.statistics.did import DidResult, Stacks, did_training, stack_officers
from surveys.training.statistics.model import (
    OUTCOMES,
    EventPoint,
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
    pretrends: list[TestResult] = []
    event_study: list[EventPoint] = []
    roles: dict[int, str] = {}
    resampler = Resampler(seed, n_resamples)
    stacks = stack_officers(eligible)
    for outcome in OUTCOMES:
        sample, rows, did = _analyse_outcome(eligible, stacks, outcome, resampler, alpha)
        samples.append(sample)
        results.extend(rows)
        pretrends.append(did.pretrend)
        event_study.extend(did.event_study)
        roles = roles or did.roles

    return TrainingAnalysis(
        officers_total=len(officers),
        below_min_responses=len(officers) - len(eligible),
        min_responses=min_responses,
        alpha=alpha,
        n_resamples=n_resamples,
        seed=seed,
        samples=tuple(samples),
        results=_with_q_values(results),
        pretrends=tuple(pretrends),
        event_study=tuple(event_study),
        did_roles=roles,
    )


def _analyse_outcome(
    eligible: list[OfficerOutcomes],
    stacks: Stacks,
    outcome: str,
    resampler: Resampler,
    alpha: float,
) -> tuple[OutcomeSample, list[TestResult], DidResult]:
    values = [officer.outcome(outcome) for officer in eligible]
    with_value = [i for i, value in enumerate(values) if value is not None]
    units = np.array([eligible[i].unit_id for i in with_value], dtype=np.int64)
    jp = np.array([eligible[i].jp_12m for i in with_value], dtype=np.float64)
    outcome_values = np.array([values[i] for i in with_value], dtype=np.float64)

    did = did_training(outcome, stacks, resampler=resampler, alpha=alpha)
    rows = [
        spearman_jp(outcome, units, jp, outcome_values, resampler=resampler, alpha=alpha),
        mannwhitney_20jp(outcome, units, jp, outcome_values, resampler=resampler, alpha=alpha),
        did.effect,
    ]
    sample = OutcomeSample(
        outcome=outcome,
        included=len(with_value),
        missing_outcome=len(eligible) - len(with_value),
        did_trained=did.trained,
        did_controls=did.controls,
        did_thin_windows=did.thin_windows,
        did_no_comparison=did.no_comparison,
    )
    return sample, rows, did


def _with_q_values(results: list[TestResult]) -> tuple[TestResult, ...]:
    tested = [i for i, row in enumerate(results) if row.p_value is not None]
    if not tested:
        return tuple(results)
    q_values = stats.false_discovery_control([results[i].p_value for i in tested], method="bh")
    updated = list(results)
    for i, q_value in zip(tested, q_values, strict=True):
        updated[i] = dataclasses.replace(results[i], q_value=float(q_value))
    return tuple(updated)
