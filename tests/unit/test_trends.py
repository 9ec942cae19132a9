"""Period sums, the fast exact IKM and the change-versus-noise test, with literal numbers."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from surveys.method.scoring import compute_ikm
from surveys.method.trends import PeriodSums, Spread, ikm_change, sums_from_row

# 100 respondents: 50 answered 4 to everything (total 36), 50 answered 3 (total 27).
HALF_AND_HALF = Spread(n=100, total=3150, squares=50 * 36 * 36 + 50 * 27 * 27)
# 100 respondents: 30 with total 36, 70 with total 27.
MOSTLY_THREES = Spread(n=100, total=2970, squares=30 * 36 * 36 + 70 * 27 * 27)


def test_the_standard_error_of_the_ikm_follows_from_sums_of_squares():
    # variance of totals = (101250 - 3150²/100) / 99 = 20.4545…; 25/9 × √(20.4545/100) = 1.2563
    assert round(HALF_AND_HALF.ikm_standard_error(), 4) == 1.2563
    assert round(MOSTLY_THREES.ikm_standard_error(), 4) == 1.1514


def test_a_five_point_rise_on_a_hundred_respondents_each_is_more_than_noise():
    change = ikm_change(Decimal("87.50"), HALF_AND_HALF, Decimal("82.50"), MOSTLY_THREES)
    assert change.difference == Decimal("5.00")
    assert round(change.t, 2) == 2.93
    # Welch's t on ~196 degrees of freedom: a little wider than the normal's 1.66 to 8.34.
    assert (change.low, change.high) == (Decimal("1.64"), Decimal("8.36"))
    assert round(change.p, 4) == 0.0037
    assert change.distinguishable
    assert change.direction == "up"


def test_a_one_and_a_half_point_rise_on_the_same_samples_is_within_noise():
    change = ikm_change(Decimal("87.50"), HALF_AND_HALF, Decimal("86.00"), MOSTLY_THREES)
    assert round(change.t, 2) == 0.88
    assert (change.low, change.high) == (Decimal("-1.86"), Decimal("4.86"))
    assert not change.distinguishable


def test_a_fall_is_reported_as_down():
    change = ikm_change(Decimal("82.50"), MOSTLY_THREES, Decimal("87.50"), HALF_AND_HALF)
    assert change.direction == "down"
    assert change.distinguishable


def test_there_is_no_change_without_two_complete_respondents_in_each_period():
    assert ikm_change(Decimal("90"), Spread(1, 36, 1296), Decimal("80"), HALF_AND_HALF) is None
    assert ikm_change(None, HALF_AND_HALF, Decimal("80"), HALF_AND_HALF) is None


def test_identical_answers_everywhere_make_any_change_distinguishable_and_none_not():
    all_fours = Spread(10, 360, 10 * 1296)
    all_threes = Spread(10, 270, 10 * 729)
    assert ikm_change(Decimal("100.00"), all_fours, Decimal("75.00"), all_threes).distinguishable
    same = ikm_change(Decimal("100.00"), all_fours, Decimal("100.00"), all_fours)
    assert not same.distinguishable
    assert same.direction == "same"


def test_the_check_case_sums_give_91_48():
    sums = PeriodSums(29, (105, 101, 100, 116, 102, 105, 106, 105, 115), (29,) * 9)
    assert sums.ikm() == Decimal("91.48")


def test_sums_add_up_element_by_element():
    a = PeriodSums(1, (4,) * 9, (1,) * 9, Spread(1, 36, 1296))
    b = PeriodSums(2, (5,) * 9, (2,) * 9, Spread(1, 27, 729))
    total = a + b
    assert (total.n, total.sums[0], total.counts[8]) == (3, 9, 3)
    assert total.spread == Spread(2, 63, 2025)


def test_a_rollup_row_with_nulls_reads_as_zeros():
    sums = sums_from_row({"n": 3, "s1": 9, "c1": 3, "complete_n": None})
    assert (sums.n, sums.sums[0], sums.sums[1], sums.spread.n) == (3, 9, 0, 0)


def test_an_element_nobody_answered_leaves_no_ikm():
    assert PeriodSums(3, (9,) * 8 + (0,), (3,) * 8 + (0,)).ikm() is None
    assert PeriodSums().ikm() is None
    assert PeriodSums().rough_ikm() is None


@st.composite
def element_sums(draw):
    n = draw(st.integers(1, 400))
    counts = tuple(draw(st.integers(1, n)) for _ in range(9))
    sums = tuple(draw(st.integers(c, 4 * c)) for c in counts)
    return PeriodSums(n, sums, counts)


@given(element_sums())
def test_the_fast_ikm_is_exactly_the_regulation_ikm(sums):
    expected = compute_ikm(sums.totals(), sums.n).ikm
    assert sums.ikm() == expected
    assert abs(sums.rough_ikm() - float(expected)) < 0.006
