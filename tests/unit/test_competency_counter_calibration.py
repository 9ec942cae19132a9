"""Calibration of the counter comparison by simulation: few false needs, weaker counters found.

Inside an officer's needs, a service point they staff is compared with the unit's other points
(``weak_points``: the bounded one-sided test, Bonferroni over the nine elements, nothing below
the minimum sample). The simulated city is the one of the unit and officer calibration (12
units x 6 officers x 12 months, ~8 answers an officer a month, answers rounded and clipped to
1-4) with its counters added: each unit has two to five counters of very different sizes (shares
drawn log-normally), some opening only later in the year, with months that differ within the
unit (so a counter open in worse months sees worse answers without being worse) and units that
differ in their level. Each month one of the unit's officers, who differ element by element,
staffs each counter.

A counter has no effect of its own. A flag is false when the staff who served at the counter
were not truly lower on that element than those at the other counters (answer-weighted): the
test may see through to a weaker officer, not invent a weaker counter. Power: one counter, with
a stated share of the unit's answers, planted lower on U7 by a stated number of points.

The full table of docs/competency.md comes from

    .venv/bin/python -m tests.unit.test_competency_counter_calibration
"""

from __future__ import annotations

import numpy as np

from surveys.competency.evidence import clears, weak_points

UNITS, OFFICERS, MONTHS, ELEMENTS = 12, 6, 12, 9
MINIMUM = 30
CODES = [f"U{i}" for i in range(1, 10)]
ANSWERS_PER_MONTH = OFFICERS * 8  # a demo-sized unit


def _unit(rng, base, answers=ANSWERS_PER_MONTH, gap=0.0, share=None):
    """One unit's counters: {point: (name, sums)}, the staff's true effects and the counts."""
    months = rng.normal(0, 0.1, MONTHS) + rng.normal(0, 0.25)  # months differ, and the unit
    officers = rng.normal(0, 0.15, (OFFICERS, ELEMENTS))
    k = int(rng.integers(2, 6))
    shares = rng.lognormal(0, 1, k)
    if share is not None:  # the planted counter takes the stated share, the rest as drawn
        shares = np.concatenate([[share], (1 - share) * shares[1:] / shares[1:].sum()])
    opens = rng.integers(0, 9, k)  # some counters open later in the year
    opens[0] = 0
    sums = np.zeros((k, ELEMENTS))
    counts = np.zeros(k)
    staff = np.zeros((k, ELEMENTS))
    for month in range(MONTHS):
        weights = shares * (opens <= month)
        weights /= weights.sum()
        for counter in range(k):
            n = rng.poisson(answers * weights[counter])
            if not n:
                continue
            officer = rng.integers(0, OFFICERS)  # the month's duty roster
            effect = officers[officer].copy()
            if counter == 0:
                effect[6] -= gap
            latent = base + effect + months[month] + rng.normal(0, 0.6, (n, ELEMENTS))
            sums[counter] += np.clip(np.rint(latent), 1, 4).sum(axis=0)
            counts[counter] += n
            staff[counter] += n * officers[officer]
    staff /= np.maximum(counts, 1)[:, None]
    points = {
        c: (
            f"Loket {c + 1}",
            {code: (int(sums[c, i]), int(counts[c])) for i, code in enumerate(CODES)},
        )
        for c in range(k)
    }
    return points, staff, counts


def null_flags(rng, cities, answers=ANSWERS_PER_MONTH):
    """Counters compared, counters with a false flag, counters with any flag; units with a
    false flag at any counter (the multiplicity an officer staffing several counters meets)."""
    compared = false = flagged = units_false = 0
    for _ in range(cities):
        base = rng.uniform(2.9, 3.4, ELEMENTS)
        for _unit_no in range(UNITS):
            points, staff, counts = _unit(rng, base, answers)
            unit_false = False
            for counter in points:
                rest = [c for c in points if c != counter]
                if counts[counter] < MINIMUM or counts[rest].sum() < MINIMUM:
                    continue
                compared += 1
                reference = np.average(staff[rest], axis=0, weights=counts[rest])
                found = [c for _name, c in weak_points({counter}, points, MINIMUM)]
                wrong = [
                    c
                    for c in found
                    if staff[counter, CODES.index(c.element)] >= reference[CODES.index(c.element)]
                ]
                false += bool(wrong)
                flagged += bool(found)
                unit_false = unit_false or bool(wrong)
            units_false += unit_false
    return compared, false, flagged, units_false, cities * UNITS


def found_weaker(rng, cities, gap, share, answers=ANSWERS_PER_MONTH):
    """In how many cities the planted counter's U7 is flagged."""
    found = 0
    for _ in range(cities):
        points, _staff, _counts = _unit(rng, rng.uniform(2.9, 3.4, ELEMENTS), answers, gap, share)
        found += any(c.element == "U7" for _name, c in weak_points({0}, points, MINIMUM))
    return found


def test_counters_without_a_difference_of_their_own_are_rarely_flagged():
    rng = np.random.default_rng(20261205)
    compared, false, _flagged, units_false, units = null_flags(rng, cities=10)
    assert compared > 250, compared  # counters too small to compare are not counted as passes
    assert false / compared <= 0.05, (false, compared)
    assert units_false / units <= 0.05, (units_false, units)


def test_in_a_busy_unit_counters_without_a_difference_are_rarely_flagged():
    # Sixty times the answers: the test grows sharp enough to see the months a counter was
    # open and the officers the roster sent there (without the 0.20 points, 12 % of units).
    rng = np.random.default_rng(5122026)
    compared, false, _flagged, units_false, units = null_flags(rng, cities=4, answers=3000)
    assert false / compared <= 0.05, (false, compared)
    assert units_false / units <= 0.05, (units_false, units)


def test_a_counter_with_a_quarter_of_the_answers_half_a_point_lower_on_u7_is_found():
    found = found_weaker(np.random.default_rng(12), cities=30, gap=0.5, share=0.25)
    assert found / 30 >= 0.8, found


def test_a_counter_with_too_few_answers_is_not_compared():
    thin = {code: (2 * 29, 29) for code in CODES}
    busy = {code: (3 * 500, 500) for code in CODES}
    assert weak_points({1}, {1: ("Loket 1", thin), 2: ("Loket 2", busy)}, MINIMUM) == []
    enough = {code: (2 * 30, 30) for code in CODES}
    found = weak_points({1}, {1: ("Loket 1", enough), 2: ("Loket 2", busy)}, MINIMUM)
    assert {c.element for _name, c in found} == set(CODES)


def test_only_the_counters_the_officer_staffs_are_compared():
    weak = {code: (2 * 100, 100) for code in CODES}
    busy = {code: (3 * 500, 500) for code in CODES}
    points = {1: ("Loket 1", weak), 2: ("Loket 2", busy), 3: ("Loket 3", busy)}
    assert weak_points({2}, points, MINIMUM) == []
    assert {name for name, _c in weak_points({1, 2}, points, MINIMUM)} == {"Loket 1"}


def _table(cities: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    print(f"No counter effect, {cities} cities x {UNITS} units (seed {seed}):")
    print("answers/unit/month  counters  false flags  any flag  units with a false flag")
    for answers in (ANSWERS_PER_MONTH, 200, 1000, 3000):
        compared, false, flagged, units_false, units = null_flags(rng, cities, answers)
        print(
            f"{answers:>18}  {compared:>8}  {false:>5} ({100 * false / compared:.1f} %)"
            f"  {flagged:>4} ({100 * flagged / compared:.0f} %)"
            f"  {units_false} of {units} ({100 * units_false / units:.1f} %)"
        )
    for answers in (ANSWERS_PER_MONTH, 200):
        print(f"\nOne counter lower on U7, {answers} answers/unit/month, found in 40 units:")
        print("share of the unit's answers (answers a year)  gap 0.3  gap 0.5  gap 0.8")
        for share in (0.1, 0.25, 0.5):
            found = [found_weaker(rng, 40, gap, share, answers) for gap in (0.3, 0.5, 0.8)]
            size = round(share * answers * MONTHS)
            print(f"{share:>28.0%} (~{size:>4})  " + "  ".join(f"{f:>4}/40" for f in found))


if __name__ == "__main__":
    _table(cities=50, seed=1)


def test_an_officer_whose_own_answers_match_colleagues_is_cleared_of_a_weak_counter():
    colleagues = {code: (3 * 300, 300) for code in CODES}
    counter = weak_points(
        {1},
        {1: ("Loket 1", {c: (int(2.5 * 100), 100) for c in CODES}), 2: ("Loket 2", colleagues)},
        MINIMUM,
    )[0][1]
    level = {code: (3 * 60, 60) for code in CODES}
    above_the_counter = {code: (int(2.7 * 60), 60) for code in CODES}
    lower = {code: (int(2.4 * 60), 60) for code in CODES}
    thin = {code: (3 * 20, 20) for code in CODES}
    assert clears(level, colleagues, counter, MINIMUM)
    assert clears(above_the_counter, colleagues, counter, MINIMUM)  # others pull it down
    assert not clears(lower, colleagues, counter, MINIMUM)
    assert not clears(thin, colleagues, counter, MINIMUM)  # too few of their own: not cleared
