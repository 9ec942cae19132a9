from datetime import UTC, date, datetime

import pytest

from surveys.method import periods


def test_a_quarter_spans_three_whole_months():
    assert periods.quarter(2026, 1) == periods.Period(date(2026, 1, 1), date(2026, 3, 31))
    assert periods.quarter(2026, 4).end == date(2026, 12, 31)


def test_the_previous_period_of_a_quarter_is_the_quarter_before():
    assert periods.quarter(2026, 1).previous() == periods.quarter(2025, 4)


def test_the_previous_period_of_a_custom_range_has_the_same_length():
    custom = periods.Period(date(2026, 3, 10), date(2026, 3, 19))
    assert custom.previous() == periods.Period(date(2026, 2, 28), date(2026, 3, 9))


def test_a_semester_and_a_year():
    assert periods.semester(2026, 2) == periods.Period(date(2026, 7, 1), date(2026, 12, 31))
    assert periods.year(2025).days == 365


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        periods.Period(date(2026, 2, 1), date(2026, 1, 31))


def test_the_local_day_follows_jakarta_time():
    # 18:30 UTC on 31 March is already 1 April in WIB (UTC+7).
    assert periods.local_day(datetime(2026, 3, 31, 18, 30, tzinfo=UTC)) == date(2026, 4, 1)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        periods.local_day(datetime(2026, 3, 31, 18, 30))
