"""The period change test and the IKM's interval: Welch's t with the t distribution, no verdict
below the minimum, Benjamini–Hochberg over the nine elements, checked by simulation."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from surveys.method.inference import Moments, benjamini_hochberg, welch
from surveys.method.trends import Spread, element_changes, ikm_change, ikm_interval

# 100 respondents: 50 answered 4 to everything (total 36), 50 answered 3 (total 27).
HALF_AND_HALF = Spread(n=100, total=3150, squares=50 * 36 * 36 + 50 * 27 * 27)
MOSTLY_THREES = Spread(n=100, total=2970, squares=30 * 36 * 36 + 70 * 27 * 27)
# Answers 1..4 drawn as citizens tend to give them; a respondent's mood is shared by elements.
ANSWER_SHARES = np.array([0.05, 0.15, 0.5, 0.3])


def _totals(rng: np.random.Generator, pairs: int, n: int) -> np.ndarray:
    mood = rng.choice(4, size=(pairs, n), p=ANSWER_SHARES) + 1
    jitter = rng.choice([-1, 0, 0, 0, 1], size=(pairs, n, 9))
    return np.clip(mood[..., None] + jitter, 1, 4).sum(axis=-1)


def _false_positives(a: np.ndarray, b: np.ndarray) -> float:
    n = a.shape[1]
    result = welch(n, a.sum(1), (a * a).sum(1), n, b.sum(1), (b * b).sum(1))
    return float((result.p < 0.05).mean())


def test_a_clear_rise_above_the_minimum_on_both_sides_is_judged_real():
    change = ikm_change(Decimal("87.50"), HALF_AND_HALF, Decimal("82.50"), MOSTLY_THREES, 30)
    assert change.judged and change.distinguishable
    assert (change.n, change.previous_n) == (100, 100)


def test_below_the_minimum_on_one_side_the_change_gets_no_verdict_and_no_interval():
    few = Spread(n=12, total=12 * 36, squares=12 * 36 * 36)
    change = ikm_change(Decimal("100.00"), few, Decimal("82.50"), MOSTLY_THREES, 30)
    assert change.difference == Decimal("17.50")
    assert not change.judged
    assert not change.distinguishable
    assert change.low is None and change.high is None


def test_the_same_samples_are_judged_once_the_minimum_is_lower():
    few = Spread(n=12, total=12 * 36, squares=12 * 36 * 36)
    change = ikm_change(Decimal("100.00"), few, Decimal("82.50"), MOSTLY_THREES, 10)
    assert change.judged and change.distinguishable


def test_welch_agrees_with_scipys_own_welch_test():
    from scipy import stats

    result = welch(100, 3150, 101250, 100, 2970, 30 * 1296 + 70 * 729)
    sd1 = ((101250 - 3150**2 / 100) / 99) ** 0.5
    sd2 = ((30 * 1296 + 70 * 729 - 2970**2 / 100) / 99) ** 0.5
    expected = stats.ttest_ind_from_stats(31.5, sd1, 100, 29.7, sd2, 100, equal_var=False)
    assert result.t == pytest.approx(expected.statistic)
    assert result.p == pytest.approx(expected.pvalue)


@pytest.mark.parametrize("n", [3, 5, 10, 20, 30])
def test_with_no_real_change_false_positives_stay_near_five_percent(n):
    rng = np.random.default_rng(n)
    rate = _false_positives(_totals(rng, 4000, n), _totals(rng, 4000, n))
    # 4,000 pairs: a 5 % test shows 4.3–5.7 % two times in three; small n is conservative.
    assert 0.02 <= rate <= 0.062, rate


def test_the_old_normal_z_would_have_flagged_far_more_than_five_percent_at_n_3():
    from scipy import stats

    rng = np.random.default_rng(3)
    a, b = _totals(rng, 4000, 3), _totals(rng, 4000, 3)
    t = welch(3, a.sum(1), (a * a).sum(1), 3, b.sum(1), (b * b).sum(1)).t
    z_rate = float((2 * stats.norm.sf(np.abs(t)) < 0.05).mean())
    assert z_rate > 0.09 > _false_positives(a, b)


def test_single_elements_with_no_real_change_flag_near_five_percent_at_thirty_answers():
    rng = np.random.default_rng(30)
    a = rng.choice(4, size=(4000, 30), p=ANSWER_SHARES) + 1
    b = rng.choice(4, size=(4000, 30), p=ANSWER_SHARES) + 1
    assert 0.035 <= _false_positives(a, b) <= 0.062


def _moments(values: list[int]) -> Moments:
    return Moments(len(values), sum(values), sum(v * v for v in values))


def test_benjamini_hochberg_holds_back_an_element_that_is_only_nominally_significant():
    # U1 moves a little (p ≈ 0.02 on its own); the other eight stay where they were.
    steady = _moments([3] * 20 + [4] * 20)
    previous = {code: steady for code in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")}
    current = dict(previous, U1=_moments([3] * 10 + [4] * 30))
    changes = element_changes(current, previous, minimum_n=30)
    assert changes["U1"].p < 0.05
    assert changes["U1"].q > 0.05
    assert not changes["U1"].distinguishable
    assert changes["U1"].difference == Decimal("6.25")


def test_a_large_change_in_one_element_survives_the_correction():
    steady = _moments([3] * 20 + [4] * 20)
    previous = {code: steady for code in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")}
    current = dict(previous, U3=_moments([2] * 30 + [3] * 10))
    changes = element_changes(current, previous, minimum_n=30)
    assert changes["U3"].distinguishable and changes["U3"].direction == "down"
    assert not any(c.distinguishable for code, c in changes.items() if code != "U3")


def test_elements_below_the_minimum_are_shown_but_neither_judged_nor_counted_in_the_family():
    previous = {"U1": _moments([3] * 40), "U2": _moments([3] * 5)}
    current = {"U1": _moments([4] * 40), "U2": _moments([4] * 5)}
    changes = element_changes(current, previous, minimum_n=30)
    assert changes["U2"].difference == Decimal("25.00")
    assert not changes["U2"].judged and changes["U2"].q is None
    assert changes["U1"].judged and changes["U1"].distinguishable
    assert "U3" not in changes


def test_benjamini_hochberg_matches_the_textbook_step_up():
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.5]) == pytest.approx(
        [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5]
    )
    assert benjamini_hochberg([]) == []


def test_the_ikm_interval_is_a_t_interval_on_the_respondents_totals():
    interval = ikm_interval(Decimal("87.50"), HALF_AND_HALF)
    # 25/9 × t(0.975, 99) × sd/√n = 2.7778 × 1.9842 × 0.4523 = 2.49
    assert (interval.low, interval.high, interval.n) == (Decimal("85.01"), Decimal("89.99"), 100)


def test_the_ikm_interval_stays_within_the_scale_and_needs_two_respondents():
    top = ikm_interval(Decimal("99.00"), Spread(n=10, total=351, squares=9 * 1296 + 27 * 27))
    assert top.high == Decimal("100.00")
    assert ikm_interval(Decimal("100.00"), Spread(1, 36, 1296)) is None
    assert ikm_interval(None, HALF_AND_HALF) is None


@pytest.mark.parametrize("n", [5, 10, 30, 100])
def test_the_ikm_interval_covers_the_true_ikm_about_95_times_in_100(n):
    from scipy import stats

    rng = np.random.default_rng(100 + n)
    truth = _totals(rng, 1, 200_000).mean()
    totals = _totals(rng, 4000, n)
    mean, sd = totals.mean(1), totals.std(1, ddof=1)
    margin = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    covered = float((np.abs(mean - truth) <= margin).mean())
    assert covered >= 0.93, covered
    # and the function the pages call gives the same margin for one of these samples
    one = totals[0]
    interval = ikm_interval(Decimal("60.00"), Spread(n, int(one.sum()), int((one * one).sum())))
    assert float(interval.high - interval.low) / 2 == pytest.approx(25 / 9 * margin[0], abs=0.006)


def test_with_no_real_change_the_nine_elements_together_rarely_flag_any():
    # Under the global null, Benjamini–Hochberg keeps the chance of any flag near alpha.
    rng = np.random.default_rng(9)
    flagged = 0
    trials = 800
    codes = [f"U{i}" for i in range(1, 10)]
    now = rng.choice(4, size=(trials, 9, 30), p=ANSWER_SHARES) + 1
    before = rng.choice(4, size=(trials, 9, 30), p=ANSWER_SHARES) + 1
    for trial in range(trials):

        def moments(values):
            return {
                code: Moments(30, int(v.sum()), int((v * v).sum()))
                for code, v in zip(codes, values, strict=True)
            }

        changes = element_changes(moments(now[trial]), moments(before[trial]), minimum_n=30)
        flagged += any(c.distinguishable for c in changes.values())
    # Nine unadjusted tests would flag some element about 37 % of the time.
    assert flagged / trials <= 0.075, flagged / trials
