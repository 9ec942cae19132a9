"""Levels 1 and 2 from literal numbers: item means, gains and normalised gains with spread."""

from decimal import Decimal
from fractions import Fraction

from surveys.evaluation.scores import (
    learning_summary,
    normalised_gain,
    reaction_summary,
    spread,
)

ITEMS = ("material", "trainer")


def test_the_spread_of_nothing_has_no_mean():
    assert spread([]).mean is None and spread([]).n == 0


def test_one_value_has_a_mean_but_no_standard_deviation():
    assert (spread([3]).mean, spread([3]).sd) == (Decimal("3.00"), None)


def test_the_spread_gives_the_sample_standard_deviation_and_quartiles():
    result = spread([1, 2, 3, 4])
    assert (result.mean, result.sd) == (Decimal("2.50"), Decimal("1.29"))
    assert (result.q1, result.median, result.q3) == (
        Decimal("1.75"),
        Decimal("2.50"),
        Decimal("3.25"),
    )


def test_a_reaction_summary_averages_each_item_and_the_participants_overall():
    answers = [{"material": 4, "trainer": 3}, {"material": 2, "trainer": 3}]
    summary = reaction_summary(answers, ITEMS)
    assert summary.items["material"].mean == Decimal("3.00")
    assert summary.items["trainer"].sd == Decimal("0.00")
    assert summary.overall.mean == Decimal("3.00")
    assert not summary.enough  # two answers are too few to read


def test_the_normalised_gain_is_the_share_of_the_room_left_that_was_learnt():
    assert normalised_gain(40, 70) == Fraction(1, 2)
    assert normalised_gain(80, 70) == Fraction(-1, 2)
    assert normalised_gain(100, 90) is None


def test_a_learning_summary_leaves_out_those_missing_a_test_and_counts_the_ceiling():
    summary = learning_summary([(40, 70), (60, 80), (100, 100), (None, 90), (50, None)])
    assert summary.tested == 3
    assert summary.gain.mean == Decimal("16.67")  # (30 + 20 + 0) / 3
    assert summary.normalised_gain.n == 2
    assert summary.normalised_gain.mean == Decimal("0.50")  # (1/2 + 1/2) / 2
    assert summary.ceiling == 1
    assert not summary.enough
