"""What the training analysis could have found: minimum detectable effects and the power ceiling.

A result that is not significant is only news when the test could have seen an effect of the
size that matters. Every test states its minimum detectable effect (MDE); these tests check the
formula, that it follows the amount of data, that it agrees with the spread the simulation
measures, and that the ceiling's oracle finds planted effects without finding absent ones.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from surveys.training.statistics import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    SPEARMAN_JP,
    analyse_training,
    simulate_officers,
)
from surveys.training.statistics.calibration import latent_gain
from surveys.training.statistics.ceiling import CEILING_TESTS, ceiling_tests
from surveys.training.statistics.resampling import minimum_detectable
from surveys.training.statistics.simulation import _OFFICER_SD, simulate


def test_the_mde_is_the_two_quantiles_times_the_standard_error():
    reach = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert minimum_detectable(0.1, 0.05, 0.8) == pytest.approx(reach * 0.1)
    # With a t test of few degrees of freedom the same error needs a larger effect.
    assert minimum_detectable(0.1, 0.05, 0.8, freedom=9) > minimum_detectable(0.1, 0.05, 0.8)
    # A stricter alpha or a higher power asks for a larger effect.
    assert minimum_detectable(0.1, 0.01, 0.8) > minimum_detectable(0.1, 0.05, 0.8)
    assert minimum_detectable(0.1, 0.05, 0.9) > minimum_detectable(0.1, 0.05, 0.8)


@pytest.mark.parametrize("error", [0.0, -1.0, math.nan, math.inf])
def test_no_mde_is_stated_without_a_usable_standard_error(error):
    assert minimum_detectable(error, 0.05, 0.8) is None


def _detectable(officers: int, seed: int) -> dict[str, float]:
    analysis = analyse_training(simulate_officers(officers, seed=seed), n_resamples=199)
    found = {}
    for test in (SPEARMAN_JP, MANNWHITNEY_20JP, DID_TRAINING):
        row = analysis.result("U6", test)
        assert row.detectable is not None and row.detectable > 0, row
        found[test] = row.detectable
    return found


def _mean_detectable(officers: int, seeds: range) -> dict[str, float]:
    found = [_detectable(officers, seed) for seed in seeds]
    return {test: sum(f[test] for f in found) / len(found) for test in found[0]}


def test_a_head_of_unit_with_four_times_the_officers_can_see_about_half_the_effect():
    # One data set's MDE varies (how many trainings fall in the period): compare means.
    few, many = _mean_detectable(60, range(4)), _mean_detectable(240, range(4))
    for test in few:
        # sqrt(4) = 2 in theory; the random split into groups and windows moves it a little.
        assert 1.5 <= few[test] / many[test] <= 2.7, (test, few[test], many[test])


def test_a_test_that_did_not_run_states_no_mde():
    analysis = analyse_training(simulate_officers(6, seed=1), n_resamples=99)
    assert all(row.detectable is None for row in analysis.results if not row.ran)
    assert any(not row.ran for row in analysis.results)


def _ceiling_shares(data_sets: int, officers: int, **settings) -> dict[str, float]:
    hits = dict.fromkeys(CEILING_TESTS, 0)
    for seed in range(data_sets):
        simulated = simulate(officers, seed=4_000 + seed, **settings)
        for test, significant in ceiling_tests(simulated.officers, simulated.unit_level).items():
            hits[test] += significant
    return {test: count / data_sets for test, count in hits.items()}


def test_the_ceiling_tests_find_a_large_planted_gain_and_rarely_an_absent_one():
    gain = latent_gain(0.5)
    planted = _ceiling_shares(
        30, 120, jp_gain=gain, did_effect=gain / _OFFICER_SD, unit_confounding=0.8
    )
    absent = _ceiling_shares(30, 60, unit_confounding=0.8)
    for test in CEILING_TESTS:
        assert planted[test] >= 0.8, (test, planted)
        # At a true 5%, 5 of 30 happens with probability about 5%.
        assert absent[test] <= 5 / 30, (test, absent)
