"""The before/after windows of the training difference in differences (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from surveys.method.periods import Period
from surveys.training.windows import (
    COMPARISON,
    NO_TRAINED_COLLEAGUE,
    TRAINED,
    TRAINED_NEARBY,
    assign,
    first_events,
    settle,
    typical_windows,
    windows_around,
)

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def test_the_windows_are_the_three_whole_months_before_and_after_the_training_months():
    windows = windows_around(date(2026, 2, 9), date(2026, 3, 13))
    assert windows.before == Period(date(2025, 11, 1), date(2026, 1, 31))
    assert windows.after == Period(date(2026, 4, 1), date(2026, 6, 30))
    assert windows.span == Period(date(2025, 11, 1), date(2026, 6, 30))
    one_month = windows_around(date(2026, 1, 31), date(2026, 1, 31), months=1)
    assert one_month.before == Period(date(2025, 12, 1), date(2025, 12, 31))
    assert one_month.after == Period(date(2026, 2, 1), date(2026, 2, 28))


def test_a_training_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        windows_around(date(2026, 2, 9), date(2026, 2, 8))


def test_the_first_training_ending_inside_the_period_is_the_event():
    trainings = [
        (1, date(2026, 3, 1), date(2026, 3, 5)),
        (1, date(2026, 1, 20), date(2026, 2, 2)),  # ends first: the event
        (1, date(2025, 12, 1), date(2025, 12, 3)),  # before the period
        (2, date(2026, 3, 30), date(2026, 4, 2)),  # ends after the period: no event
        (3, date(2025, 12, 29), date(2026, 1, 1)),  # ends on the first day: counts
    ]
    assert first_events(trainings, Q1) == {
        1: (date(2026, 1, 20), date(2026, 2, 2)),
        3: (date(2025, 12, 29), date(2026, 1, 1)),
    }


def test_the_typical_windows_surround_the_lower_medians_of_starts_and_ends():
    events = [
        (date(2026, 1, 10), date(2026, 1, 12)),
        (date(2026, 2, 1), date(2026, 2, 20)),
        (date(2026, 3, 1), date(2026, 3, 2)),
        (date(2026, 3, 5), date(2026, 3, 6)),
    ]
    assert typical_windows(events) == windows_around(date(2026, 2, 1), date(2026, 2, 20))


def test_officers_get_their_roles_and_the_unit_windows():
    unit_of = {1: 10, 2: 10, 3: 10, 4: 20, 5: 30}
    events = {1: (date(2026, 2, 1), date(2026, 2, 3)), 4: (date(2026, 3, 1), date(2026, 3, 1))}
    assignments, unit_windows = assign(unit_of, events, Q1)
    assert assignments[1].role == TRAINED
    assert assignments[1].windows == windows_around(date(2026, 2, 1), date(2026, 2, 3))
    assert assignments[2].role == assignments[3].role == COMPARISON
    assert assignments[2].windows == unit_windows[10] == assignments[1].windows
    # Unit 30 has nobody trained: the median event of everyone, so its officers can be
    # reported as having no one to compare with rather than as missing.
    assert assignments[5].role == NO_TRAINED_COLLEAGUE
    assert assignments[5].windows == typical_windows(list(events.values()))
    assert set(unit_windows) == {10, 20}


def test_without_any_trained_officer_the_windows_surround_the_middle_of_the_period():
    assignments, unit_windows = assign({1: 10, 2: 10}, {}, Q1)
    assert unit_windows == {}
    middle = date(2026, 2, 14)
    assert assignments[1].windows == windows_around(middle, middle)
    assert assignments[1].role == NO_TRAINED_COLLEAGUE


def test_a_comparison_officer_who_trained_near_the_windows_is_left_out():
    assignments, _ = assign({1: 10, 2: 10, 3: 10}, {1: (date(2026, 2, 1), date(2026, 2, 3))}, Q1)
    settled = settle(assignments, trained_nearby={1, 3})
    assert settled[1].role == TRAINED  # the event's own officer stays trained
    assert settled[2].role == COMPARISON
    assert settled[3].role == TRAINED_NEARBY and settled[3].windows is None
