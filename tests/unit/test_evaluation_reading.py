"""The report's reading: numbers only above each level's minimum sample, in both languages."""

from datetime import date

from surveys.evaluation.behaviour import behaviour_summary
from surveys.evaluation.reading import event_reading
from surveys.evaluation.results import event_windows, impact_of
from surveys.evaluation.scores import learning_summary, reaction_summary

ITEMS = ("material", "trainer")


def _figures(reactions: int, tested: int):
    reaction = reaction_summary([{"material": 4, "trainer": 3}] * reactions, ITEMS)
    learning = learning_summary([(40, 70)] * tested)
    behaviour = behaviour_summary([{"respondent": "supervisor", "ratings": {1: 1}}], 6)
    impact = impact_of(event_windows(date(2026, 3, 2), date(2026, 3, 5)), False, [])
    return reaction, learning, behaviour, impact


def test_enough_answers_are_read_with_their_numbers_in_indonesian_decimals():
    lines = event_reading(*_figures(6, 6), "id")
    assert lines[0] == "Reaksi: 6 peserta menilai kegiatan rata-rata 3,50 dari 4."
    assert "kenaikan ternormalisasi 0,50" in lines[1]
    assert lines[2].endswith("1 hasil lemah.")
    assert lines[3].startswith("Warga: belum dapat dinilai")


def test_too_few_answers_are_said_to_be_too_few_in_english():
    lines = event_reading(*_figures(2, 1), "en")
    assert lines[0] == "Reaction: only 2 participants rated it, too few to read."
    assert lines[1] == "Learning: 1 participants took both tests, too few to read."
