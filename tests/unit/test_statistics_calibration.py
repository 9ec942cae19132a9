"""Are the training statistics honest? Simulated officers, responses nested in officers.

Calibration: with no effect, a test at 0.05 may come out significant in about 5% of data sets and
never in more than 7%. Power: with a planted effect of a stated size, each test must find it in at
least 80% of data sets. Both run the full analysis (999 permutations, 999 bootstrap draws) on data
simulated response by response (surveys.training.statistics.simulation), so neither the officer-level
aggregation nor the resampling of officers is taken on trust. Seeds are fixed: the figures are
reproducible. Measured without effect (400 data sets, U6): 5.5% spearman_jp, 5.8%
mannwhitney_20jp, 5.5% did_training. About 25 s of CPU in all.
"""

from collections import Counter

import pytest

from surveys.training.statistics import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    OUTCOMES,
    SPEARMAN_JP,
    TESTS,
    analyse_training,
    simulate_officers,
)

NULL_DATA_SETS = 400
POWER_DATA_SETS = 100
OFFICERS = 120  # in 12 units; about 100 of them reach the 20-response minimum
ALPHA = 0.05

pytestmark = pytest.mark.slow


def _significant(data_sets: int, seed_base: int, **simulation) -> tuple[Counter, Counter]:
    """How often each (outcome, test) had p <= ALPHA, and how often it ran at all."""
    hits: Counter = Counter()
    ran: Counter = Counter()
    for i in range(data_sets):
        officers = simulate_officers(OFFICERS, seed=seed_base + i, **simulation)
        for row in analyse_training(officers, seed=i, alpha=ALPHA).results:
            if row.p_value is not None:
                ran[row.outcome, row.test] += 1
                hits[row.outcome, row.test] += row.p_value <= ALPHA
    return hits, ran


@pytest.fixture(scope="module")
def null_rates() -> dict:
    hits, ran = _significant(NULL_DATA_SETS, 10_000, effect=0.0)
    return {key: (hits[key], ran[key]) for key in ran}


@pytest.fixture(scope="module")
def planted_rates() -> dict:
    hits, ran = _significant(POWER_DATA_SETS, 20_000, effect=0.55, did_effect=0.8)
    return {key: (hits[key], ran[key]) for key in ran}


@pytest.mark.parametrize("test", [SPEARMAN_JP, MANNWHITNEY_20JP, DID_TRAINING])
def test_without_an_effect_a_test_is_significant_in_at_most_7_percent_of_data_sets(
    null_rates, test
):
    hits, ran = null_rates["U6", test]
    assert ran >= 0.95 * NULL_DATA_SETS  # the test really ran in (nearly) every data set
    assert hits / ran <= 0.07, f"U6 {test}: {hits}/{ran}"

    # And over all three outcomes together (U6, U7 and IKM share the officers, so not 3x the
    # evidence, but a second look at the same calibration).
    pooled_hits = sum(null_rates[outcome, test][0] for outcome in OUTCOMES)
    pooled_ran = sum(null_rates[outcome, test][1] for outcome in OUTCOMES)
    assert pooled_hits / pooled_ran <= 0.07, f"{test} over all outcomes: {pooled_hits}/{pooled_ran}"


def test_without_an_effect_the_tests_are_not_overly_timid(null_rates):
    # A test that never rejects would pass the 7% bound trivially.
    hits = sum(h for h, _ in null_rates.values())
    ran = sum(r for _, r in null_rates.values())
    assert 0.03 <= hits / ran <= 0.07


def test_a_planted_association_with_jp_is_detected_in_at_least_80_percent_of_data_sets(
    planted_rates,
):
    """Planted: officer skill correlates 0.55 with JP (simulate_officers effect=0.55), which
    shows in U6 as a Spearman rho of about 0.39 and a rank-biserial correlation of about 0.39
    between >= 20 JP and < 20 JP, over the ~96 of 120 officers with at least 20 responses
    (measured: detected in 94% and 90% of the 100 data sets)."""
    for test in (SPEARMAN_JP, MANNWHITNEY_20JP):
        hits, ran = planted_rates["U6", test]
        assert hits / ran >= 0.8, f"U6 {test}: {hits}/{ran}"


def test_a_planted_training_gain_is_detected_in_at_least_80_percent_of_data_sets(planted_rates):
    """Planted: officers trained between the windows gain 0.8 SD of officer skill
    (did_effect=0.8): about 0.24 points of U6 on the 1-4 scale, a Cohen's d of about 0.8, over
    the ~86 officers whose unit has both trained and untrained officers (measured: detected in
    87% of the 100 data sets)."""
    hits, ran = planted_rates["U6", DID_TRAINING]
    assert hits / ran >= 0.8, f"U6 {DID_TRAINING}: {hits}/{ran}"


def test_every_outcome_and_test_took_part(null_rates):
    assert set(null_rates) == {(outcome, test) for outcome in OUTCOMES for test in TESTS}
