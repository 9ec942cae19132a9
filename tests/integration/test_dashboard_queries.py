"""Dashboard queries on a real database: rollups, period totals, profile, comments, officers.

Every test has rows that must not match: another unit, another period, a flagged response.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from surveys.tables import Response, ScoreDaily, UnitScoreDaily, UnitScoreMonthly
from tests.factories import make_responses, make_unit

FULL_4 = dict.fromkeys([f"U{i}" for i in range(1, 10)], 4)
FULL_3 = dict.fromkeys([f"U{i}" for i in range(1, 10)], 3)


def at(day: date, hour: int = 3) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


async def test_the_write_keeps_unit_rollups_with_spread_of_complete_respondents(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    partial = {"U1": 2, "U2": 2}
    await make_responses(unit["id"], [FULL_4, FULL_3, partial], at(date(2026, 1, 31)))
    await make_responses(unit["id"], [FULL_3], at(date(2026, 2, 1)))
    await make_responses(unit["id"], [FULL_4], at(date(2026, 2, 2)), status="flagged")
    await make_responses(other["id"], [FULL_4], at(date(2026, 1, 31)))

    daily = await ScoreDaily.select().where(ScoreDaily.unit == unit["id"]).order_by(ScoreDaily.day)
    assert [(r["n"], r["complete_n"], r["complete_sum"], r["complete_squares"]) for r in daily] == [
        (3, 2, 36 + 27, 36 * 36 + 27 * 27),
        (1, 1, 27, 27 * 27),
    ]
    unit_days = await UnitScoreDaily.select(UnitScoreDaily.day, UnitScoreDaily.n).where(
        UnitScoreDaily.unit == unit["id"]
    )
    assert sorted((r["day"], r["n"]) for r in unit_days) == [
        (date(2026, 1, 31), 3),
        (date(2026, 2, 1), 1),
    ]
    months = await UnitScoreMonthly.select().where(UnitScoreMonthly.unit == unit["id"])
    by_month = {r["month"]: r for r in months}
    assert set(by_month) == {date(2026, 1, 1), date(2026, 2, 1)}
    january = by_month[date(2026, 1, 1)]
    assert (january["n"], january["s1"], january["c1"], january["c3"]) == (3, 9, 3, 2)
    assert by_month[date(2026, 2, 1)]["complete_sum"] == 27


async def test_flagging_and_refreshing_removes_a_response_from_every_rollup(db):
    from surveys.queries.responses import refresh_daily_scores

    unit = await make_unit("A")
    await make_responses(unit["id"], [FULL_4, FULL_3], at(date(2026, 3, 5)))
    await Response.update({Response.status: "flagged"}).where(Response.u1 == 4)
    await refresh_daily_scores({unit["id"]: (date(2026, 3, 5), date(2026, 3, 5))})
    month = await UnitScoreMonthly.select().where(UnitScoreMonthly.unit == unit["id"]).first()
    assert (month["n"], month["complete_sum"]) == (1, 27)
