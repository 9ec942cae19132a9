"""Ranking by IKM with thin samples listed after the solid ones, and the officers' minimum."""

from __future__ import annotations

from decimal import Decimal

from surveys.method.ranking import rank_by_ikm, split_by_minimum


def rank(rows):
    return [
        (r.item[0], r.rank)
        for r in rank_by_ikm(
            rows,
            ikm=lambda r: r[1],
            enough=lambda r: r[2] >= 30,
            respondents=lambda r: r[2],
            name=lambda r: r[0],
        )
    ]


def test_units_below_the_minimum_come_after_the_ranked_ones_even_with_a_higher_ikm():
    rows = [
        ("Kecil", Decimal("99.00"), 5),
        ("Baik", Decimal("80.00"), 40),
        ("Terbaik", Decimal("90.00"), 100),
        ("Kosong", None, 0),
        ("Sedang", Decimal("85.00"), 12),
    ]
    assert rank(rows) == [
        ("Terbaik", 1),
        ("Baik", 2),
        ("Sedang", None),
        ("Kecil", None),
        ("Kosong", None),
    ]


def test_ties_share_a_rank_and_the_next_rank_skips():
    rows = [
        ("B", Decimal("80.00"), 30),
        ("A", Decimal("80.00"), 30),
        ("C", Decimal("70.00"), 30),
    ]
    assert rank(rows) == [("A", 1), ("B", 1), ("C", 3)]


def test_officers_below_the_minimum_are_held_back_and_counted():
    shown, held_back = split_by_minimum([("x", 30), ("y", 29), ("z", 3)], lambda r: r[1], 30)
    assert shown == [("x", 30)]
    assert held_back == 2
