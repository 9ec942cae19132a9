"""Calibration of the citizens' evidence by simulation: few false needs, real gaps found.

A simulated city where units differ in their overall level (their citizens rate everything
higher or lower), officers differ element by element, months differ within a unit, and answers
are discrete 1-4, but no unit has an element-specific gap: a unit's element (against the other
units) or an officer's element (against the rest of their unit) may be flagged in at most 5 %
of groups, counting all nine elements of a group together. A unit or an officer with a real
gap on U7 must be found most of the time. Sizes are those of the demo city: a dozen units, six
officers each, about 8 answers an officer a month over a year.
"""

import numpy as np

from surveys.competency.evidence import compare_element, unit_weak_elements, weak_elements

UNITS, OFFICERS, MONTHS, ELEMENTS = 12, 6, 12, 9
MINIMUM = 30
CODES = [f"U{i}" for i in range(1, 10)]


def _city(rng, unit_gap=0.0, officer_gap=0.0):
    """Per officer (unit, officer) the element sums and counts over a year."""
    base = rng.uniform(2.9, 3.4, size=ELEMENTS)  # elements differ, the same for every unit
    truth = np.zeros((UNITS, OFFICERS, ELEMENTS))
    sums = np.zeros((UNITS, OFFICERS, ELEMENTS))
    counts = np.zeros((UNITS, OFFICERS, ELEMENTS))
    for unit in range(UNITS):
        month_effect = rng.normal(0, 0.1, size=MONTHS) + rng.normal(0, 0.25)  # and its level
        for officer in range(OFFICERS):
            own = rng.normal(0, 0.15, size=ELEMENTS)
            if unit == 0 and unit_gap:
                own[6] -= unit_gap
            if unit == 0 and officer == 0 and officer_gap:
                own[6] -= officer_gap
            truth[unit, officer] = own
            for month in range(MONTHS):
                k = rng.poisson(8)
                latent = base + own + month_effect[month] + rng.normal(0, 0.6, (k, ELEMENTS))
                answers = np.clip(np.rint(latent), 1, 4)
                sums[unit, officer] += answers.sum(axis=0)
                counts[unit, officer] += k
    return sums.astype(int), counts.astype(int), truth


def _officer_sums(sums, counts, unit, officer):
    return {c: (sums[unit, officer, i], counts[unit, officer, i]) for i, c in enumerate(CODES)}


def _unit_flags(sums, counts, unit):
    own = [_officer_sums(sums, counts, unit, o) for o in range(OFFICERS)]
    others = [
        _officer_sums(sums, counts, u, o)
        for u in range(UNITS)
        if u != unit
        for o in range(OFFICERS)
    ]
    return unit_weak_elements(own, others, MINIMUM)


def _officer_flags(sums, counts, unit, officer):
    own = {c: (sums[unit, officer, i], counts[unit, officer, i]) for i, c in enumerate(CODES)}
    rest = [o for o in range(OFFICERS) if o != officer]
    ref = {c: (sums[unit, rest, i].sum(), counts[unit, rest, i].sum()) for i, c in enumerate(CODES)}
    return weak_elements(own, ref, MINIMUM)


def test_a_city_without_real_differences_yields_few_citizen_needs():
    rng = np.random.default_rng(20261204)
    unit_groups = unit_flagged = officer_groups = officer_flagged = 0
    for _ in range(25):
        sums, counts, truth = _city(rng)
        for unit in range(UNITS):
            unit_groups += 1
            unit_flagged += bool(_unit_flags(sums, counts, unit))
            for officer in range(OFFICERS):
                officer_groups += 1
                # Officers truly differ: a flag is false when the officer is not truly below
                # the colleagues' average on that element.
                colleagues = [o for o in range(OFFICERS) if o != officer]
                wrong = [
                    c
                    for c in _officer_flags(sums, counts, unit, officer)
                    if truth[unit, officer, CODES.index(c.element)]
                    >= truth[unit, colleagues, CODES.index(c.element)].mean()
                ]
                officer_flagged += bool(wrong)
    # Officers' own element levels count as noise for the unit comparison: stricter still.
    assert unit_flagged / unit_groups <= 0.05, (unit_flagged, unit_groups)
    assert officer_flagged / officer_groups <= 0.05, (officer_flagged, officer_groups)


def test_a_unit_whose_officers_are_half_a_point_lower_on_u7_is_found():
    rng = np.random.default_rng(7)
    found = 0
    for _ in range(40):
        sums, counts, _ = _city(rng, unit_gap=0.5)
        found += any(c.element == "U7" for c in _unit_flags(sums, counts, 0))
    assert found / 40 >= 0.8, found


def test_an_officer_a_point_below_colleagues_on_u7_is_found():
    rng = np.random.default_rng(11)
    found = 0
    for _ in range(40):
        sums, counts, _ = _city(rng, officer_gap=0.8)
        found += any(c.element == "U7" for c in _officer_flags(sums, counts, 0, 0))
    assert found / 40 >= 0.8, found


def test_no_unit_comparison_is_made_with_fewer_than_five_officers_above_the_minimum():
    officer = {c: (3 * 40, 40) for c in CODES}
    thin = {c: (3 * 20, 20) for c in CODES}
    assert unit_weak_elements([officer] * 4 + [thin] * 3, [officer] * 30, MINIMUM) == []


def test_no_comparison_is_made_below_the_minimum_sample():
    assert compare_element("U7", 2 * 29, 29, 3 * 500, 500, minimum=30) is None
    assert compare_element("U7", 2 * 30, 30, 3 * 29, 29, minimum=30) is None
    clear = compare_element("U7", 2 * 30, 30, 3 * 500, 500, minimum=30)
    assert clear is not None and clear.below


def test_a_score_above_its_reference_is_never_a_need():
    better = compare_element("U7", 4 * 300, 300, 3 * 300, 300, minimum=30)
    assert better is not None and not better.below


def test_a_unit_whose_citizens_pay_a_tariff_is_not_read_as_an_integrity_gap_on_u4():
    # A hospital: patients pay, so U4 sits a point below; the other elements as elsewhere.
    def officer(u4, u7=3.3):
        means = dict.fromkeys(CODES, 3.3) | {"U4": u4, "U7": u7}
        return {c: (round(means[c] * 100), 100) for c in CODES}

    others = [officer(u4=3.6 + i / 100) for i in range(-10, 10)]
    hospital = [officer(u4=2.4 + i / 100) for i in range(-3, 3)]
    assert unit_weak_elements(hospital, others, MINIMUM) == []
    rude = [officer(u4=2.4, u7=2.8 + i / 100) for i in range(-3, 3)]
    assert [c.element for c in unit_weak_elements(rude, others, MINIMUM)] == ["U7"]
