"""An officer's, a counter's and a service type's IKM follow the unit IKM's exact rule on both
engines: integer sums, exact ninths, half-up at the end. The sums below give exactly 76.605,
which the rule shows as 76.61 (grade B), and a float with half-even rounding as 76.60 (C)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from surveys.method.periods import Period
from surveys.method.scoring import exact_ikm, grade_for
from surveys.reporting.unit_detail import breakdown
from surveys.store.scores import unit_totals
from surveys.training.analysis import training_data
from tests.factories import (
    make_officer,
    make_responses,
    make_service_point,
    make_service_type,
    make_unit,
)

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
# U1 answered by 625 respondents summing to 2158; U2..U9 by 8 of them, 64 answers summing to 193:
# 2158/625 + 193/8 = 137889/5000, and 25/9 of that is 76.605 exactly.
HALF_CENT_SUMS = (2158, 25, 24, 24, 24, 24, 24, 24, 24)
HALF_CENT_COUNTS = (625, 8, 8, 8, 8, 8, 8, 8, 8)


def _half_cent_answers() -> list[dict]:
    answers = [{"U1": 4} for _ in range(283)] + [{"U1": 3} for _ in range(342)]
    for i in range(8):
        answers[i].update({f"U{k}": 3 for k in range(2, 10)})
    answers[0]["U2"] = 4
    return answers


def test_the_sums_are_the_half_cent_case_and_the_one_rule_rounds_it_up():
    assert exact_ikm(HALF_CENT_SUMS, HALF_CENT_COUNTS) == Decimal("76.61")
    # what half-even display rounding made of the same value
    assert format(Decimal("76.605"), ".2f") == "76.60"
    assert grade_for(Decimal("76.61")).letter == "B"


async def test_officer_counter_service_type_and_unit_all_show_76_61(db):
    unit = await make_unit("DISDUKCAPIL")
    officer = await make_officer(unit["id"], "198001012005011001", "Ani")
    counter = await make_service_point(unit["id"], "Loket 1")
    service = await make_service_type(unit["id"], "KTP-el")
    day = datetime(2026, 2, 3, 3, tzinfo=UTC)
    await make_responses(
        unit["id"],
        _half_cent_answers(),
        day,
        officer=officer["id"],
        service_point=counter["id"],
        service_type=service["id"],
    )
    # Must not count: another unit's officer with all fours in the same days.
    other = await make_unit("RSUD")
    stranger = await make_officer(other["id"], "198001012005011002", "Budi")
    await make_responses(
        other["id"],
        [dict.fromkeys([f"U{k}" for k in range(1, 10)], 4)] * 3,
        day,
        officer=stranger["id"],
    )

    assert (await unit_totals(Q1, unit["id"])).ikm().ikm == Decimal("76.61")
    for dimension in ("officer", "service_point", "service_type"):
        groups = await breakdown(unit["id"], Q1, dimension)
        assert [g.totals.ikm().ikm for g in groups] == [Decimal("76.61")], dimension
    data = await training_data(Q1, [unit["id"]])
    assert [(o.name, o.ikm) for o in data.officers] == [("Ani", Decimal("76.61"))]
