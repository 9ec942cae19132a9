"""Dashboard queries on a real database: rollups, period totals, profile, comments, officers.

Every test has rows that must not match: another unit, another period, a flagged response.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from surveys.store.aggregate_tables import ScoreDaily, UnitScoreDaily, UnitScoreMonthly
from surveys.store.tables import Response
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
    from surveys.store.responses import refresh_daily_scores

    unit = await make_unit("A")
    await make_responses(unit["id"], [FULL_4, FULL_3], at(date(2026, 3, 5)))
    await Response.update({Response.status: "flagged"}).where(Response.u1 == 4)
    await refresh_daily_scores({unit["id"]: (date(2026, 3, 5), date(2026, 3, 5))})
    month = await UnitScoreMonthly.select().where(UnitScoreMonthly.unit == unit["id"]).first()
    assert (month["n"], month["complete_sum"]) == (1, 27)


# --- period sums from the rollups -----------------------------------------------------------

from surveys.method.periods import Period  # noqa: E402
from surveys.reporting.overview_queries import (  # noqa: E402
    populations_for,
    unit_sums_by_period,
)
from surveys.store.tables import UnitPopulation  # noqa: E402
from surveys.store.units import units_in_scope  # noqa: E402

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


async def test_period_sums_read_whole_months_per_period_and_unit(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    await make_responses(unit["id"], [FULL_4, FULL_4], at(date(2026, 1, 10)))
    await make_responses(unit["id"], [FULL_3], at(date(2026, 3, 31)))
    await make_responses(unit["id"], [FULL_3], at(date(2026, 4, 1)))
    await make_responses(unit["id"], [FULL_3], at(date(2026, 7, 1)))  # outside both periods
    await make_responses(unit["id"], [FULL_3], at(date(2026, 2, 1)), status="flagged")
    await make_responses(other["id"], [FULL_3] * 5, at(date(2026, 1, 10)))

    sums = await unit_sums_by_period([Q1, Q2], [unit["id"]])
    assert set(sums) == {unit["id"]}
    q1, q2 = sums[unit["id"]]
    assert (q1.n, q1.sums[0], q1.spread.n, q1.spread.total) == (3, 11, 3, 99)
    assert (q2.n, q2.sums[0]) == (1, 3)
    everyone = await unit_sums_by_period([Q1], None)
    assert everyone[other["id"]][0].n == 5


async def test_a_custom_range_adds_edge_days_to_whole_months_and_nothing_else(db):
    unit = await make_unit("A")
    await make_responses(unit["id"], [FULL_4], at(date(2026, 1, 14)))  # before the range
    await make_responses(unit["id"], [FULL_4], at(date(2026, 1, 15)))  # first edge day
    await make_responses(unit["id"], [FULL_3], at(date(2026, 2, 20)))  # whole month
    await make_responses(unit["id"], [FULL_3], at(date(2026, 3, 10)))  # last edge day
    await make_responses(unit["id"], [FULL_3], at(date(2026, 3, 11)))  # after the range
    custom = Period(date(2026, 1, 15), date(2026, 3, 10))
    before = Period(date(2025, 11, 20), date(2026, 1, 14))
    sums = await unit_sums_by_period([before, custom], [unit["id"]])
    earlier, current = sums[unit["id"]]
    assert (current.n, current.sums[0]) == (3, 10)
    assert (earlier.n, earlier.sums[0]) == (1, 4)


async def test_units_in_scope_are_only_the_active_ones_asked_for(db):
    a = await make_unit("A", "Alpha")
    b = await make_unit("B", "Beta")
    await make_unit("C", "Gamma", active=False)
    assert [u["code"] for u in await units_in_scope(None)] == ["A", "B"]
    assert [u["code"] for u in await units_in_scope([b["id"]])] == ["B"]
    assert await units_in_scope([]) == []
    assert await unit_sums_by_period([Q1], []) == {}
    assert a["id"] != b["id"]


async def _record_populations(unit_id: int, *entries: tuple[date, date, int]) -> None:
    for first, last, population in entries:
        await UnitPopulation(
            unit=unit_id, period_start=first, period_end=last, population=population
        ).save()


async def test_the_population_is_the_periods_own_entry_else_the_shortest_covering_one(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    await _record_populations(
        unit["id"],
        (date(2026, 1, 1), date(2026, 12, 31), 12000),
        (date(2026, 1, 1), date(2026, 3, 31), 2500),
        (date(2026, 2, 1), date(2026, 2, 28), 900),  # inside Q1, but Q1 has its own entry
    )
    await _record_populations(other["id"], (date(2026, 1, 1), date(2026, 3, 31), 7))
    assert await populations_for(Q1, [unit["id"]]) == {unit["id"]: 2500}
    assert await populations_for(Q2, [unit["id"]]) == {unit["id"]: 12000}
    assert await populations_for(Period(date(2025, 1, 1), date(2025, 3, 31)), None) == {}


async def test_months_recorded_inside_a_quarter_add_up_to_its_population(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    await _record_populations(
        unit["id"],
        (date(2026, 1, 1), date(2026, 12, 31), 12000),
        (date(2026, 4, 1), date(2026, 4, 30), 300),
        (date(2026, 5, 1), date(2026, 5, 31), 200),
        (date(2026, 6, 1), date(2026, 6, 30), 100),
    )
    await _record_populations(other["id"], (date(2026, 4, 1), date(2026, 4, 30), 7))
    assert await populations_for(Q2, [unit["id"]]) == {unit["id"]: 600}
    assert await populations_for(Q2, None) == {unit["id"]: 600, other["id"]: 7}


# --- one unit's page ------------------------------------------------------------------------

from surveys.reporting.unit_detail import (  # noqa: E402
    CommentFilter,
    breakdown,
    respondent_profile,
    unit_comments,
)
from tests.factories import make_officer, make_service_point, make_service_type  # noqa: E402


async def test_breakdowns_group_by_service_type_point_and_officer_within_the_unit(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    ktp = await make_service_type(unit["id"], "KTP-el")
    loket = await make_service_point(unit["id"], "Loket 1")
    budi = await make_officer(unit["id"], "198001012010011001", "Budi")
    fields = {"service_type": ktp["id"], "service_point": loket["id"], "officer": budi["id"]}
    await make_responses(unit["id"], [FULL_4, FULL_3], at(date(2026, 2, 2)), **fields)
    await make_responses(unit["id"], [FULL_3], at(date(2026, 2, 3)))  # nothing recorded
    await make_responses(unit["id"], [FULL_3], at(date(2026, 5, 3)), **fields)  # Q2
    other_point = await make_service_point(other["id"], "Loket B")
    await make_responses(
        other["id"], [FULL_3], at(date(2026, 2, 2)), service_point=other_point["id"]
    )

    types = await breakdown(unit["id"], Q1, "service_type")
    assert [(b.name, b.totals.n) for b in types] == [("KTP-el", 2), ("", 1)]
    assert types[1].key is None
    points = await breakdown(unit["id"], Q1, "service_point")
    assert [(b.name, b.totals.n) for b in points] == [("Loket 1", 2), ("", 1)]
    officers = await breakdown(unit["id"], Q1, "officer")
    assert [(b.name, b.detail, b.totals.n) for b in officers][0] == ("Budi", budi["nip"], 2)


async def test_the_profile_counts_valid_responses_of_the_unit_in_the_period(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    day = at(date(2026, 2, 2))
    await make_responses(unit["id"], [FULL_4], day, gender="P", age=19, education="SMA")
    await make_responses(unit["id"], [FULL_4], day, gender="P", age=35, occupation="PNS")
    await make_responses(unit["id"], [FULL_4], day, gender="L", age=60)
    await make_responses(unit["id"], [FULL_4], day)
    await make_responses(unit["id"], [FULL_4], day, gender="L", status="flagged")
    await make_responses(unit["id"], [FULL_4], at(date(2026, 4, 2)), gender="L")
    await make_responses(other["id"], [FULL_4], day, gender="L")
    profile = await respondent_profile(unit["id"], Q1)
    assert profile["gender"] == {"P": 2, "L": 1, None: 1}
    assert profile["age"] == {"<20": 1, "30-39": 1, "60+": 1, None: 1}
    assert profile["education"] == {"SMA": 1, None: 3}
    assert profile["occupation"] == {"PNS": 1, None: 3}


async def test_comments_are_searched_filtered_and_paged_within_unit_and_period(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    low_u3 = {**FULL_4, "U3": 1}
    day = at(date(2026, 2, 2))
    await make_responses(unit["id"], [FULL_4], day, comment="Pelayanan CEPAT sekali")
    await make_responses(unit["id"], [low_u3], day, comment="Antrean lama, 100% kecewa")
    await make_responses(unit["id"], [FULL_3], day, comment="")
    await make_responses(unit["id"], [FULL_4], day, comment="cepat tapi flagged", status="flagged")
    await make_responses(unit["id"], [FULL_4], at(date(2026, 4, 2)), comment="cepat di Q2")
    await make_responses(other["id"], [FULL_4], day, comment="cepat di unit lain")

    everything = await unit_comments(unit["id"], Q1, CommentFilter())
    assert everything.total == 2
    found = await unit_comments(unit["id"], Q1, CommentFilter(text="cepat"))
    assert [c["comment"] for c in found.comments] == ["Pelayanan CEPAT sekali"]
    percent = await unit_comments(unit["id"], Q1, CommentFilter(text="100%"))
    assert percent.total == 1
    assert (await unit_comments(unit["id"], Q1, CommentFilter(text="1_0"))).total == 0
    low = await unit_comments(unit["id"], Q1, CommentFilter(score="low"))
    assert [c["u3"] for c in low.comments] == [1]
    assert (
        await unit_comments(unit["id"], Q1, CommentFilter(element="U3", score="low"))
    ).total == 1
    assert (
        await unit_comments(unit["id"], Q1, CommentFilter(element="U1", score="low"))
    ).total == 0
    high = await unit_comments(unit["id"], Q1, CommentFilter(score="high"))
    assert [c["comment"] for c in high.comments] == ["Pelayanan CEPAT sekali"]


async def test_comment_pages_hold_the_newest_first_and_clamp_the_page_number(db):
    unit = await make_unit("A")
    for day in range(1, 6):
        await make_responses(unit["id"], [FULL_4], at(date(2026, 2, day)), comment=f"hari {day}")
    first = await unit_comments(unit["id"], Q1, CommentFilter(), page=1, per_page=2)
    assert [c["comment"] for c in first.comments] == ["hari 5", "hari 4"]
    assert first.pages == 3
    beyond = await unit_comments(unit["id"], Q1, CommentFilter(), page=9, per_page=2)
    assert (beyond.page, [c["comment"] for c in beyond.comments]) == (3, ["hari 1"])
