"""The training statistics on literal numbers: estimates, edge cases, summary text."""

import dataclasses
import math

import numpy as np
import pytest
from scipy import stats

from surveys.training.statistics import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    NOTE_NO_COMPARABLE_UNITS,
    NOTE_NO_JP_VARIATION,
    NOTE_NO_OUTCOME_VARIATION,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_TOO_FEW_OFFICERS,
    OUTCOMES,
    SPEARMAN_JP,
    TESTS,
    OfficerOutcomes,
    OutcomeSample,
    TestResult,
    TrainingAnalysis,
    analyse_training,
    simulate_officers,
)
from surveys.training.statistics.did import did_training
from surveys.training.statistics.rank_tests import mannwhitney_20jp, spearman_jp
from surveys.training.statistics.resampling import (
    Resampler,
    dense_codes,
    percentile_interval,
    permutation_p_value,
    resampled_ranks,
)
from surveys.training.summary import size_word, summarise

# Twelve officers: JP in the last 12 months and their mean U6, with ties in both.
JP = np.array([0, 4, 8, 8, 12, 16, 20, 24, 24, 32, 40, 56], dtype=float)
U6 = np.array([3.1, 3.0, 3.4, 3.2, 3.2, 3.5, 3.3, 3.6, 3.4, 3.7, 3.5, 3.8])


def officer(officer_id, *, responses=30, u6=3.5, u7=3.5, ikm=85.0, jp=10, unit=1, **kwargs):
    return OfficerOutcomes(
        officer_id=officer_id,
        unit_id=unit,
        responses=responses,
        mean_u6=u6,
        mean_u7=u7,
        ikm=ikm,
        jp_12m=jp,
        trainings_by_kind={},
        days_since_last=None,
        trained_in_window=kwargs.get("trained", False),
        before=kwargs.get("before", {}),
        after=kwargs.get("after", {}),
    )


def test_the_spearman_estimate_equals_scipy_spearmanr_on_literal_data():
    result = spearman_jp("U6", JP, U6, resampler=Resampler(0, 999), alpha=0.05)

    assert result.estimate == pytest.approx(stats.spearmanr(JP, U6).statistic, abs=1e-12)
    assert result.n == 12
    assert result.ci_low < result.estimate < result.ci_high


def _spearman_along_axis(x, y, axis=-1):
    ranks_x, ranks_y = stats.rankdata(x, axis=axis), stats.rankdata(y, axis=axis)
    return stats.pearsonr(ranks_x, ranks_y, axis=axis).statistic


def test_the_spearman_permutation_p_value_agrees_with_scipy_permutation_test():
    noisy = U6 + np.array([0.3, -0.2, 0.1, 0.4, -0.3, 0.0, 0.2, -0.4, 0.1, -0.2, 0.0, -0.3])
    ours = spearman_jp("U6", JP, noisy, resampler=Resampler(1, 9999), alpha=0.05)
    theirs = stats.permutation_test(
        (JP, noisy),
        _spearman_along_axis,
        vectorized=True,
        permutation_type="pairings",
        n_resamples=9999,
        rng=1,
    )

    assert 0.01 < theirs.pvalue < 0.5
    assert ours.p_value == pytest.approx(theirs.pvalue, abs=0.015)


def test_the_rank_biserial_matches_a_hand_computation():
    # High-JP officers score 3.5, 3.2, 3.8, 3.0, 3.6; low-JP officers 3.1, 3.0, 2.9, 3.3, 2.8.
    # Pairs won by the high-JP officer: 5 + 4 + 5 + 2.5 (3.0 ties 3.0) + 5 = 21.5 of 25, so
    # r = 2 * 21.5 / 25 - 1 = 0.72.
    jp = np.array([20, 24, 40, 32, 28, 0, 8, 12, 16, 19], dtype=float)
    values = np.array([3.5, 3.2, 3.8, 3.0, 3.6, 3.1, 3.0, 2.9, 3.3, 2.8])

    result = mannwhitney_20jp("U6", jp, values, resampler=Resampler(0, 999), alpha=0.05)

    assert result.estimate == pytest.approx(0.72)
    assert result.groups == (5, 5)
    assert stats.mannwhitneyu(values[:5], values[5:]).statistic == 21.5


def test_the_mann_whitney_p_value_agrees_with_scipy_permutation_method():
    high = JP >= 20
    ours = mannwhitney_20jp("U6", JP, U6, resampler=Resampler(2, 9999), alpha=0.05)
    theirs = stats.mannwhitneyu(
        U6[high], U6[~high], method=stats.PermutationMethod(n_resamples=9999, rng=2)
    )

    assert ours.p_value == pytest.approx(theirs.pvalue, abs=0.015)


def test_ranks_of_bootstrap_draws_equal_scipy_rankdata_row_by_row():
    values = np.array([3.0, 3.5, 3.0, 2.5, 4.0, 3.5, 3.5, 1.0])
    codes, n_distinct = dense_codes(values)
    draws = np.random.default_rng(0).integers(0, len(values), (50, len(values)))

    ranks = resampled_ranks(codes, n_distinct, draws)

    assert np.array_equal(ranks, stats.rankdata(values[draws], axis=1))


def test_permutations_stay_within_their_strata_and_bootstrap_keeps_group_sizes():
    resampler = Resampler(0, 200)
    shuffled = resampler.permutations(3, 4, 2)
    drawn = resampler.bootstrap(3, 4, 2)

    for rows in (shuffled, drawn):
        assert ((rows[:, :3] >= 0) & (rows[:, :3] < 3)).all()
        assert ((rows[:, 3:7] >= 3) & (rows[:, 3:7] < 7)).all()
        assert ((rows[:, 7:] >= 7) & (rows[:, 7:] < 9)).all()
    assert (np.sort(shuffled, axis=1) == np.arange(9)).all()
    assert resampler.permutations(3, 4, 2) is shuffled  # shared by tests on the same layout


def test_the_permutation_p_value_counts_the_observed_arrangement():
    null = np.array([0.1, -0.3, 0.5, -0.05])

    assert permutation_p_value(0.3, null) == pytest.approx((1 + 2) / 5)
    assert permutation_p_value(0.9, null) == pytest.approx(1 / 5)


def test_a_percentile_interval_is_refused_when_most_draws_are_undefined():
    draws = np.array([0.1, np.nan, np.nan, 0.2])

    assert percentile_interval(draws, 0.05) is None
    assert percentile_interval(np.linspace(0, 1, 101), 0.1) == pytest.approx((0.05, 0.95))


def test_in_one_unit_the_did_is_the_difference_of_mean_changes():
    trained = np.array([True] * 5 + [False] * 5)
    changes = np.array([0.5, 0.3, 0.4, 0.6, 0.2, 0.1, 0.0, -0.1, 0.2, 0.1])

    result = did_training(
        "U6", np.ones(10, dtype=np.int64), trained, changes, resampler=Resampler(0, 999), alpha=0.05
    )

    assert result.estimate == pytest.approx(0.4 - 0.06)
    assert result.groups == (5, 5)
    assert result.p_value < 0.05
    assert result.ci_low < 0.34 < result.ci_high


def test_the_did_compares_officers_only_with_colleagues_of_their_own_unit():
    # Unit 1 rose by 1 point, trained or not; unit 2 stayed flat. Unit 1 trained more officers,
    # so pooling the units would credit training with the whole unit's rise (0.5).
    units = np.array([1] * 8 + [2] * 8 + [3] * 3, dtype=np.int64)
    trained = np.array([True] * 6 + [False] * 2 + [True] * 2 + [False] * 6 + [True] * 3)
    changes = np.array([1.0] * 8 + [0.0] * 8 + [5.0] * 3)  # unit 3 has no untrained officer

    result = did_training("U6", units, trained, changes, resampler=Resampler(0, 999), alpha=0.05)

    assert result.estimate == pytest.approx(0.0)
    assert result.n == 16
    assert result.p_value == 1.0


def test_the_did_weights_units_by_how_many_comparisons_they_hold():
    # Unit 1: 5 trained vs 5 untrained (weight 2.5), difference 1.0.
    # Unit 2: 1 trained vs 4 untrained (weight 0.8), difference 2.0.
    units = np.array([1] * 10 + [2] * 5, dtype=np.int64)
    trained = np.array([True] * 5 + [False] * 5 + [True] + [False] * 4)
    changes = np.array([1.0, 1.1, 0.9, 1.0, 1.0] + [0.0] * 5 + [2.0] + [0.1, -0.1, 0.0, 0.0])

    result = did_training("U6", units, trained, changes, resampler=Resampler(0, 999), alpha=0.05)

    assert result.estimate == pytest.approx((2.5 * 1.0 + 0.8 * 2.0) / 3.3)


def test_no_unit_with_both_trained_and_untrained_officers_gives_a_note():
    units = np.array([1, 1, 2, 2], dtype=np.int64)
    trained = np.array([True, True, False, False])

    result = did_training("U6", units, trained, np.zeros(4), resampler=Resampler(0, 99), alpha=0.05)

    assert result.note == NOTE_NO_COMPARABLE_UNITS
    assert result.estimate is None and result.p_value is None


def test_the_analysis_has_one_row_per_outcome_and_test_with_q_values():
    analysis = analyse_training(simulate_officers(80, 0.3, seed=5), n_resamples=199)

    assert [(r.outcome, r.test) for r in analysis.results] == [
        (o, t) for o in OUTCOMES for t in TESTS
    ]
    p_values = [r.p_value for r in analysis.results]
    assert all(p is not None for p in p_values)
    expected = stats.false_discovery_control(p_values, method="bh")
    assert [r.q_value for r in analysis.results] == pytest.approx(list(expected))


def test_the_same_seed_gives_the_same_results():
    officers = simulate_officers(60, 0.2, seed=3)

    first = analyse_training(officers, seed=7, n_resamples=199)
    again = analyse_training(officers, seed=7, n_resamples=199)
    other = analyse_training(officers, seed=8, n_resamples=199)

    assert first == again
    assert [r.estimate for r in other.results] == [r.estimate for r in first.results]
    assert [r.p_value for r in other.results] != [r.p_value for r in first.results]


def test_empty_input_gives_notes_and_no_numbers():
    analysis = analyse_training([])

    assert analysis.officers_total == 0
    assert len(analysis.results) == 9
    for row in analysis.results:
        assert row.estimate is None and row.p_value is None and row.q_value is None
        assert row.n == 0
        assert row.note == NOTE_TOO_FEW_OFFICERS
    assert len(summarise(analysis, "id")) == 1


def test_officers_below_the_minimum_are_left_out_and_counted():
    officers = [officer(i, responses=19, jp=i) for i in range(10)]
    officers += [officer(100 + i, responses=20, jp=i, u6=3 + i / 10) for i in range(10)]

    analysis = analyse_training(officers, n_resamples=99)

    assert analysis.below_min_responses == 10
    assert analysis.officers_included == 10
    assert analysis.result("U6", SPEARMAN_JP).n == 10
    assert analysis.result("U6", SPEARMAN_JP).estimate == pytest.approx(1.0)


def test_all_officers_below_the_minimum_do_not_crash():
    officers = [officer(i, responses=5, jp=i) for i in range(30)]

    analysis = analyse_training(officers, n_resamples=99)

    assert analysis.below_min_responses == 30
    assert {r.note for r in analysis.results} == {NOTE_TOO_FEW_OFFICERS}
    assert "30" in summarise(analysis, "id")[0]


def test_officers_without_a_value_are_counted_per_outcome():
    officers = [officer(i, jp=i * 3, u6=3 + i / 20) for i in range(12)]
    officers += [officer(50, u6=None), officer(51, u6=math.nan, u7=None)]

    analysis = analyse_training(officers, n_resamples=99)

    assert analysis.sample("U6").missing_outcome == 2
    assert analysis.sample("U7").missing_outcome == 1
    assert analysis.sample("IKM").missing_outcome == 0
    assert analysis.result("U6", SPEARMAN_JP).n == 12


def test_constant_jp_gives_notes_not_a_crash():
    officers = [officer(i, jp=24, u6=3 + (i % 4) / 4) for i in range(20)]

    analysis = analyse_training(officers, n_resamples=99)

    assert analysis.result("U6", SPEARMAN_JP).note == NOTE_NO_JP_VARIATION
    assert analysis.result("U6", MANNWHITNEY_20JP).note == NOTE_TOO_FEW_IN_GROUP
    assert analysis.result("U6", MANNWHITNEY_20JP).groups == (20, 0)


def test_constant_outcomes_give_notes_not_a_crash():
    officers = [officer(i, jp=i * 4, u6=4.0) for i in range(20)]

    analysis = analyse_training(officers, n_resamples=99)

    assert analysis.result("U6", SPEARMAN_JP).note == NOTE_NO_OUTCOME_VARIATION
    assert analysis.result("U6", MANNWHITNEY_20JP).note == NOTE_NO_OUTCOME_VARIATION


def test_heavy_ties_everywhere_still_give_results():
    officers = [
        officer(
            i,
            unit=i % 2,
            jp=(0, 24)[i % 3 == 0],
            u6=(3.0, 4.0)[i % 5 == 0],
            trained=i % 4 == 0,
            before={"U6": 3.0},
            after={"U6": (3.0, 3.5)[i % 7 == 0]},
        )
        for i in range(40)
    ]

    analysis = analyse_training(officers, n_resamples=199)

    for test in TESTS:
        row = analysis.result("U6", test)
        assert row.ran, row
        assert 0 < row.p_value <= 1


def test_a_small_group_is_reported_not_tested():
    jp = [24, 24, 30, 40] + [0] * 16
    officers = [officer(i, jp=value, u6=3 + i / 40) for i, value in enumerate(jp)]

    row = analyse_training(officers, n_resamples=99).result("U6", MANNWHITNEY_20JP)

    assert row.note == NOTE_TOO_FEW_IN_GROUP
    assert row.groups == (4, 16)
    assert row.estimate is None and row.q_value is None


def test_the_analysis_refuses_nonsense_parameters():
    with pytest.raises(ValueError):
        analyse_training([], n_resamples=10)
    with pytest.raises(ValueError):
        analyse_training([], alpha=1.5)
    with pytest.raises(ValueError):
        analyse_training([], min_responses=0)


def test_simulated_officers_are_reproducible_and_nested():
    officers = simulate_officers(200, 0.0, seed=11)

    assert officers == simulate_officers(200, 0.0, seed=11)
    responses = [o.responses for o in officers]
    assert min(responses) < 20 < max(responses)  # some officers fall below the minimum
    assert all(1 <= o.mean_u6 <= 4 for o in officers if o.mean_u6 is not None)
    assert all(25 <= o.ikm <= 100 for o in officers if o.ikm is not None)
    assert len({o.unit_id for o in officers}) == 20
    assert any(o.trained_in_window for o in officers)


def _analysis_with(row: TestResult, included: int = 40) -> TrainingAnalysis:
    sample = OutcomeSample("U6", included, 0, included, 0, 0)
    rows = [row] + [
        TestResult.not_run(o, t, 0, NOTE_TOO_FEW_OFFICERS)
        for o in OUTCOMES
        for t in TESTS
        if (o, t) != (row.outcome, row.test)
    ]
    return TrainingAnalysis(included + 3, 3, 20, 0.05, 999, 0, (sample,), tuple(rows))


def test_the_summary_puts_size_direction_and_certainty_into_words():
    row = TestResult("U6", SPEARMAN_JP, 0.42, 0.15, 0.63, 0.004, 0.012, 40, "", 0.42)

    indonesian = " ".join(summarise(_analysis_with(row), "id"))
    english = " ".join(summarise(_analysis_with(row), "en"))

    assert "sedang" in indonesian and "moderate" in english
    assert "lebih tinggi" in indonesian and "higher" in english
    assert "0,42" in indonesian and "0,15 sampai 0,63" in indonesian
    assert "0.42" in english and "0.15 to 0.63" in english
    assert "q = 0,012" in indonesian and "cukup meyakinkan" in indonesian
    assert "3 petugas tidak diikutkan" in indonesian and "3 officers were left out" in english
    assert "bukan sebab-akibat" in indonesian and "not causation" in english
    assert "satuan analisisnya petugas" in indonesian


def test_the_summary_says_when_a_finding_is_not_certain_and_why_a_test_did_not_run():
    row = TestResult("U6", DID_TRAINING, -0.05, -0.2, 0.1, 0.4, 0.6, 12, "", -0.3, (6, 6))

    paragraphs = summarise(_analysis_with(row, included=12), "id")
    text = " ".join(paragraphs)

    assert "belum meyakinkan" in text and "kurang baik" in text and "lemah" in text
    assert "terlalu sedikit petugas" in text
    assert "kecil (12)" in text


def test_size_words_follow_the_conventional_cut_offs():
    def row(test, standardized):
        return TestResult("U6", test, standardized, None, None, 0.5, 0.5, 50, "", standardized)

    assert size_word(row(SPEARMAN_JP, 0.05), "id") == "sangat lemah"
    assert size_word(row(SPEARMAN_JP, -0.2), "id") == "lemah"
    assert size_word(row(MANNWHITNEY_20JP, 0.35), "en") == "moderate"
    assert size_word(row(SPEARMAN_JP, 0.6), "id") == "kuat"
    assert size_word(row(DID_TRAINING, 0.35), "id") == "lemah"  # Cohen's d, not r
    assert size_word(dataclasses.replace(row(DID_TRAINING, 0.0), standardized=None), "id") is None


def test_a_negligible_association_is_reported_without_a_direction():
    row = TestResult("U6", SPEARMAN_JP, 0.04, -0.2, 0.25, 0.7, 0.9, 40, "", 0.04)

    indonesian = summarise(_analysis_with(row), "id")[1]
    english = summarise(_analysis_with(row), "en")[1]

    assert "hampir tidak ada hubungan" in indonesian and "lebih tinggi" not in indonesian
    assert "almost no association" in english
