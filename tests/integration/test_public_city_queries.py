"""The queries of the public results, the city recap, the hall display and the report's
approval, on a real database, each with rows that must not match."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from surveys.method.periods import Period, local_day
from surveys.reporting import hall
from surveys.reporting.approval import Approval, approval_of, save_approval
from surveys.reporting.city import subtree_series, visible_subtree
from surveys.reporting.public_results import (
    followups_of_published_periods,
    latest_per_period,
    published_rows,
)
from surveys.store.accounts import Account
from surveys.store.tables import FollowUp, Response
from surveys.store.units import unit_by_code
from tests.factories import make_publication, make_responses, make_unit

Q4 = Period(date(2025, 10, 1), date(2025, 12, 31))
Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))
TODAY = date(2026, 4, 20)
ACTOR = Account(id=None, username="kadis", role="manager", unit_ids=frozenset())  # type: ignore[arg-type]
ALL_4 = {f"U{i}": 4 for i in range(1, 10)}


async def test_published_rows_keep_the_latest_announcement_of_each_period_up_to_today(
    disdukcapil, rsud
):
    unit = disdukcapil["id"]
    await make_publication(unit, Q1.start, Q1.end, 30, "80.00", date(2026, 4, 5))
    await make_publication(unit, Q1.start, Q1.end, 31, "80.50", date(2026, 4, 9))
    await make_publication(unit, Q4.start, Q4.end, 30, "70.00", date(2026, 1, 9))
    await make_publication(unit, Q2.start, Q2.end, 30, "99.00", date(2026, 7, 5))  # future
    await make_publication(rsud["id"], Q1.start, Q1.end, 40, "60.00", date(2026, 4, 5))
    rows = latest_per_period(await published_rows(TODAY, [unit]))
    assert list(rows) == [unit]
    assert [(r["period_end"], r["ikm"]) for r in rows[unit]] == [
        (Q4.end, "70.00"),
        (Q1.end, "80.50"),
    ]


async def test_public_follow_ups_are_those_of_published_periods_of_the_unit(disdukcapil, rsud):
    for unit, period, action, status in (
        (disdukcapil, Q1, "published period", "done"),
        (disdukcapil, Q2, "unpublished period", "planned"),
        (disdukcapil, Q1, "cancelled item", "cancelled"),
        (rsud, Q1, "another unit", "done"),
    ):
        await FollowUp(
            unit=unit["id"], period_start=period.start, period_end=period.end, element="U3",
            problem="-", action=action, responsible="-", target_date=Q2.end, status=status,
        ).save()  # fmt: skip
    rows = await followups_of_published_periods(disdukcapil["id"], [Q1])
    assert [row["action"] for row in rows] == ["published period"]
    assert "responsible" not in rows[0]


async def test_the_visible_subtree_stops_at_the_scope_and_the_tree(db):
    pemkot = await make_unit("PEMKOT")
    child = await make_unit("DISDUKCAPIL", parent=pemkot["id"])
    hidden = await make_unit("KEC-TALAWI", parent=pemkot["id"])
    other = await make_unit("RSUD")
    at = datetime(2026, 2, 10, 3, tzinfo=UTC)
    for unit in (child, hidden, other):
        await make_responses(unit["id"], [ALL_4], at)
    root = await unit_by_code("PEMKOT")
    scope = frozenset({pemkot["id"], child["id"]})
    assert {u["code"] for u in await visible_subtree(root, scope)} == {"PEMKOT", "DISDUKCAPIL"}
    assert {u["code"] for u in await visible_subtree(root, None)} == {
        "PEMKOT",
        "DISDUKCAPIL",
        "KEC-TALAWI",
    }
    from surveys.method.period_choice import PeriodChoice

    _units, series = await subtree_series(root, scope, [PeriodChoice("quarter", Q1)])
    assert series[0].n == 1  # the child's answer only: not the hidden unit's, not RSUD's


async def test_a_display_shows_approved_comments_of_its_unit_or_point_only(disdukcapil, rsud):
    from tests.factories import make_service_point

    point = await make_service_point(disdukcapil["id"], "Loket 2")
    now = datetime.now(UTC)
    await make_responses(disdukcapil["id"], [ALL_4], now, comment="di loket 2")
    await make_responses(disdukcapil["id"], [ALL_4], now, comment="belum disetujui")
    await make_responses(rsud["id"], [ALL_4], now, comment="unit lain")
    await Response.update({Response.service_point: point["id"]}).where(
        Response.comment == "di loket 2"
    )
    await Response.update({Response.comment_public: True}).where(
        Response.comment.is_in(["di loket 2", "unit lain"])
    )
    today = local_day(now)  # the day in the city, as the answers are filed
    unit_wide = await hall.approved_comments(disdukcapil["id"], None, today)
    assert [row["comment"] for row in unit_wide] == ["di loket 2"]
    assert await hall.approved_comments(disdukcapil["id"], point["id"] + 1, today) == []
    old = today + timedelta(days=hall.COMMENT_DAYS + 1)
    assert await hall.approved_comments(disdukcapil["id"], None, old) == []


async def test_a_display_link_is_replaced_not_added_and_belongs_to_its_unit(disdukcapil, rsud):
    first = await hall.replace_display(ACTOR, disdukcapil["id"], None)
    second = await hall.replace_display(ACTOR, disdukcapil["id"], None)
    assert await hall.display_by_token(first) is None
    assert (await hall.display_by_token(second))["unit_code"] == "DISDUKCAPIL"
    from tests.factories import make_service_point

    foreign = await make_service_point(rsud["id"], "Pendaftaran")
    with pytest.raises(LookupError):
        await hall.replace_display(ACTOR, disdukcapil["id"], foreign["id"])


async def test_an_approval_belongs_to_one_unit_and_one_period(disdukcapil, rsud):
    await save_approval(ACTOR, disdukcapil["id"], Q1, Approval(approved_name="Ahmad"))
    assert (await approval_of(disdukcapil["id"], Q1)).approved_name == "Ahmad"
    assert await approval_of(disdukcapil["id"], Q2) is None
    assert await approval_of(rsud["id"], Q1) is None
