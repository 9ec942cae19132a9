"""The dashboard's period picker: kinds, canonical from/to, neighbours and bad input."""

from __future__ import annotations

from datetime import date

from surveys.method.period_choice import infer_kind, parse_period_choice
from surveys.method.periods import Period, split_by_months

TODAY = date(2026, 5, 20)


def parse(**params):
    return parse_period_choice(params, TODAY)


def test_without_parameters_it_is_the_current_triwulan():
    choice, errors = parse()
    assert errors == {}
    assert (choice.kind, choice.period) == ("quarter", Period(date(2026, 4, 1), date(2026, 6, 30)))
    assert choice.number == 2


def test_each_kind_picks_its_calendar_period():
    assert parse(kind="month", year="2025", month="2")[0].period == Period(
        date(2025, 2, 1), date(2025, 2, 28)
    )
    assert parse(kind="quarter", year="2025", quarter="4")[0].period == Period(
        date(2025, 10, 1), date(2025, 12, 31)
    )
    assert parse(kind="semester", year="2025", semester="2")[0].period == Period(
        date(2025, 7, 1), date(2025, 12, 31)
    )
    assert parse(kind="year", year="2024")[0].period == Period(date(2024, 1, 1), date(2024, 12, 31))


def test_a_range_that_is_a_triwulan_is_recognised_as_one():
    choice, errors = parse(**{"from": "2026-01-01", "to": "2026-03-31"})
    assert errors == {}
    assert (choice.kind, choice.number) == ("quarter", 1)
    assert infer_kind(Period(date(2026, 1, 1), date(2026, 1, 31))) == "month"
    assert infer_kind(Period(date(2026, 2, 1), date(2026, 4, 30))) == "custom"


def test_a_custom_range_keeps_its_length_when_stepping_back():
    choice, _ = parse(kind="custom", **{"from": "2026-03-10", "to": "2026-03-19"})
    assert choice.kind == "custom"
    assert choice.previous().period == Period(date(2026, 2, 28), date(2026, 3, 9))


def test_recent_periods_run_oldest_first_across_a_year_boundary():
    choice, _ = parse(kind="quarter", year="2026", quarter="1")
    labels = [(c.year, c.number) for c in choice.recent(3)]
    assert labels == [(2025, 3), (2025, 4), (2026, 1)]
    assert choice.query() == {"from": "2026-01-01", "to": "2026-03-31"}


def test_bad_input_names_the_field_and_falls_back_to_the_default():
    choice, errors = parse(kind="month", year="2026", month="13")
    assert set(errors) == {"month"}
    assert choice.kind == "quarter"
    assert set(parse(kind="weekly")[1]) == {"kind"}
    assert set(parse(kind="year", year="1999")[1]) == {"year"}
    assert set(parse(**{"from": "2026-02-30", "to": "2026-03-01"})[1]) == {"from"}
    assert set(parse(**{"from": "2026-03-01"})[1]) == {"to"}
    assert set(parse(**{"from": "2026-03-02", "to": "2026-03-01"})[1]) == {"to"}


def test_a_period_splits_into_whole_months_and_edge_days():
    assert split_by_months(Period(date(2026, 1, 1), date(2026, 3, 31))) == (
        (date(2026, 1, 1), date(2026, 3, 1)),
        (),
    )
    assert split_by_months(Period(date(2026, 1, 15), date(2026, 3, 10))) == (
        (date(2026, 2, 1), date(2026, 2, 1)),
        (Period(date(2026, 1, 15), date(2026, 1, 31)), Period(date(2026, 3, 1), date(2026, 3, 10))),
    )
    short = Period(date(2026, 1, 15), date(2026, 2, 10))
    assert split_by_months(short) == (None, (short,))


def test_the_next_period_is_offered_only_once_it_has_begun():
    current = parse()[0]  # triwulan II 2026, today 20 May
    assert current.following_begun_by(TODAY) is None  # triwulan III is still ahead
    earlier = parse(kind="quarter", year="2026", quarter="1")[0]
    assert earlier.following_begun_by(TODAY) == current
    assert current.following_begun_by(date(2026, 7, 1)).period.start == date(2026, 7, 1)
    custom = parse(**{"kind": "custom", "from": "2026-05-01", "to": "2026-05-19"})[0]
    assert custom.following_begun_by(TODAY) is not None  # 20 May onwards has begun
    assert custom.following_begun_by(date(2026, 5, 19)) is None
