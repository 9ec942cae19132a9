"""Competency rules on literal values: expiry, append-only history, gaps, match, JP."""

from datetime import date
from decimal import Decimal

import pytest

from surveys.competency.rules import (
    AssessedLevel,
    Band,
    band_for,
    current_levels,
    expires_on,
    is_current,
    job_person_match,
    jp_for,
)

KOMUNIKASI, INTEGRITAS = 1, 2
BANDS = (Band("optimal", "Optimal", 90), Band("cukup", "Cukup", 78), Band("kurang", "Kurang", 0))


def test_an_assessment_is_current_for_three_years_and_expired_on_the_anniversary():
    assert expires_on(date(2023, 5, 10)) == date(2026, 5, 10)
    assert is_current(date(2023, 5, 10), date(2026, 5, 9))
    assert not is_current(date(2023, 5, 10), date(2026, 5, 10))


def test_an_assessment_on_the_29th_of_february_expires_on_the_28th():
    assert expires_on(date(2024, 2, 29)) == date(2027, 2, 28)


def test_a_correction_replaces_the_levels_of_the_assessment_it_names():
    history = [
        AssessedLevel(10, date(2025, 1, 5), KOMUNIKASI, 4),
        AssessedLevel(10, date(2025, 1, 5), INTEGRITAS, 3),
        AssessedLevel(11, date(2025, 1, 5), KOMUNIKASI, 2, replaces=10),
    ]

    levels = current_levels(history, date(2025, 6, 1))

    assert levels[KOMUNIKASI].level == 2
    assert levels[KOMUNIKASI].assessment == 11
    # The corrected assessment no longer speaks for integritas either.
    assert INTEGRITAS not in levels


def test_the_newest_assessment_wins_and_an_older_one_does_not():
    history = [
        AssessedLevel(12, date(2025, 3, 1), KOMUNIKASI, 3),
        AssessedLevel(7, date(2022, 3, 1), KOMUNIKASI, 1),
    ]

    assert current_levels(history, date(2025, 6, 1))[KOMUNIKASI].level == 3


def test_an_expired_level_is_shown_marked_and_leaves_a_gap_unknown():
    history = [AssessedLevel(3, date(2021, 1, 4), KOMUNIKASI, 3)]
    levels = current_levels(history, date(2025, 6, 1))

    assert levels[KOMUNIKASI].expired
    match = job_person_match({KOMUNIKASI: 3}, levels, BANDS)
    assert match.gaps[0].level is None
    assert match.percent is None


def test_the_match_caps_each_competency_at_its_requirement():
    history = [
        AssessedLevel(1, date(2025, 1, 1), KOMUNIKASI, 5),
        AssessedLevel(1, date(2025, 1, 1), INTEGRITAS, 2),
    ]
    levels = current_levels(history, date(2025, 6, 1))

    match = job_person_match({KOMUNIKASI: 3, INTEGRITAS: 3}, levels, BANDS)

    assert match.percent == Decimal("83.3")
    assert match.band is not None and match.band.code == "cukup"
    assert [gap.gap for gap in match.gaps] == [-2, 1]
    assert match.below == 1


def test_no_match_is_given_while_a_required_competency_is_unassessed():
    levels = current_levels([AssessedLevel(1, date(2025, 1, 1), KOMUNIKASI, 3)], date(2025, 2, 1))

    match = job_person_match({KOMUNIKASI: 3, INTEGRITAS: 3}, levels, BANDS)

    assert match.percent is None
    assert match.missing == 1


def test_bands_take_the_highest_minimum_reached():
    assert band_for(Decimal(90), BANDS).code == "optimal"
    assert band_for(Decimal("89.9"), BANDS).code == "cukup"
    assert band_for(Decimal(0), BANDS).code == "kurang"
    assert band_for(Decimal(50), BANDS[:1]) is None


def test_jp_equivalents_round_half_up_to_whole_jp():
    assert jp_for(Decimal(3), Decimal("1.33")) == 4
    assert jp_for(Decimal("1.5"), Decimal(1)) == 2
    assert jp_for(Decimal(2), Decimal(8)) == 16
    with pytest.raises(ValueError):
        jp_for(Decimal(-1), Decimal(1))
