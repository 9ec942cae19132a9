"""Level 3 rules from literal dates and ratings: the 60-90 day window, weak results, summaries."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from surveys.evaluation.behaviour import (
    DONE,
    DUE,
    NOT_YET,
    OVERDUE,
    behaviour_status,
    behaviour_summary,
    behaviour_window,
    is_weak,
    weakest,
)

END = date(2026, 3, 5)


def test_the_window_opens_60_days_after_the_event_and_is_due_at_90():
    window = behaviour_window(END)
    assert (window.opens, window.due) == (date(2026, 5, 4), date(2026, 6, 3))


def test_an_evaluation_is_not_yet_due_the_day_before_it_opens():
    assert behaviour_status(END, date(2026, 5, 3), answered=False) == NOT_YET


def test_an_evaluation_is_due_from_the_day_it_opens_through_the_due_day():
    assert behaviour_status(END, date(2026, 5, 4), answered=False) == DUE
    assert behaviour_status(END, date(2026, 6, 3), answered=False) == DUE


def test_an_unanswered_evaluation_is_overdue_the_day_after_and_an_answered_one_never():
    assert behaviour_status(END, date(2026, 6, 4), answered=False) == OVERDUE
    assert behaviour_status(END, date(2026, 9, 1), answered=True) == DONE


def test_a_result_is_weak_below_two_and_a_half_or_with_a_competency_not_applied():
    assert is_weak({1: 2, 2: 2})
    assert is_weak({1: 4, 2: 4, 3: 1})
    assert not is_weak({1: 3, 2: 2})
    assert not is_weak({})


def test_the_weakest_competency_is_the_lowest_rated_first_by_id():
    assert weakest({7: 3, 4: 2, 5: 2}) == 4
    assert weakest({}) is None


def test_the_summary_counts_supervisors_against_those_present_and_averages_per_competency():
    answers = [
        {"respondent": "supervisor", "ratings": {1: 4, 2: 2}},
        {"respondent": "supervisor", "ratings": {1: 1, 2: 2}},
        {"respondent": "self", "ratings": {1: 4, 2: 4}},
    ]
    summary = behaviour_summary(answers, present=4)
    assert summary.completion == Fraction(1, 2)
    assert summary.supervisor_means == {1: Decimal("2.50"), 2: Decimal("2.00")}
    assert summary.self_means == {1: Decimal("4.00"), 2: Decimal("4.00")}
    assert summary.weak == 1
