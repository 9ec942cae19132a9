"""Units that differ must not pass for an effect of training, nor hide one: from the database
through the analysis.

Four units of six officers. In each unit the officers' JP (trainings that ended in 2025, before
the analysed first quarter of 2026) runs from low to high, and every unit has officers on both
sides of 20 JP; the units' levels of JP differ, and so do their levels of satisfaction. Half the
officers of each unit also train in February 2026, inside the period: the staggered difference
in differences' events.
"""

from __future__ import annotations

from datetime import date

import pytest
from scipy import stats

from surveys.method.periods import Period
from surveys.training.analysis import training_data
from surveys.training.statistics import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    SPEARMAN_JP,
    analyse_training,
)
from tests.factories import make_officer, make_responses, make_training, make_unit
from tests.training_data import answers_with_mean, at

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
UNITS = ("DISDUKCAPIL", "RSUD", "DPMPTSP", "KECAMATAN")
# Months with responses: the pre-trend months, 'before' (Nov-Jan), the training month, 'after'.
BEFORE = (date(2025, 9, 10), date(2025, 11, 10), date(2025, 12, 10), date(2026, 1, 10))
TRAINING_MONTH = date(2026, 2, 20)
AFTER = (date(2026, 3, 10), date(2026, 4, 10), date(2026, 5, 10))
# Within-unit order of the officers' own level, unrelated to their JP order (Spearman 0.09 and
# -0.09, alternating between units).
UNRELATED = ((4, 1, 6, 2, 5, 3), (3, 6, 1, 5, 2, 4))


def _wobble(k: int, i: int, m: int) -> float:
    """Month-to-month ups and downs of an officer, unrelated to their training (and a shock
    lifting the whole of unit k in month 5, March)."""
    return 0.08 * ((7 * i + 3 * m + k) % 5 - 2) / 2 + (0.1 * k if m == 5 else 0.0)


async def _plant(unit_level, officer_offset, gain_after) -> list[dict]:
    """Officer i of unit k: JP 6k + 4i (from a training in March 2025); U6 and U7 mean
    unit_level(k) + officer_offset(k, i) in every month, plus gain_after(i) after a training in
    February 2026 for odd i."""
    officers = []
    for k, code in enumerate(UNITS):
        unit = await make_unit(code)
        for i in range(6):
            officer = await make_officer(unit["id"], f"198001012005{k:02d}{i:04d}", f"P{k}-{i}")
            jp = 6 * k + 4 * i
            if jp:
                await make_training(officer["id"], date(2025, 3, 3), date(2025, 3, 4), jp)
            trained = i % 2 == 1
            if trained:
                await make_training(
                    officer["id"], date(2026, 2, 9), date(2026, 2, 10), 8, title="Prima"
                )
            level = unit_level(k) + officer_offset(k, i)
            for m, day in enumerate((*BEFORE, TRAINING_MONTH, *AFTER)):
                mean = level + _wobble(k, i, m)
                if trained and day in AFTER:
                    mean += gain_after(i)
                await make_responses(
                    unit["id"], answers_with_mean(mean, 6), at(day), officer=officer["id"]
                )
            officers.append(officer | {"jp": jp})
    return officers


async def _analysis():
    data = await training_data(Q1, None)
    outcomes = data.outcomes()
    analysis = analyse_training(outcomes, min_responses=10, seed=11)
    pooled = stats.spearmanr([o.jp_12m for o in outcomes], [o.mean_u6 for o in outcomes])
    return analysis, pooled


async def test_four_units_with_confounding_and_no_effect_flag_nothing(db):
    # The better-trained units are the more satisfied ones; inside a unit nothing goes with JP,
    # and nobody changes after their training.
    await _plant(
        unit_level=lambda k: 2.4 + 0.45 * k,
        officer_offset=lambda k, i: 0.04 * (UNRELATED[k % 2][i] - 3.5),
        gain_after=lambda i: 0.0,
    )

    analysis, pooled = await _analysis()

    assert pooled.statistic > 0.4 and pooled.pvalue < 0.01  # what pooling would report
    for row in analysis.results:
        assert row.ran, row
        assert row.q_value > 0.05, row
    assert analysis.result("U6", SPEARMAN_JP).units == 4
    assert analysis.result("U6", MANNWHITNEY_20JP).units == 4
    assert analysis.result("U6", DID_TRAINING).groups == (12, 12)


async def test_a_gain_inside_units_hidden_by_the_units_is_found_with_its_true_sign(db):
    # The better-trained units are the less satisfied ones, but inside every unit more JP goes
    # with a higher score, and officers trained in February gain afterwards.
    await _plant(
        unit_level=lambda k: 3.6 - 0.6 * k,
        officer_offset=lambda k, i: 0.05 * i,
        gain_after=lambda i: 0.2 + 0.1 * (i % 3),
    )

    analysis, pooled = await _analysis()

    assert pooled.statistic < -0.4 and pooled.pvalue < 0.05  # pooled: training looks harmful
    for test in (SPEARMAN_JP, MANNWHITNEY_20JP, DID_TRAINING):
        row = analysis.result("U6", test)
        assert row.estimate > 0, row
        assert row.q_value <= 0.05, row
    did = analysis.result("U6", DID_TRAINING)
    assert did.estimate == pytest.approx(0.3, abs=0.08)
    assert analysis.pretrend("U6").p_value > 0.05
