from datetime import date

from surveys.training.hours import (
    JP_RIGHT_PER_YEAR,
    appointment_year,
    summarise_hours,
)

TODAY = date(2026, 11, 23)


def _training(end: date, jp: int, competency="teknis", form="Bimbingan teknis", classical=True):
    return {
        "end_date": end,
        "jp": jp,
        "competency": competency,
        "form": form,
        "classical": classical,
    }


def test_the_right_is_twenty_jp_a_year():
    assert JP_RIGHT_PER_YEAR == 20


def test_it_sums_jp_per_year_by_the_year_a_training_ends():
    summary = summarise_hours(
        [
            _training(date(2026, 3, 1), 12),
            _training(date(2026, 1, 10), 8, "manajerial", "Workshop/lokakarya"),
            _training(date(2025, 12, 30), 30),
        ],
        TODAY,
    )
    by_year = {y.year: y for y in summary.years}
    assert (by_year[2026].jp, by_year[2026].trainings) == (20, 2)
    assert by_year[2026].meets_right and by_year[2026].shortfall == 0
    assert by_year[2026].by_competency == {"teknis": 12, "manajerial": 8, "sosial_kultural": 0}
    assert by_year[2025].jp == 30
    assert summary.total_jp == 50
    assert summary.years_meeting_right == 2


def test_years_without_training_are_shown_as_zero_newest_first():
    summary = summarise_hours([_training(date(2024, 5, 1), 19)], TODAY)
    assert [y.year for y in summary.years] == [2026, 2025, 2024, 2023, 2022]
    assert [y.jp for y in summary.years] == [0, 0, 19, 0, 0]
    assert summary.years[2].shortfall == 1
    assert summary.years_meeting_right == 0


def test_an_early_training_extends_the_years_shown():
    summary = summarise_hours([_training(date(2015, 5, 1), 40)], TODAY)
    assert summary.years[-1].year == 2015
    assert len(summary.years) == 12


def test_no_years_before_the_appointment_unless_trained_then():
    summary = summarise_hours([], TODAY, since_year=2025)
    assert [y.year for y in summary.years] == [2026, 2025]


def test_it_groups_jp_by_form_most_first():
    summary = summarise_hours(
        [
            _training(date(2026, 1, 1), 4, form="E-learning", classical=False),
            _training(date(2026, 2, 1), 24, form="Pelatihan teknis"),
            _training(date(2025, 2, 1), 6, form="E-learning", classical=False),
        ],
        TODAY,
    )
    assert [(f.form, f.classical, f.trainings, f.jp) for f in summary.by_form] == [
        ("Pelatihan teknis", True, 1, 24),
        ("E-learning", False, 2, 10),
    ]


def test_an_officer_without_trainings_has_an_empty_summary():
    summary = summarise_hours([], TODAY)
    assert summary.total_jp == 0
    assert summary.by_form == ()
    assert summary.by_competency == {"teknis": 0, "manajerial": 0, "sosial_kultural": 0}


def test_it_reads_the_appointment_year_from_a_nip():
    assert appointment_year("198501012010012001") == 2010
    assert appointment_year("12345") is None
