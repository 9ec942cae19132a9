"""The combined result of a parent unit: sums added, never IKMs averaged."""

from decimal import Decimal

from surveys.method.trends import PeriodSums
from surveys.reporting.city import combined_series


def sums(n: int, value: int) -> PeriodSums:
    """``n`` respondents who all gave ``value`` to every element."""
    return PeriodSums(n, (n * value,) * 9, (n,) * 9)


def test_a_combined_ikm_weighs_every_respondent_not_every_unit():
    big, small = sums(9, 1), sums(1, 4)  # IKM 25,00 and 100,00
    combined = combined_series([1, 2], {1: [big], 2: [small]}, 1)[0]
    assert combined.n == 10
    # (9 × 1 + 1 × 4) / 10 = 1,3 per element → 32,50; the mean of the IKMs would be 62,50.
    assert combined.ikm() == Decimal("32.50")


def test_a_unit_without_answers_in_a_period_adds_nothing():
    combined = combined_series([1, 2, 3], {1: [sums(2, 4), PeriodSums()], 2: [sums(2, 2)]}, 2)
    assert combined[0].n == 4 and combined[0].ikm() == Decimal("75.00")
    assert combined[1] == PeriodSums()


def test_the_check_case_split_over_two_units_adds_back_to_91_48():
    from tests.check_case import check_case_answers

    answers = check_case_answers()

    def of(rows):
        totals = tuple(sum(r[f"U{i}"] for r in rows) for i in range(1, 10))
        return PeriodSums(len(rows), totals, (len(rows),) * 9)

    combined = combined_series([1, 2], {1: [of(answers[:5])], 2: [of(answers[5:])]}, 1)[0]
    assert combined.ikm() == Decimal("91.48")
