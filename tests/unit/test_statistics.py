"""The training statistics on literal numbers: estimates, edge cases, summary text."""

import math

import numpy as np
import pytest
from scipy import stats

from surveys.training.statistics import (
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
    analyse_training,
    simulate_officers,
)
from surveys.training.statistics.did import did_training, stack_officers
from surveys.training.statistics.rank_tests import mannwhitney_20jp, spearman_jp
from surveys.training.statistics.resampling import (
    Resampler,
    dense_codes,
    percentile_interval,
    permutation_p_value,
    resampled_ranks,
)
from surveys.training.summary import Indonesian, summarise

ID = Indonesian()

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
        event=kwargs.get("event"),
        training_months=frozenset(kwargs.get("training_months", ())),
        monthly=kwargs.get("monthly", {}),
    )


def one_unit(n):
    return np.ones(n, dtype=np.int64)


def test_the_spearman_estimate_equals_scipy_spearmanr_on_literal_data():
    result = spearman_jp("U6", one_unit(12), JP, U6, resampler=Resampler(0, 999), alpha=0.05)

    assert result.estimate == pytest.approx(stats.spearmanr(JP, U6).statistic, abs=1e-12)
    assert result.n == 12
    assert result.ci_low < result.estimate < result.ci_high


def _spearman_along_axis(x, y, axis=-1):
    ranks_x, ranks_y = stats.rankdata(x, axis=axis), stats.rankdata(y, axis=axis)
    return stats.pearsonr(ranks_x, ranks_y, axis=axis).statistic


def test_the_spearman_permutation_p_value_agrees_with_scipy_permutation_test():
    noisy = U6 + np.array([0.3, -0.2, 0.1, 0.4, -0.3, 0.0, 0.2, -0.4, 0.1, -0.2, 0.0, -0.3])
    ours = spearman_jp("U6", one_unit(12), JP, noisy, resampler=Resampler(1, 9999), alpha=0.05)
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

    result = mannwhitney_20jp(
        "U6", one_unit(10), jp, values, resampler=Resampler(0, 999), alpha=0.05
    )

    assert result.estimate == pytest.approx(0.72)
    assert result.groups == (5, 5)
    assert stats.mannwhitneyu(values[:5], values[5:]).statistic == 21.5


def test_the_mann_whitney_p_value_agrees_with_scipy_permutation_method():
    high = JP >= 20
    ours = mannwhitney_20jp("U6", one_unit(12), JP, U6, resampler=Resampler(2, 9999), alpha=0.05)
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


def test_ranking_within_units_removes_a_pattern_between_units():
    # Unit 1: less JP, higher scores; unit 2: more JP, lower scores. Inside each unit, more JP
    # goes with a higher score: pooled, the ranks say the opposite.
    units = np.array([1] * 6 + [2] * 6, dtype=np.int64)
    jp = np.array([0, 2, 4, 6, 8, 10, 30, 32, 34, 36, 38, 40], dtype=float)
    values = np.array([3.5, 3.6, 3.7, 3.8, 3.9, 4.0, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0])

    within = spearman_jp("U6", units, jp, values, resampler=Resampler(0, 999), alpha=0.05)
    split = mannwhitney_20jp("U6", units, jp, values, resampler=Resampler(0, 999), alpha=0.05)

    assert stats.spearmanr(jp, values).statistic < -0.4  # what a pooled ranking reports
    assert within.estimate == pytest.approx(1.0)
    assert within.units == 2 and within.n == 12
    assert within.p_value < 0.05
    # No unit has officers on both sides of 20 JP: nothing to compare, said so.
    assert split.note == NOTE_NO_COMPARABLE_UNITS and split.estimate is None


def test_the_van_elteren_estimate_weights_units_by_their_pairs():
    # Unit 1: 3 high vs 3 low, high always better (r = 1), weight 3*3/7.
    # Unit 2: 2 high vs 4 low, high always worse (r = -1), weight 2*4/7.
    units = np.array([1] * 6 + [2] * 6, dtype=np.int64)
    jp = np.array([24, 30, 40, 0, 4, 8] + [20, 22, 0, 2, 4, 6], dtype=float)
    values = np.array([3.9, 3.8, 3.7, 3.0, 3.1, 3.2] + [2.0, 2.1, 3.0, 3.1, 3.2, 3.3])

    result = mannwhitney_20jp("U6", units, jp, values, resampler=Resampler(0, 999), alpha=0.05)

    assert result.estimate == pytest.approx((9 / 7 - 8 / 7) / (17 / 7))
    assert result.groups == (5, 7) and result.units == 2
    assert -1 <= result.ci_low <= result.estimate <= result.ci_high <= 1


def test_a_unit_with_one_officer_or_one_jp_adds_nothing_to_the_correlation():
    units = np.array([1] * 8 + [2] * 4 + [3], dtype=np.int64)
    jp = np.array([0, 4, 8, 12, 16, 20, 24, 28] + [10] * 4 + [50], dtype=float)
    values = np.array([3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7] + [1.0, 4.0, 2.0, 3.0] + [1.0])

    result = spearman_jp("U6", units, jp, values, resampler=Resampler(0, 199), alpha=0.05)

    assert result.estimate == pytest.approx(1.0)
    assert (result.n, result.units) == (8, 1)


def _month_sums(u6_mean: float, n: int) -> tuple[int, ...]:
    total = round(u6_mean * n)
    return (total, n, total, n, 9 * total, 9 * n)


def _panel(level: float, months: range, n: int = 4, gain: float = 0.0, after: int = 99):
    return {m: _month_sums(level + (gain if m > after else 0.0) + shock(m), n) for m in months}


def shock(month: int) -> float:
    # A unit-wide shock: every officer of the unit rises by half a point in months 3 and 9.
    return 0.5 if month in (3, 9) else 0.0


def test_the_staggered_did_compares_each_training_with_unit_colleagues_in_the_same_months():
    # Six officers trained in different months gain one point afterwards; six never trained.
    # A shock hits the whole unit in months 3 and 9: the same months cancel it.
    months = range(-12, 24)
    officers = []
    for i in range(6):
        start = 2 + i  # trainings staggered from month 2 to month 7
        officers.append(
            officer(
                i,
                event=(start, start),
                training_months=[start],
                monthly=_panel(2.5, months, gain=1.0, after=start),
            )
        )
    officers += [officer(10 + i, monthly=_panel(2.5, months)) for i in range(6)]

    result = did_training("U6", stack_officers(officers), resampler=Resampler(0, 499), alpha=0.05)

    assert result.effect.estimate == pytest.approx(1.0)
    assert result.pretrend.estimate == pytest.approx(0.0)
    # The six never trained, and the two trained last serve the first trainings: not yet trained.
    assert result.trained == 6 and result.controls == 8
    assert [p.month for p in result.event_study] == [-6, -5, -4, -3, -2, -1, 1, 2, 3]
    assert [round(p.estimate, 6) for p in result.event_study] == [0.0] * 6 + [1.0] * 3


def test_a_colleague_trained_around_the_windows_is_not_a_control():
    months = range(-12, 24)
    trained = [
        officer(i, event=(6, 6), training_months=[6], monthly=_panel(3.0, months)) for i in range(5)
    ]
    # Trained in month 4 (inside the windows of month 6's trainings): not a clean control.
    nearby = officer(20, training_months=[4], monthly=_panel(3.0, months))
    # Trained long before (month -20, more than a year before the windows): fine.
    earlier = [
        officer(30 + i, training_months=[-20], monthly=_panel(3.0, months)) for i in range(5)
    ]
    # Another unit's officers are never controls.
    stranger = officer(40, unit=2, monthly=_panel(3.0, months))

    stacks = stack_officers([*trained, nearby, *earlier, stranger])

    controls = {stacks.officers[c].officer_id for _, c in stacks.pairs}
    assert controls == {30, 31, 32, 33, 34}


def test_a_trained_officer_without_a_clean_control_is_counted_not_compared():
    months = range(-12, 24)
    trained = [
        officer(i, event=(6, 6), training_months=[6], monthly=_panel(3.0, months)) for i in range(3)
    ]

    result = did_training("U6", stack_officers(trained), resampler=Resampler(0, 99), alpha=0.05)

    assert result.no_comparison == 3 and result.trained == 0
    assert result.effect.note == NOTE_NO_COMPARABLE_UNITS and result.effect.estimate is None
    assert set(result.roles.values()) == {"not_compared"}


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
    assert len(summarise(analysis, ID)) == 1


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
    assert "30" in summarise(analysis, ID)[0]


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
    assert analysis.result("U6", MANNWHITNEY_20JP).note == NOTE_NO_COMPARABLE_UNITS
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
            event=(6, 6) if i % 4 == 0 else None,
            training_months=[6] if i % 4 == 0 else [],
            monthly=_panel(
                (3.0, 3.5)[i % 7 == 0], range(-6, 12), gain=(0.0, 0.5)[i % 3 == 0], after=6
            ),
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
    assert any(o.event is not None for o in officers)
